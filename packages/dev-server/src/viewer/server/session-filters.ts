/**
 * The session list's search and filters, evaluated on the server: free text in the name, inputs,
 * outputs and errors (of the session or any of its events), contained event type, errors only,
 * a `metadata` key=value pair (dotted keys reach nested values) and a time window. Conditions that
 * look at a session's events are answered by one indexed query each, into a set of session ids.
 */
import type { EventQuery, EventRecord } from "../../domain/records";
import type { Store } from "../../store/store";

/** The filters (all optional; all given ones must hold). */
export interface SessionFilters {
  /** Case-insensitive text in the name, inputs, outputs or an error. */
  text?: string;
  /** Sessions containing an event of this type. */
  eventType?: string;
  /** Sessions with an error on the session or any of its events. */
  errorsOnly?: boolean;
  /** `metadata[key]` (dotted path) equals `value` (compared as text). */
  metadata?: { key: string; value: string };
  /** Inclusive bounds on the session's start time (ms). */
  from?: number;
  to?: number;
}

/** Most events scanned to answer one event-level condition. */
const MAX_SCAN = 500_000;

function lower(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.toLowerCase();
  try {
    return (JSON.stringify(value) ?? "").toLowerCase();
  } catch {
    return "";
  }
}

/** The value at a dotted path of an object (own properties only), or undefined. */
export function valueAtPath(object: unknown, path: string): unknown {
  if (typeof object === "object" && object !== null && Object.prototype.hasOwnProperty.call(object, path)) {
    return (object as Record<string, unknown>)[path];
  }
  let current: unknown = object;
  for (const part of path.split(".")) {
    if (typeof current !== "object" || current === null || !Object.prototype.hasOwnProperty.call(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function asText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

async function sessionsWhere(store: Store, projectId: string, query: EventQuery): Promise<Set<string>> {
  const { events } = await store.queryEvents(projectId, { ...query, limit: MAX_SCAN });
  return new Set(events.map((e) => e.session_id));
}

/** A predicate on session events implementing `filters` (after one query per event-level condition). */
export async function sessionPredicate(
  store: Store,
  projectId: string,
  filters: SessionFilters,
): Promise<((session: EventRecord) => boolean) | undefined> {
  const checks: ((session: EventRecord) => boolean)[] = [];
  if (filters.eventType !== undefined) {
    const ids = await sessionsWhere(store, projectId, { where: { event_type: filters.eventType } });
    checks.push((s) => ids.has(s.event_id));
  }
  if (filters.errorsOnly) {
    const ids = await sessionsWhere(store, projectId, { predicate: (e) => e.error !== null && e.error !== "" });
    checks.push((s) => ids.has(s.event_id));
  }
  if (filters.metadata !== undefined) {
    const { key, value } = filters.metadata;
    checks.push((s) => asText(valueAtPath(s.metadata, key)) === value);
  }
  if (filters.text !== undefined) {
    const needle = filters.text.toLowerCase();
    const erred = await sessionsWhere(store, projectId, {
      where: { not: { event_type: ["session"] } },
      predicate: (e) => e.error !== null && e.error.toLowerCase().includes(needle),
    });
    checks.push((s) =>
      s.event_name.toLowerCase().includes(needle) || erred.has(s.event_id) || lower(s.error).includes(needle) ||
      lower(s.inputs).includes(needle) || lower(s.outputs).includes(needle));
  }
  if (checks.length === 0) return undefined;
  return (session) => checks.every((check) => check(session));
}
