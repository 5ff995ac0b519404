/**
 * Run comparison (`compare-with` / `compare`): per metric key the aggregate of each run (with the requested
 * aggregation function, over every value), and from core's one comparison rule (`served-comparison.ts`) its direction,
 * the common datapoints that improved, degraded or stayed the same in that direction, and its paired significance;
 * the datapoints' verdict (`pass_rate`) and the app's and the evaluation's cost and latency (`usage`) compared the same
 * way; the datapoints whose execution alone decided (`execution_changes`: ran before and errored or not run now, and
 * back); and the common datapoints counted by their overall direction (`datapoint_directions`).
 */
import { aggregate, type AggregateFunction } from "@honeyhive/core/verdict/aggregate";
import type { ComparisonRow, RunComparisonResult } from "@honeyhive/core/verdict/run-comparison";
import type { MetricSignificance } from "@honeyhive/core/verdict/metric-significance";
import { metricKeyText } from "@honeyhive/core/verdict/run-results";
import { numericDifference } from "@honeyhive/core/verdict/float-noise";
import type { JsonObject } from "../domain/json";
import { metricKeyId, type MetricKey, type RunMetrics } from "./run-metrics";

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

function percentageChange(oldAggregate: number | null, difference: number | null): number | null {
  if (difference === null || oldAggregate === null) return null;
  return oldAggregate !== 0 ? (difference / Math.abs(oldAggregate)) * 100 : difference === 0 ? 0 : null;
}

/** A test as the API writes it (snake_case). */
export function significanceJson(s: MetricSignificance | null): JsonObject | null {
  if (s === null) return null;
  return {
    method: s.method, n: s.n, mean_difference: s.meanDifference, interval: [...s.interval], p: s.p, adjusted_p: s.adjustedP,
    detectable_effect: Number.isFinite(s.detectableEffect) ? s.detectableEffect : null, verdict: s.verdict,
    ...(s.discordant ? { discordant: { up: s.discordant.up, down: s.discordant.down } } : {}),
  };
}

/** The direction, lists and significance of a row, as every row of the answer carries them. */
function comparedFields(row: ComparisonRow | undefined): JsonObject {
  if (row === undefined) return { direction: null, improved_count: 0, degraded_count: 0, same_count: 0, improved: [], degraded: [], same: [], significance: null };
  return {
    direction: row.direction, old_mean: row.oldMean, new_mean: row.newMean, found_count: row.improved.length + row.degraded.length + row.same.length,
    improved_count: row.improved.length, degraded_count: row.degraded.length, same_count: row.same.length,
    improved: [...row.improved], degraded: [...row.degraded], same: [...row.same], significance: significanceJson(row.significance),
  };
}

/** A verdict or usage row as the answer writes it. */
function rowJson(row: ComparisonRow): JsonObject {
  return { metric_name: row.metric, event_name: row.eventName, event_type: row.eventType, old_total: row.oldTotal, new_total: row.newTotal, ...comparedFields(row) };
}

/** One metric key: aggregates of each run and the difference, and core's comparison of it. */
function compareMetric(oldRun: RunMetrics, newRun: RunMetrics, key: MetricKey & { allBoolean: boolean }, fn: AggregateFunction, row: ComparisonRow | undefined): JsonObject {
  const id = metricKeyId(key);
  const oldValues = allValues(oldRun, id);
  const newValues = allValues(newRun, id);
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
    ...comparedFields(row),
    old_values: oldValues,
    new_values: newValues,
  };
}

/** Builds the comparison answer of `newRun` against `oldRun` from core's comparison of their results. */
export function buildComparison(
  oldRun: RunMetrics,
  newRun: RunMetrics,
  fn: AggregateFunction,
  runObjects: { old_run: JsonObject; new_run: JsonObject },
  compared: RunComparisonResult,
): JsonObject {
  const byKey = new Map(compared.rows.filter((r) => r.source === "metric").map((r) => [metricKeyText({ name: r.metric, eventName: r.eventName, eventType: r.eventType }), r]));
  const metrics = keyUnion(oldRun, newRun).map((key) => compareMetric(oldRun, newRun, key, fn, byKey.get(metricKeyId(key))));
  const presence = new Map<string, JsonObject>();
  for (const [id, d] of oldRun.eventDetails) presence.set(id, { ...d, presence: "old" });
  for (const [id, d] of newRun.eventDetails) presence.set(id, { ...d, presence: presence.has(id) ? "both" : "new" });
  const verdict = compared.rows.find((r) => r.source === "verdict");
  return {
    aggregation_function: fn,
    commonDatapoints: [...compared.common],
    execution_changes: { regressed: [...compared.execution.regressed], recovered: [...compared.execution.recovered] },
    // Each common datapoint once, by its overall direction over all metrics and its execution (as the viewer counts them).
    datapoint_directions: { ...compared.counts },
    metrics,
    pass_rate: verdict ? rowJson(verdict) : null,
    usage: compared.rows.filter((r) => r.source === "usage").map(rowJson),
    event_details: [...presence.values()],
    ...runObjects,
  };
}
