/**
 * The viewer's per-datapoint comparison of two runs: datapoints paired by datapoint id (the latest
 * session of a datapoint wins, as in `compare-with`), each metric's old and new value with its
 * direction (higher is better), an overall verdict per datapoint, and whether the output changed;
 * filterable by verdict or changed output, one page at a time. Telling changed outputs apart needs
 * every session's output: that scan is done for comparisons of up to {@link FULL_OUTPUT_SCAN}
 * datapoints, or when the "changed" filter asks for it (then cached per finished run); otherwise only
 * the page's rows are marked and the changed count is null.
 */
import { collectRunMetrics, sessionValue, type RunMetrics } from "../../results/run-metrics";
import type { EventRecord, RunRecord } from "../../domain/records";
import type { Store } from "../../store/store";
import type { RouteCaches } from "../../routes/server-caches";
import { hash128Hex } from "../../domain/fast-hash";
import { previewValue } from "./preview";
import { commonDatapoints, compareValues, directionCounts, executionDirection, overallDirection, type ExecutionState } from "@honeyhive/core/verdict/compare";
import { numericDifference } from "@honeyhive/core/verdict/float-noise";
import { executionStates } from "../../results/execution-states";
import type { CompareRow, CompareVerdictFilter, CompareView, MetricColumn, Verdict } from "../shared/wire-types";
import { currentRunMetricRows } from "../../results/current-run-rows";
import { FINISHED_RUN_STATUSES } from "../shared/run-status";
export type { CompareRow, CompareView, Verdict };


/** Paging and filter: a verdict, or `changed` (the output differs). */
export interface CompareViewQuery {
  page: number;
  limit: number;
  verdict?: CompareVerdictFilter;
}

/** Largest comparison whose outputs are all read on every load. */
export const FULL_OUTPUT_SCAN = 2000;
const HASH_CACHE_RUNS = 8;

interface DatapointValues {
  session_id: string;
  values: Map<string, number>;
}

/** The latest session of each datapoint of a run, with its metric values. */
export function byDatapoint(metrics: RunMetrics): Map<string, DatapointValues> {
  const out = new Map<string, DatapointValues>();
  for (const session of metrics.sessions) {
    if (session.datapoint_id === null) continue;
    const values = new Map<string, number>();
    for (const [id, v] of session.values) values.set(id, Number(sessionValue(v)));
    out.set(session.datapoint_id, { session_id: session.session_id, values });
  }
  return out;
}

function columnsOf(oldRun: RunMetrics, newRun: RunMetrics): MetricColumn[] {
  const columns = new Map<string, MetricColumn>();
  for (const metrics of [newRun, oldRun]) {
    for (const [id, key] of metrics.keys) {
      if (!columns.has(id)) columns.set(id, { id, metric_name: key.metric_name, event_name: key.event_name, event_type: key.event_type });
    }
  }
  return [...columns.values()];
}

/** The metrics of a run's events, by session. */
export async function metricsOf(store: Store, projectId: string, run: RunRecord): Promise<RunMetrics> {
  return collectRunMetrics(await currentRunMetricRows(store, projectId, run));
}

/** Session events by id (payloads included). */
export async function sessionEvents(store: Store, projectId: string, ids: readonly string[]): Promise<Map<string, EventRecord>> {
  const out = new Map<string, EventRecord>();
  if (ids.length === 0) return out;
  const { events } = await store.queryEvents(projectId, { where: { session_ids: ids, event_type: "session" } });
  for (const event of events) out.set(event.event_id, event);
  return out;
}

function outputText(event: EventRecord | undefined): string {
  try {
    return JSON.stringify(event?.outputs ?? null);
  } catch {
    return "";
  }
}

/** Output hashes of the sessions of a run (cached once the run is finished). */
async function outputHashes(store: Store, caches: RouteCaches, projectId: string, run: RunRecord, sessionIds: string[]): Promise<Map<string, string>> {
  const hashCache = caches.cache<Map<string, string>>("viewer/output-hashes", HASH_CACHE_RUNS);
  const key = JSON.stringify([projectId, run.id, run.updated_at, run.event_ids.length]);
  const cached = hashCache.get(key);
  if (cached) return cached;
  const out = new Map<string, string>();
  const events = await sessionEvents(store, projectId, sessionIds);
  for (const id of sessionIds) out.set(id, hash128Hex(outputText(events.get(id))));
  if (FINISHED_RUN_STATUSES.has(run.status)) {
    hashCache.set(key, out);
  }
  return out;
}

function groundTruth(event: EventRecord | undefined): unknown {
  return event && Object.prototype.hasOwnProperty.call(event.feedback, "ground_truth") ? event.feedback.ground_truth : undefined;
}

type Pair = Omit<CompareRow, "inputs" | "old_output" | "new_output" | "ground_truth">;

/** The two runs' datapoints: values by datapoint (latest session) and execution states (ran, errored, not run). */
interface Sides {
  oldDp: Map<string, DatapointValues>;
  newDp: Map<string, DatapointValues>;
  oldStates: Map<string, ExecutionState>;
  newStates: Map<string, ExecutionState>;
}

/** Each column's old and new value of one datapoint, with its direction (when both runs have a value). */
function pairMetrics(columns: MetricColumn[], before: DatapointValues | undefined, after: DatapointValues | undefined): { metrics: CompareRow["metrics"]; verdicts: Verdict[] } {
  const metrics: CompareRow["metrics"] = {};
  const verdicts: Verdict[] = [];
  for (const { id } of columns) {
    const o = before?.values.get(id);
    const n = after?.values.get(id);
    const verdict = o !== undefined && n !== undefined ? compareValues(o, n) : null;
    if (verdict) verdicts.push(verdict);
    metrics[id] = { old: o ?? null, new: n ?? null, delta: o !== undefined && n !== undefined ? numericDifference(o, n) : null, verdict };
  }
  return { metrics, verdicts };
}

function pairRows(columns: MetricColumn[], sides: Sides): Pair[] {
  const all: Pair[] = [];
  for (const datapointId of commonDatapoints(sides.oldStates, sides.newStates)) {
    const before = sides.oldDp.get(datapointId);
    const after = sides.newDp.get(datapointId);
    const { metrics, verdicts } = pairMetrics(columns, before, after);
    const oldState = sides.oldStates.get(datapointId) ?? "not_run";
    const newState = sides.newStates.get(datapointId) ?? "not_run";
    const execution = executionDirection(oldState, newState);
    if (execution) verdicts.push(execution);
    all.push({
      datapoint_id: datapointId, old_session_id: before?.session_id ?? null, new_session_id: after?.session_id ?? null,
      old_state: oldState, new_state: newState, verdict: overallDirection(verdicts), output_changed: false, metrics,
    });
  }
  return all;
}

/** The session ids that exist (a datapoint not run in a run has none there). */
function present(ids: readonly (string | null)[]): string[] {
  return ids.filter((id): id is string => id !== null);
}

function lookup<T>(map: ReadonlyMap<string, T>, id: string | null): T | undefined {
  return id === null ? undefined : map.get(id);
}

/** Compares `newRun` against `oldRun`. */
export async function compareView(
  store: Store,
  caches: RouteCaches,
  projectId: string,
  newRun: RunRecord,
  oldRun: RunRecord,
  q: CompareViewQuery,
): Promise<CompareView> {
  const oldMetrics = await metricsOf(store, projectId, oldRun);
  const newMetrics = await metricsOf(store, projectId, newRun);
  const columns = columnsOf(oldMetrics, newMetrics);
  const sides: Sides = {
    oldDp: byDatapoint(oldMetrics), newDp: byDatapoint(newMetrics),
    oldStates: executionStates(oldMetrics, oldRun.datapoint_ids), newStates: executionStates(newMetrics, newRun.datapoint_ids),
  };
  const all = pairRows(columns, sides);
  const counts: CompareView["counts"] = { ...directionCounts(all.map((row) => row.verdict)), changed: null };
  if (all.length <= FULL_OUTPUT_SCAN || q.verdict === "changed") {
    const before = await outputHashes(store, caches, projectId, oldRun, present(all.map((r) => r.old_session_id)));
    const after = await outputHashes(store, caches, projectId, newRun, present(all.map((r) => r.new_session_id)));
    counts.changed = 0;
    for (const row of all) {
      row.output_changed = lookup(before, row.old_session_id) !== lookup(after, row.new_session_id);
      if (row.output_changed) counts.changed += 1;
    }
  }
  const matching =
    q.verdict === undefined ? all : q.verdict === "changed" ? all.filter((r) => r.output_changed) : all.filter((r) => r.verdict === q.verdict);
  const page = matching.slice((q.page - 1) * q.limit, q.page * q.limit);
  const sessions = await sessionEvents(store, projectId, present(page.flatMap((r) => [r.old_session_id, r.new_session_id])));
  if (counts.changed === null) {
    for (const row of page) row.output_changed = outputText(lookup(sessions, row.old_session_id)) !== outputText(lookup(sessions, row.new_session_id));
  }
  return {
    columns,
    counts,
    common: all.length,
    only_new: [...sides.newDp.keys()].filter((dp) => !sides.oldStates.has(dp)).length,
    only_old: [...sides.oldDp.keys()].filter((dp) => !sides.newStates.has(dp)).length,
    rows: page.map((r) => {
      const after = lookup(sessions, r.new_session_id);
      return {
        ...r,
        inputs: previewValue(after?.inputs),
        old_output: previewValue(lookup(sessions, r.old_session_id)?.outputs),
        new_output: previewValue(after?.outputs),
        ground_truth: previewValue(groundTruth(after)),
      };
    }),
    total: matching.length,
    page: q.page,
    limit: q.limit,
  };
}
