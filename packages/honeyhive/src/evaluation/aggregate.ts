import type { MetricValue } from "./evaluator-output";
import type { DatapointResult, MetricAggregate } from "./types";

/** Percentile with linear interpolation between closest ranks (numpy's default); `sorted` ascending. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low]!;
  const b = sorted[high]!;
  return a + (b - a) * (rank - low);
}

/** Aggregates one metric's values; booleans count as 1/0, strings and non-finite numbers only count. */
export function aggregateValues(values: readonly MetricValue[]): MetricAggregate {
  const numbers = values
    .map((v) => (typeof v === "boolean" ? Number(v) : v))
    .filter((v): v is number => typeof v === "number" && Number.isFinite(v))
    .sort((a, b) => a - b);
  const sum = numbers.length > 0 ? numbers.reduce((a, b) => a + b, 0) : null;
  return {
    average: sum === null ? null : sum / numbers.length,
    min: numbers.length > 0 ? numbers[0]! : null,
    max: numbers.length > 0 ? numbers[numbers.length - 1]! : null,
    median: percentile(numbers, 50),
    p90: percentile(numbers, 90),
    p95: percentile(numbers, 95),
    p99: percentile(numbers, 99),
    sum,
    count: values.length,
  };
}

/**
 * Aggregates per metric over datapoint results, in first-seen metric order. Only score metrics are
 * aggregated (the `<name>_explanation` entries are left out when they are strings).
 */
export function aggregateMetrics(datapoints: readonly DatapointResult[]): Record<string, MetricAggregate> {
  const byName = new Map<string, MetricValue[]>();
  for (const datapoint of datapoints) {
    for (const [name, value] of Object.entries(datapoint.metrics)) {
      if (name.endsWith("_explanation") && typeof value === "string") continue;
      let list = byName.get(name);
      if (!list) byName.set(name, (list = []));
      list.push(value);
    }
  }
  const out: Record<string, MetricAggregate> = {};
  for (const [name, values] of byName) out[name] = aggregateValues(values);
  return out;
}

/**
 * Whether a datapoint passed: it succeeded, no evaluator failed, no boolean metric is `false`, and every
 * numeric metric with a pass range lies inside it.
 */
export function datapointPassed(
  datapoint: Pick<DatapointResult, "status" | "metrics" | "evaluatorErrors">,
  passingRanges: Record<string, { min?: number; max?: number }> = {},
): boolean {
  if (datapoint.status !== "success" || Object.keys(datapoint.evaluatorErrors).length > 0) return false;
  for (const [name, value] of Object.entries(datapoint.metrics)) {
    if (value === false) return false;
    const range = passingRanges[name];
    if (!range) continue;
    const n = typeof value === "boolean" ? Number(value) : value;
    if (typeof n !== "number") continue;
    if ((range.min !== undefined && n < range.min) || (range.max !== undefined && n > range.max)) return false;
  }
  return true;
}
