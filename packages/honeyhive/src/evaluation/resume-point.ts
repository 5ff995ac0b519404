/**
 * Resuming a run (evaluate()'s `resume`): which datapoint runs of a run are done, read from what the server holds,
 * since a process killed in the middle of a run leaves nothing else behind.
 *
 * A datapoint run is done when the server holds both
 * - its session (`metadata.run_id` the run's id), whose final update is stored: a resumable run's final session
 *   update always states the outcome (`core/runs/datapoint-outcome`: {@link DATAPOINT_DONE_KEY} and `metadata.status`);
 *   a datapoint cancelled with its run is not done;
 * - the datapoint's own span in that session (the `chain` event named after the function), which holds the evaluators'
 *   scores: spans are exported in batches, so a session can be updated before its span arrives.
 * A session that holds several of the function's spans (an attempt cancelled, then resumed) is read from its latest.
 * Datapoint runs are told apart by dataset index, datapoint id and trial. A resumable run gives each of them a
 * session id derived from the run id and that key ({@link resumableSessionId}), so running an unfinished one again
 * writes into the same session, never a second one.
 *
 * A datapoint run that is not done but has a session (it failed or was cancelled in an attempt made without `resume`,
 * whose session ids are not derived) runs again in that session ({@link ResumePoint.unfinished}): the run keeps one
 * session per datapoint run, and its latest attempt's outcome is the one the server judges.
 *
 * A process killed between the datapoint's span arriving and its session's final update leaves a successful datapoint
 * whose work is stored but whose session is not closed: it is done too (running it again would put a second span in
 * its session), and the resumed run sends the missing update ({@link DoneDatapoint.closed} false).
 */
import { DATAPOINT_INDEX_KEY } from "@honeyhive/core/text/datapoint-run-label";
import { DATAPOINT_DONE_KEY, isLaterAttempt, statedOutcome } from "@honeyhive/core/runs/datapoint-outcome";
import { EVALUATOR_ERRORS_KEY, datapointPassed } from "@honeyhive/core/verdict/datapoint-verdict";
import type { ApiClient } from "../api-client/create-api-client";
import type { EventFilter, HoneyHiveEvent } from "../api-client/types";
import { runtime } from "../runtime/platform";
import type { PassingRanges } from "@honeyhive/core/verdict/passing-range";
import type { PreparedDatapoint } from "../datasets/prepare-dataset";
import type { MetricValue } from "./evaluator-output";
import type { DatapointResult, DatapointStatus } from "./types";

export { DATAPOINT_DONE_KEY };

/** A finished datapoint run as the server holds it. */
export interface DoneDatapoint {
  sessionId: string;
  /** False when the session's final update is not stored yet (the resumed run sends it). */
  closed: boolean;
  status: DatapointStatus;
  error?: string;
  /** The function's return value (the datapoint span's `outputs.result`). */
  outputs: unknown;
  metrics: Record<string, MetricValue>;
  evaluatorErrors: Record<string, string>;
}

/** Events read per search page. */
const PAGE_SIZE = 1000;
const DONE_STATUSES: ReadonlySet<string> = new Set(["success", "failed", "timed_out"]);

/** The key of one datapoint run: dataset index, datapoint id and trial. */
export function datapointRunKey(index: number, datapointId: string, trial: number): string {
  return `${index}\n${datapointId}\n${trial}`;
}

/**
 * The session id of one datapoint run of a resumable run: a UUID (version 8, name-based) from sha256 of the run id and
 * the run's key, the same in every process that runs it.
 */
export function resumableSessionId(runId: string, key: string): string {
  const hex = runtime.sha256Hex(`honeyhive-resume\n${runId}\n${key}`);
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The events matching `filters`, page by page, each handed to `each` (none is kept here). Throws on a failed read. */
async function forEachEvent(api: ApiClient, filters: EventFilter[], each: (event: HoneyHiveEvent) => void, signal?: AbortSignal): Promise<void> {
  for (let page = 1; ; page++) {
    const found = await api.events.search({ filters, limit: PAGE_SIZE, page }, signal);
    if (!found.ok) throw new Error(`reading the run's sessions to resume it: ${found.error}`);
    for (const event of found.data.events) each(event);
    const total = found.data.totalEvents ?? 0;
    if (found.data.events.length < PAGE_SIZE || page * PAGE_SIZE >= total) return;
  }
}

const is = (field: string, value: string): EventFilter => ({ field, operator: "is", value, type: "string" });

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A session's datapoint run key (from the metadata its start carries), undefined when it names none. */
function sessionKey(m: Record<string, unknown>): string | undefined {
  const index = m[DATAPOINT_INDEX_KEY];
  if (typeof m.datapoint_id !== "string" || typeof index !== "number") return undefined;
  return datapointRunKey(index, m.datapoint_id, typeof m.trial === "number" ? m.trial : 0);
}

/** What the sessions of a run say: a key and outcome when the final update is stored (not cancelled), else the key alone. */
interface SessionState {
  key: string;
  ended?: { status: DatapointStatus; error?: string };
  /** The session's start time (0 when not stored): of several unfinished sessions of one key, the latest is run again. */
  start: number;
}

/** What a resumed run finds on the server, by {@link datapointRunKey}. */
export interface ResumePoint {
  /** The datapoint runs that are done: skipped. */
  done: Map<string, DoneDatapoint>;
  /** The session of each datapoint run that is not done but has one: the run runs it again in that session. */
  unfinished: Map<string, string>;
}

function sessionState(session: HoneyHiveEvent): SessionState | undefined {
  const m = record(session.metadata);
  const key = sessionKey(m);
  if (key === undefined) return undefined;
  const start = typeof session.start_time === "number" ? session.start_time : 0;
  const stated = statedOutcome(m);
  if (stated === undefined || !DONE_STATUSES.has(stated.status)) return { key, start };
  return { key, start, ended: stated as { status: DatapointStatus; error?: string } };
}

/** A stored datapoint span that ended without an error. */
function succeeded(span: HoneyHiveEvent): boolean {
  return span.error === undefined || span.error === null || span.error === "";
}

function errorsOf(metadata: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, message] of Object.entries(record(record(metadata)[EVALUATOR_ERRORS_KEY]))) if (typeof message === "string") out[name] = message;
  return out;
}

/**
 * The datapoint runs of run `runId` that are done, and the sessions of those that are not (see the module comment), by
 * {@link datapointRunKey}. The function's span is the `chain` event named `functionName`. Reads the run's sessions, then
 * its function spans, page by page. Throws when a read fails (a run resumed on a partial answer would run datapoints twice).
 */
export async function readResumePoint(api: ApiClient, runId: string, functionName: string, signal?: AbortSignal): Promise<ResumePoint> {
  const sessions = new Map<string, SessionState>();
  await forEachEvent(api, [is("metadata.run_id", runId), is("event_type", "session")], (session) => {
    const state = typeof session.event_id === "string" ? sessionState(session) : undefined;
    if (state) sessions.set(session.event_id as string, state);
  }, signal);
  const done = new Map<string, DoneDatapoint>();
  if (sessions.size === 0) return { done, unfinished: new Map() };
  const started = new Map<string, number>(); // the start of the span each done run was read from: the latest counts
  await forEachEvent(api, [is("metadata.run_id", runId), is("event_type", "chain"), is("event_name", functionName)], (span) => {
    const state = typeof span.session_id === "string" ? sessions.get(span.session_id) : undefined;
    if (!state || (state.ended === undefined && !succeeded(span))) return;
    const start = typeof span.start_time === "number" ? span.start_time : 0;
    if (done.has(state.key) && !isLaterAttempt(start, started.get(state.key))) return;
    started.set(state.key, start);
    const outcome = state.ended ?? { status: "success" as const };
    done.set(state.key, {
      sessionId: span.session_id as string, closed: state.ended !== undefined, status: outcome.status, ...(outcome.error !== undefined ? { error: outcome.error } : {}),
      outputs: outcome.status === "success" ? record(span.outputs).result : undefined,
      metrics: record(span.metrics) as Record<string, MetricValue>, evaluatorErrors: errorsOf(span.metadata),
    });
  }, signal);
  return { done, unfinished: unfinishedSessions(sessions, done) };
}

/** The latest session of each datapoint run that has one and is not done, by key. */
function unfinishedSessions(sessions: ReadonlyMap<string, SessionState>, done: ReadonlyMap<string, DoneDatapoint>): Map<string, string> {
  const latest = new Map<string, { id: string; start: number }>();
  for (const [id, state] of sessions) {
    if (done.has(state.key)) continue;
    const seen = latest.get(state.key);
    if (seen === undefined || state.start > seen.start) latest.set(state.key, { id, start: state.start });
  }
  return new Map([...latest].map(([key, { id }]) => [key, id]));
}

/**
 * The result of a datapoint run a resumed run skipped, from what the server holds: its session, status, return value,
 * scores and evaluator errors (its duration is not known: 0), judged by `ranges` as a run judges its own.
 */
export function doneDatapointResult(item: PreparedDatapoint, trial: number, done: DoneDatapoint, ranges: PassingRanges | undefined): DatapointResult {
  const result: DatapointResult = {
    index: item.index, trial, datapointId: item.datapointId, sessionId: done.sessionId, inputs: item.inputs, groundTruth: item.groundTruth,
    outputs: done.outputs, status: done.status, metrics: done.metrics, evaluatorErrors: done.evaluatorErrors, durationMs: 0, passed: false,
  };
  if (done.error !== undefined) result.error = done.error;
  result.passed = datapointPassed({
    completed: done.status === "success", metrics: Object.entries(done.metrics), ranges, evaluatorErrored: Object.keys(done.evaluatorErrors).length > 0,
  });
  return result;
}
