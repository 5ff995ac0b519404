/**
 * Chart data of a run page: a distribution per metric (a histogram of the values of a numeric metric,
 * the true / false counts of a boolean one) and percentiles of session durations. Pass / fail verdicts
 * are not computed here: the page shows the run summary's.
 */
import type { MetricDistribution, Percentiles } from "../shared/wire-types";

/** Bars of a numeric histogram. */
export const HISTOGRAM_BINS = 10;

/** A metric as the run summary describes it (the fields used here). */
export interface SummaryMetric {
  metric_type: string;
  /** Numeric forms (booleans as 1 / 0). */
  values: number[];
}

/** Equal-width bins over [min, max] of `values` (one bin when all are equal). */
export function histogram(values: readonly number[], bins = HISTOGRAM_BINS): { min: number; max: number; counts: number[] } {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { min: 0, max: 0, counts: [] };
  let min = Infinity;
  let max = -Infinity;
  for (const v of finite) {
    min = Math.min(min, v); // Math.min/max order -0 below 0, as the caller's Math.min(...values) does
    max = Math.max(max, v);
  }
  if (min === max) return { min, max, counts: [finite.length] };
  const counts = new Array<number>(bins).fill(0);
  // Scaled by one half only when max - min overflows to Infinity (values near ±Number.MAX_VALUE); halving always
  // would make the span of two subnormal values 0.
  const scale = Number.isFinite(max - min) ? 1 : 0.5;
  const span = max * scale - min * scale;
  for (const v of finite) {
    const index = Math.floor(((v * scale - min * scale) / span) * bins);
    counts[Math.min(bins - 1, Math.max(0, Number.isFinite(index) ? index : 0))]! += 1;
  }
  return { min, max, counts };
}

/** The distribution of one metric. */
export function distribution(metric: SummaryMetric): MetricDistribution {
  if (metric.metric_type === "boolean") {
    const trues = metric.values.filter((v) => v !== 0).length;
    return { kind: "boolean", true_count: trues, false_count: metric.values.length - trues };
  }
  return { kind: "numeric", ...histogram(metric.values) };
}

/** Nearest-rank percentile of sorted values. */
function rank(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** p50 / p90 / p95 / p99 / max of durations (ms), or null when there are none. */
export function percentiles(durations: readonly (number | null)[]): Percentiles | null {
  const sorted = durations.filter((d): d is number => d !== null && Number.isFinite(d)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return { count: sorted.length, p50: rank(sorted, 50), p90: rank(sorted, 90), p95: rank(sorted, 95), p99: rank(sorted, 99), max: sorted[sorted.length - 1]! };
}
