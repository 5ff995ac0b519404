/**
 * The viewer's session list: one page of sessions, newest first, each with its event count, error
 * marker and duration, filtered by name (substring), source and run id. Counts come from the lean
 * metric rows of the page's sessions only, so the cost is bounded by one page.
 */
import type { EventQuery, EventRecord } from "../../domain/records";
import type { Store } from "../../store/store";
import { clipText } from "./preview";
import { sessionPredicate, type SessionFilters } from "./session-filters";
import type { SessionSummary } from "../shared/wire-types";
export type { SessionSummary };

/** Filters and paging of the session list. */
export interface SessionListQuery {
  page: number;
  limit: number;
  /** Case-insensitive substring of the session name. */
  name?: string;
  /** Exact source. */
  source?: string;
  /** Exact `metadata.run_id`. */
  runId?: string;
  /** Search and the other filters. */
  filters?: SessionFilters;
}


/** A page of the session list. */
export interface SessionListPage {
  sessions: SessionSummary[];
  total: number;
  page: number;
  limit: number;
}

const ERROR_PREVIEW = 300;
const LABEL_CHARS = 80;

/** A string `metadata[key]`, else null. */
export function metadataString(event: EventRecord, key: string): string | null {
  const value = Object.prototype.hasOwnProperty.call(event.metadata, key) ? event.metadata[key] : undefined;
  return typeof value === "string" ? value : null;
}

/** The stored duration, else end minus start. */
export function sessionDuration(event: EventRecord): number | null {
  if (event.duration !== null) return event.duration;
  const { start_time: start, end_time: end } = event;
  return start !== null && end !== null ? Math.max(0, end - start) : null;
}

/**
 * The label of an evaluation session: its datapoint's first input value, shortened (sessions of a
 * run all carry the experiment's name, which tells them apart from nothing). Null for other sessions.
 */
export function datapointLabel(event: EventRecord): string | null {
  if (metadataString(event, "run_id") === null && metadataString(event, "datapoint_id") === null) return null;
  const caseName = metadataString(event, "case_name"); // the test runners' case (test) name
  if (caseName !== null && caseName.trim() !== "") return clipText(caseName.replace(/\s+/g, " ").trim(), LABEL_CHARS);
  const inputs = event.inputs;
  if (inputs === null || typeof inputs !== "object") return null;
  const keys = Object.keys(inputs);
  if (keys.length === 0) return null;
  const first = inputs[keys[0]!];
  const text = typeof first === "string" ? first : JSON.stringify(first) ?? "";
  return clipText(text.replace(/\s+/g, " ").trim(), LABEL_CHARS);
}

interface SessionStats {
  events: number;
  errors: number;
  error: string | null;
}

/** The store query of a session list page: sessions only, newest first, with the page's filters. */
async function sessionQuery(store: Store, projectId: string, q: SessionListQuery): Promise<EventQuery> {
  const query: EventQuery = {
    where: { event_type: "session" },
    order: "desc",
    offset: (q.page - 1) * q.limit,
    limit: q.limit,
  };
  if (q.source !== undefined) query.where = { ...query.where, source: q.source };
  if (q.runId !== undefined) query.where = { ...query.where, run_id: q.runId };
  if (q.filters?.from !== undefined) query.startFrom = q.filters.from;
  if (q.filters?.to !== undefined) query.startTo = q.filters.to;
  const filtered = q.filters ? await sessionPredicate(store, projectId, q.filters) : undefined;
  const needle = q.name?.toLowerCase();
  if (needle !== undefined || filtered) {
    query.predicate = (event) => (needle === undefined || event.event_name.toLowerCase().includes(needle)) && (!filtered || filtered(event));
  }
  return query;
}

/** Event and error counts (and the first error) of the listed sessions, from their lean metric rows. */
async function sessionStats(store: Store, projectId: string, ids: string[]): Promise<Map<string, SessionStats>> {
  const stats = new Map<string, SessionStats>();
  for (const id of ids) stats.set(id, { events: 0, errors: 0, error: null });
  if (ids.length === 0) return stats;
  // "" tags no event with a run, so only the listed sessions' rows come back.
  for (const row of await store.runMetricRows(projectId, "", ids)) {
    const entry = stats.get(row.session_id);
    if (!entry) continue;
    if (row.event_id !== row.session_id) entry.events += 1;
    if (row.error !== null) {
      entry.errors += 1;
      entry.error ??= clipText(row.error, ERROR_PREVIEW);
    }
  }
  return stats;
}

/** One session of the list. */
function sessionSummary(event: EventRecord, entry: SessionStats): SessionSummary {
  return {
    session_id: event.event_id,
    name: event.event_name,
    source: event.source,
    start_time: event.start_time,
    end_time: event.end_time,
    duration: sessionDuration(event),
    num_events: entry.events,
    num_errors: entry.errors,
    error: entry.error,
    run_id: metadataString(event, "run_id"),
    datapoint_id: metadataString(event, "datapoint_id"),
    label: datapointLabel(event),
  };
}

/** Lists sessions of a project per {@link SessionListQuery}. */
export async function listSessions(store: Store, projectId: string, q: SessionListQuery): Promise<SessionListPage> {
  const page = await store.queryEvents(projectId, await sessionQuery(store, projectId, q));
  const stats = await sessionStats(store, projectId, page.events.map((e) => e.event_id));
  const sessions = page.events.map((event) =>
    sessionSummary(event, stats.get(event.event_id) ?? { events: 0, errors: 0, error: null }));
  return { sessions, total: page.total, page: q.page, limit: q.limit };
}
