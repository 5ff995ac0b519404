/**
 * Run comparison (`compare-with` / `compare`): metrics paired per common datapoint (higher is better),
 * with improved/degraded/same counts and lists, the aggregate of each run, the datapoints whose execution alone
 * decided (`execution_changes`: ran before and errored or not run now, and back), and the common datapoints counted by
 * their overall direction (`datapoint_directions`, the shared rule of `src/verdict/compare.ts`).
 */
import { aggregate, type AggregateFunction } from "@honeyhive/core/verdict/aggregate";
import { commonDatapoints, compareValues, datapointDirections, directionCounts, executionChanges } from "@honeyhive/core/verdict/compare";
import { numericDifference } from "@honeyhive/core/verdict/float-noise";
import type { JsonObject } from "../domain/json";
import { executionStates } from "./execution-states";
import { metricKeyId, sessionValue, type MetricKey, type RunMetrics } from "./run-metrics";

/** datapoint id → (metric key id → numeric value); the latest session of a datapoint wins. */
function valuesByDatapoint(metrics: RunMetrics): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const session of metrics.sessions) {
    if (session.datapoint_id === null) continue;
    const values = new Map<string, number>();
    for (const [id, v] of session.values) values.set(id, Number(sessionValue(v)));
    out.set(session.datapoint_id, values);
  }
  return out;
}

function allValues(metrics: RunMetrics, id: string): number[] {
  const values: number[] = [];
  for (const session of metrics.sessions) values.push(...(session.values.get(id)?.numbers ?? []));
  return values;
}

function keyUnion(oldRun: RunMetrics, newRun: RunMetrics): (MetricKey & { allBoolean: boolean })[] {
  const keys = new Map(oldRun.keys);
  for (const [id, key] of newRun.keys) {
    const known = keys.get(id);
    keys.set(id, known ? { ...key, allBoolean: key.allBoolean && known.allBoolean } : key);
  }
  return [...keys.values()];
}

/** Both runs' metrics, each datapoint's values (latest session) and the common datapoints. */
interface Paired {
  oldRun: RunMetrics;
  newRun: RunMetrics;
  oldByDp: Map<string, Map<string, number>>;
  newByDp: Map<string, Map<string, number>>;
  common: string[];
}

/** The common datapoints by the direction of one metric (those with a value in both runs). */
function directionLists(p: Paired, id: string): { improved: string[]; degraded: string[]; same: string[] } {
  const lists = { improved: [] as string[], degraded: [] as string[], same: [] as string[] };
  for (const dp of p.common) {
    const before = p.oldByDp.get(dp)?.get(id);
    const after = p.newByDp.get(dp)?.get(id);
    if (before !== undefined && after !== undefined) lists[compareValues(before, after)].push(dp);
  }
  return lists;
}

function percentageChange(oldAggregate: number | null, difference: number | null): number | null {
  if (difference === null || oldAggregate === null) return null;
  return oldAggregate !== 0 ? (difference / Math.abs(oldAggregate)) * 100 : difference === 0 ? 0 : null;
}

/** One metric key compared: aggregates of each run, the difference, and the datapoints by direction. */
function compareMetric(p: Paired, key: MetricKey & { allBoolean: boolean }, fn: AggregateFunction): JsonObject {
  const id = metricKeyId(key);
  const { improved, degraded, same } = directionLists(p, id);
  const oldValues = allValues(p.oldRun, id);
  const newValues = allValues(p.newRun, id);
  const oldAggregate = aggregate(oldValues, fn);
  const newAggregate = aggregate(newValues, fn);
  const difference = oldAggregate !== null && newAggregate !== null ? numericDifference(oldAggregate, newAggregate) : null;
  return {
    metric_name: key.metric_name,
    event_name: key.event_name,
    metric_type: key.allBoolean ? "boolean" : "numeric",
    event_type: key.event_type,
    old_aggregate: oldAggregate,
    new_aggregate: newAggregate,
    difference,
    percentage_change: percentageChange(oldAggregate, difference),
    found_count: improved.length + degraded.length + same.length,
    improved_count: improved.length,
    degraded_count: degraded.length,
    same_count: same.length,
    improved,
    degraded,
    same,
    old_values: oldValues,
    new_values: newValues,
  };
}

/**
 * Builds the comparison of `newRun` against `oldRun`; `datapointIds` are each run's datapoints (those without a
 * session were not run).
 */
export function buildComparison(
  oldRun: RunMetrics,
  newRun: RunMetrics,
  fn: AggregateFunction,
  runObjects: { old_run: JsonObject; new_run: JsonObject },
  datapointIds: { old: readonly string[]; new: readonly string[] } = { old: [], new: [] },
): JsonObject {
  const oldStates = executionStates(oldRun, datapointIds.old);
  const newStates = executionStates(newRun, datapointIds.new);
  const common = commonDatapoints(oldStates, newStates);
  const execution = executionChanges(common, oldStates, newStates);
  const paired: Paired = { oldRun, newRun, oldByDp: valuesByDatapoint(oldRun), newByDp: valuesByDatapoint(newRun), common };
  const metrics = keyUnion(oldRun, newRun).map((key) => compareMetric(paired, key, fn));
  const presence = new Map<string, JsonObject>();
  for (const [id, d] of oldRun.eventDetails) presence.set(id, { ...d, presence: "old" });
  for (const [id, d] of newRun.eventDetails) presence.set(id, { ...d, presence: presence.has(id) ? "both" : "new" });
  const lists = metrics.map((m) => ({ improved: m.improved as string[], degraded: m.degraded as string[] }));
  return {
    aggregation_function: fn,
    commonDatapoints: common,
    execution_changes: { regressed: [...execution.regressed], recovered: [...execution.recovered] },
    // Each common datapoint once, by its overall direction over all metrics and its execution (as the viewer counts them).
    datapoint_directions: { ...directionCounts(datapointDirections(common, lists, execution).values()) },
    metrics,
    event_details: [...presence.values()],
    ...runObjects,
  };
}
