/**
 * Collects the metrics of a run's events per session: every scalar metric (numbers, and booleans as
 * 1/0) of every event, keyed by (metric_name, event_name, event_type). Non-scalar metric values
 * (explanations, objects) are left out.
 */
import type { MetricEventRow } from "../domain/records";
import { scalarMetrics } from "@honeyhive/core/verdict/event-metrics";
import { datapointError, type StatedOutcome } from "@honeyhive/core/runs/datapoint-outcome";

/** Identity of a metric within a run. */
export interface MetricKey {
  metric_name: string;
  event_name: string;
  event_type: string;
}

/** Values of one metric key within one session. */
export interface MetricValues {
  /** As stored (number or boolean). */
  raw: (number | boolean)[];
  /** Numeric form (booleans 1/0). */
  numbers: number[];
}

/** The metrics of one session (= one datapoint of the run). */
export interface SessionMetrics {
  session_id: string;
  datapoint_id: string | null;
  values: Map<string, MetricValues>;
  /**
   * The error the datapoint's session ends with (the evaluated function failed), if any: the outcome its session event
   * states, else its first failed top-level event's (`core/runs/datapoint-outcome`: the latest attempt's).
   */
  error: string | null;
  /** True when an event of the session records evaluator errors (an evaluator of the datapoint errored). */
  evaluatorErrored: boolean;
  /** The names of the session's events (an evaluator's span is named after it: `unrecordedEvaluators`). */
  eventNames: Set<string>;
}

/** All metrics of a run. */
export interface RunMetrics {
  sessions: SessionMetrics[];
  /** Metric keys in first-seen order, by their string id. */
  keys: Map<string, MetricKey & { allBoolean: boolean }>;
  /** Distinct (event_name, event_type) pairs of the run's events (keyed by an opaque string). */
  eventDetails: Map<string, { event_name: string; event_type: string }>;
}

/** The string id of a metric key. */
export function metricKeyId(key: MetricKey): string {
  return JSON.stringify([key.metric_name, key.event_name, key.event_type]);
}

/** Caches metric key ids (computing one per metric value would dominate large runs). */
class KeyIds {
  private readonly cache = new Map<string, string>();

  id(key: MetricKey): string {
    const cacheKey = `${key.metric_name}\u0000${key.event_name}\u0000${key.event_type}`;
    let id = this.cache.get(cacheKey);
    if (id === undefined) {
      id = metricKeyId(key);
      this.cache.set(cacheKey, id);
    }
    return id;
  }
}

/** The session record of a row, created on its first row. */
function sessionOf(sessions: Map<string, SessionMetrics>, row: MetricEventRow): SessionMetrics {
  let session = sessions.get(row.session_id);
  if (!session) {
    session = { session_id: row.session_id, datapoint_id: null, values: new Map(), error: null, evaluatorErrored: false, eventNames: new Set() };
    sessions.set(row.session_id, session);
  }
  return session;
}

/**
 * What a row tells about its session: the datapoint id (the session event's wins, else the first seen), the
 * error of the first failed top-level event, the outcome the session event states, and whether an evaluator errored.
 */
function noteSessionFacts(session: SessionMetrics, row: MetricEventRow, stated: Map<string, StatedOutcome>): void {
  const isSessionEvent = row.event_type === "session" && row.event_id === row.session_id;
  if (row.datapoint_id !== null && (session.datapoint_id === null || isSessionEvent)) {
    session.datapoint_id = row.datapoint_id;
  }
  if (isSessionEvent && row.stated_outcome !== undefined) stated.set(row.session_id, row.stated_outcome);
  if (row.error !== null && session.error === null && row.event_type !== "session" && row.parent_id === row.session_id) session.error = row.error;
  if (row.evaluator_errors) session.evaluatorErrored = true;
  session.eventNames.add(row.event_name);
}

/** Adds a row's scalar metrics (`core/verdict/event-metrics`, the reading evaluate() shares) to its session's values and to the run's keys. */
function addRowMetrics(
  row: MetricEventRow, session: SessionMetrics, keys: RunMetrics["keys"], keyIds: KeyIds,
): void {
  for (const { name, value, number } of scalarMetrics(row.metrics)) {
    const key: MetricKey = { metric_name: name, event_name: row.event_name, event_type: row.event_type };
    const id = keyIds.id(key);
    const known = keys.get(id);
    if (!known) keys.set(id, { ...key, allBoolean: typeof value === "boolean" });
    else if (typeof value !== "boolean") known.allBoolean = false;
    let values = session.values.get(id);
    if (!values) {
      values = { raw: [], numbers: [] };
      session.values.set(id, values);
    }
    values.raw.push(value);
    values.numbers.push(number);
  }
}

/** Groups metric rows by session and metric key. */
export function collectRunMetrics(rows: readonly MetricEventRow[]): RunMetrics {
  const sessions = new Map<string, SessionMetrics>();
  const keys: RunMetrics["keys"] = new Map();
  const eventDetails: RunMetrics["eventDetails"] = new Map();
  const keyIds = new KeyIds();
  const stated = new Map<string, StatedOutcome>();
  for (const row of rows) {
    const session = sessionOf(sessions, row);
    noteSessionFacts(session, row, stated);
    const detailKey = `${row.event_name}\u0000${row.event_type}`;
    if (!eventDetails.has(detailKey)) eventDetails.set(detailKey, { event_name: row.event_name, event_type: row.event_type });
    addRowMetrics(row, session, keys, keyIds);
  }
  for (const [id, outcome] of stated) {
    const session = sessions.get(id)!;
    session.error = datapointError(outcome, session.error);
  }
  return { sessions: [...sessions.values()], keys, eventDetails };
}

/** The single value a session has for a key: the stored value, or the mean when there are several. */
export function sessionValue(values: MetricValues): number | boolean {
  if (values.raw.length === 1) return values.raw[0] as number | boolean;
  return values.numbers.reduce((s, v) => s + v, 0) / values.numbers.length;
}
