/**
 * Events of a session whose parent lives in another session: a distributed trace's spans, where a service's own
 * session holds a span whose parent span was the calling service's (in the caller's session). A session's tree holds
 * them under the session itself, each with the link to where it was called from: the parent event, its session and
 * that session's name. Used by the REST session tree (`GET /v1/sessions/{id}`) and the viewer's, so both show the
 * same events with the same links. Everything is read in the session's project only.
 */
import type { Store } from "../store/store";

/** Where an event of the session was called from: its parent event in another session. */
export interface CallerLink {
  /** The parent event (in another session). */
  event_id: string;
  event_name: string;
  /** The parent's session. */
  session_id: string;
  /** That session's name, when it is stored in this project (else null). */
  session_name: string | null;
}

/** Most distinct foreign parents looked up for one session (each one lookup, plus one per caller session). */
const MAX_LOOKUPS = 200;

/** The minimum of an event this reads: its id and its parent's. */
interface Linked {
  readonly event_id: string;
  readonly parent_id: string | null;
}

/** What {@link foreignParents} found. */
export interface ForeignParents {
  /** The events called from another session, each with its link. */
  links: Map<string, CallerLink>;
  /** How many parents outside the session are stored nowhere yet (a caller's span often arrives after its callee's). */
  pending: number;
}

/** The ids of `events` by their parent's, for each parent that is neither `sessionId` nor in `ids`. */
function outsideParents(events: readonly Linked[], sessionId: string, ids: ReadonlySet<string> | ReadonlyMap<string, unknown>): Map<string, string[]> {
  const byParent = new Map<string, string[]>();
  for (const event of events) {
    if (event.parent_id === null || event.parent_id === sessionId || ids.has(event.parent_id)) continue;
    const children = byParent.get(event.parent_id) ?? [];
    children.push(event.event_id);
    byParent.set(event.parent_id, children);
  }
  return byParent;
}

/**
 * The events of session `sessionId` (`events`, its own event may be among them) whose parent is neither the session
 * nor another of `events` but an event of another session of the project, each with its {@link CallerLink}. A parent
 * stored nowhere (its span not sent yet, or lost) gives no link and counts as pending. `ids` holds the id of each of
 * `events`, when the caller has them already.
 */
export async function foreignParents(store: Store, projectId: string, sessionId: string, events: readonly Linked[],
  ids: ReadonlySet<string> | ReadonlyMap<string, unknown> = new Set(events.map((e) => e.event_id))): Promise<ForeignParents> {
  const byParent = outsideParents(events, sessionId, ids);
  const links = new Map<string, CallerLink>();
  const sessionNames = new Map<string, string | null>();
  let pending = 0;
  for (const [parentId, children] of [...byParent].slice(0, MAX_LOOKUPS)) {
    const parent = await store.getEvent(projectId, parentId, { children: false });
    if (parent === undefined) pending += 1;
    if (parent === undefined || parent.session_id === sessionId) continue;
    if (!sessionNames.has(parent.session_id)) {
      const session = await store.getEvent(projectId, parent.session_id, { children: false });
      sessionNames.set(parent.session_id, session !== undefined && session.event_type === "session" ? session.event_name : null);
    }
    const link: CallerLink = { event_id: parent.event_id, event_name: parent.event_name, session_id: parent.session_id, session_name: sessionNames.get(parent.session_id) ?? null };
    for (const child of children) links.set(child, link);
  }
  return { links, pending };
}
