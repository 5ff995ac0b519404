/**
 * The viewer's per-datapoint comparison of two runs: datapoints paired by datapoint id, each metric's old and new
 * value (the mean over the datapoint's trials) with its direction, the app's and the evaluation's cost and latency
 * beside them (compared like metrics, lower is better), and an overall verdict per datapoint, all from
 * core's comparison rule as `compare-with` computes it (`results/served-comparison.ts`), and whether the output
 * changed (the latest sessions' outputs);
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
import { numericDifference } from "@honeyhive/core/verdict/float-noise";
import type { AggregateFunction } from "@honeyhive/core/verdict/aggregate";
import { datapointMetricValue, datapointStates, type ComparisonRow } from "@honeyhive/core/verdict/run-comparison";
import { metricKeyText } from "@honeyhive/core/verdict/run-results";
import { CACHED_COMPARISONS, servedComparison, type ComparisonCache, type ServedComparison } from "../../results/served-comparison";
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

/** The latest session of each datapoint of both runs (the row's trace links and outputs). */
interface Sides {
  oldDp: Map<string, DatapointValues>;
  newDp: Map<string, DatapointValues>;
}

/** The datapoint's direction in one compared row (null when it is not paired there). */
function rowDirection(row: ComparisonRow, datapointId: string): Verdict | null {
  if (!row.pairs.has(datapointId)) return null;
  return row.improved.includes(datapointId) ? "improved" : row.degraded.includes(datapointId) ? "degraded" : "same";
}

/** The column of a usage row (the app's or the evaluation's cost or latency), e.g. `usage/app/cost_usd`. */
function usageColumnId(row: Pick<ComparisonRow, "eventName" | "metric">): string {
  return `usage/${row.eventName}/${row.metric}`;
}

/** A column per usage row core compared (cost and latency, the app's and the evaluation's), after the metrics'. */
function usageColumns(served: ServedComparison): MetricColumn[] {
  return served.result.rows.filter((r) => r.source === "usage").map((r) => ({ id: usageColumnId(r), metric_name: r.metric, event_name: r.eventName, event_type: "usage" }));
}

/** A datapoint's old and new value of a column: a metric's mean over its trials, or a usage row's paired values. */
function columnValues(column: MetricColumn, served: ServedComparison, row: ComparisonRow | undefined, datapointId: string): [number | null, number | null] {
  if (column.event_type === "usage") {
    const pair = row?.pairs.get(datapointId);
    return pair ? [pair[0], pair[1]] : [null, null];
  }
  return [datapointMetricValue(served.before.datapoints.get(datapointId), column.id) ?? null, datapointMetricValue(served.after.datapoints.get(datapointId), column.id) ?? null];
}

/** Each column's old and new value of one datapoint (the mean of its trials) and its direction (core's comparison). */
function pairMetrics(columns: MetricColumn[], served: ServedComparison, rows: ReadonlyMap<string, ComparisonRow>, datapointId: string): CompareRow["metrics"] {
  const metrics: CompareRow["metrics"] = {};
  for (const column of columns) {
    const id = column.id;
    const row = rows.get(id);
    const [o, n] = columnValues(column, served, row, datapointId);
    metrics[id] = { old: o, new: n, delta: o !== null && n !== null ? numericDifference(o, n) : null, verdict: row ? rowDirection(row, datapointId) : null };
  }
  return metrics;
}

function pairRows(columns: MetricColumn[], sides: Sides, served: ServedComparison): Pair[] {
  const rows = new Map(served.result.rows.flatMap((r) =>
    r.source === "metric" ? [[metricKeyText({ name: r.metric, eventName: r.eventName, eventType: r.eventType }), r] as const] : r.source === "usage" ? [[usageColumnId(r), r] as const] : []));
  const oldStates = datapointStates(served.before);
  const newStates = datapointStates(served.after);
  return served.result.common.map((datapointId) => ({
    datapoint_id: datapointId, old_session_id: sides.oldDp.get(datapointId)?.session_id ?? null, new_session_id: sides.newDp.get(datapointId)?.session_id ?? null,
    old_state: oldStates.get(datapointId) ?? "not_run", new_state: newStates.get(datapointId) ?? "not_run",
    verdict: served.result.directions.get(datapointId) ?? "same", output_changed: false, metrics: pairMetrics(columns, served, rows, datapointId),
  }));
}

/** The session ids that exist (a datapoint not run in a run has none there). */
function present(ids: readonly (string | null)[]): string[] {
  return ids.filter((id): id is string => id !== null);
}

function lookup<T>(map: ReadonlyMap<string, T>, id: string | null): T | undefined {
  return id === null ? undefined : map.get(id);
}

/** The aggregation the viewer's comparison rows use (the rows show per-datapoint values, not aggregates). */
const ROW_AGGREGATE: AggregateFunction = "average";

/**
 * Core's comparison of the two runs (`results/served-comparison.ts`, as `compare-with` computes it), from each run's
 * configuration and passing ranges (what directions are read from).
 */
function comparedRuns(
  store: Store, caches: RouteCaches, projectId: string, before: { run: RunRecord; metrics: RunMetrics }, after: { run: RunRecord; metrics: RunMetrics },
): Promise<ServedComparison> {
  const side = (s: { run: RunRecord; metrics: RunMetrics }) => ({ ...s, runObject: { configuration: s.run.configuration, passing_ranges: s.run.passing_ranges } });
  const cache: ComparisonCache = caches.cache("results/comparisons", CACHED_COMPARISONS);
  return servedComparison(store, projectId, side(before), side(after), ROW_AGGREGATE, cache);
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
  const served = await comparedRuns(store, caches, projectId, { run: oldRun, metrics: oldMetrics }, { run: newRun, metrics: newMetrics });
  const columns = [...columnsOf(oldMetrics, newMetrics), ...usageColumns(served)];
  const sides: Sides = { oldDp: byDatapoint(oldMetrics), newDp: byDatapoint(newMetrics) };
  const oldStates = datapointStates(served.before);
  const newStates = datapointStates(served.after);
  const all = pairRows(columns, sides, served);
  const counts: CompareView["counts"] = { ...served.result.counts, changed: null };
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
    only_new: [...sides.newDp.keys()].filter((dp) => !oldStates.has(dp)).length,
    only_old: [...sides.oldDp.keys()].filter((dp) => !newStates.has(dp)).length,
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
