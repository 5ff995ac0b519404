/**
 * The viewer's trace tree of one session: every event in a lean form (ids, type, name, times, error
 * marker, usage, where an event called from another session was called from; no inputs or outputs: the page fetches the selected event's whole record on demand), read
 * lean from the store (`Store.sessionTreeRows`), plus a change stamp so that live polling of an unchanged 20,000-event
 * session costs one count query instead of a full read.
 */
import type { EventRecord, TreeEventRow } from "../../domain/records";
import type { Store } from "../../store/store";
import { clipText } from "./preview";
import { calledFrom } from "./called-from";
import { foreignParents } from "../../query/foreign-parents";
import { newUuid } from "@honeyhive/core/ids/uuid";
import { datapointLabel, metadataString, sessionDuration } from "./session-list";
import { callTotalsBySide, eventUsage, isEvaluationWork, sumUsage } from "../shared/usage";
import type { SessionTree, TreeEvent, TreeSession } from "../shared/wire-types";
import type { RouteCaches } from "../../routes/server-caches";
export type { SessionTree, TreeEvent, TreeSession };

/** Most events returned for one session. */
export const MAX_TREE_EVENTS = 100_000;
const ERROR_PREVIEW = 500;
/** Recently built trees by project, session and stamp: reloading a large session does not rebuild it. */
const CACHE_ENTRIES = 4;

function treeEvent(event: TreeEventRow): TreeEvent {
  // One object shape for every event (optional fields added after): 10,000 spreads of {} cost more than the rest.
  const out: TreeEvent = {
    id: event.event_id,
    parent: event.parent_id,
    type: event.event_type,
    name: event.event_name,
    start: event.start_time,
    end: event.end_time ?? (event.start_time !== null && event.duration !== null ? event.start_time + event.duration : null),
    error: clipText(event.error, ERROR_PREVIEW),
  };
  const usage = eventUsage(event);
  if (usage) out.usage = usage;
  if (isEvaluationWork(event)) out.evaluation = true;
  return out;
}

function stampOf(session: EventRecord, count: number): string {
  return [count, session.start_time, session.end_time, session.duration, session.error === null ? 0 : 1].join(":");
}

/** The session's tree, or undefined when no such session exists in the project. */
export async function sessionTree(
  store: Store,
  caches: RouteCaches,
  projectId: string,
  sessionId: string,
  knownStamp: string | undefined,
): Promise<SessionTree | undefined> {
  const session = await store.getEvent(projectId, sessionId, { children: false });
  if (!session || session.event_type !== "session") return undefined;
  const { total } = await store.queryEvents(projectId, { where: { session_id: sessionId }, limit: 0 });
  const stamp = stampOf(session, total);
  if (knownStamp === stamp) return { stamp, unchanged: true };
  const cache = caches.cache<SessionTree>("viewer/session-trees", CACHE_ENTRIES);
  const cacheKey = JSON.stringify([projectId, sessionId, stamp]);
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const rows = await store.sessionTreeRows(projectId, sessionId, MAX_TREE_EVENTS + 1);
  const lean = rows.filter((e) => e.event_id !== sessionId).map(treeEvent);
  const usageBySide = callTotalsBySide(lean);
  const callers = await foreignParents(store, projectId, sessionId, rows);
  for (const event of lean) {
    const link = callers.links.get(event.id);
    if (link !== undefined) event.called_from = { session_id: link.session_id, session_name: link.session_name, event_id: link.event_id };
  }
  // The caller the SDK's propagation recorded, else that of the first event called from another session.
  const caller = (await calledFrom(store, projectId, sessionId, rows)) ?? lean.find((e) => e.called_from !== undefined)?.called_from;
  // A caller's span not stored yet (it often ends, and is sent, after its callee's): the next poll builds the tree
  // again, with the link once it arrives, instead of reading "unchanged" and keeping it cached.
  const pending = callers.pending > 0;
  const tree: SessionTree = {
    stamp: pending ? `${stamp}:pending:${newUuid()}` : stamp,
    unchanged: false,
    session: {
      session_id: session.event_id,
      name: session.event_name,
      source: session.source,
      start_time: session.start_time,
      end_time: session.end_time,
      duration: sessionDuration(session),
      error: clipText(session.error, ERROR_PREVIEW),
      run_id: metadataString(session, "run_id"),
      datapoint_id: metadataString(session, "datapoint_id"),
      label: datapointLabel(session),
      ...(caller !== undefined ? { called_from: caller } : {}),
    },
    events: lean.slice(0, MAX_TREE_EVENTS),
    usage: sumUsage([usageBySide.app, usageBySide.evaluation]),
    usage_by_side: usageBySide,
    total: Math.max(0, total - 1),
    truncated: lean.length > MAX_TREE_EVENTS,
  };
  if (!pending) cache.set(cacheKey, tree);
  return tree;
}
