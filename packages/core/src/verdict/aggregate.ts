/**
 * Aggregation functions of run results: average, min, max, median, p90, p95, p99, sum, count. The one
 * definition used by evaluate()'s result, the CLI, the dev server's summaries and comparisons and the viewer.
 * Percentiles interpolate linearly between closest ranks (numpy's default).
 */

/** The aggregation functions the API accepts. */
export const AGGREGATE_FUNCTIONS = ["average", "min", "max", "median", "p90", "p95", "p99", "sum", "count"] as const;

/** One of {@link AGGREGATE_FUNCTIONS}. */
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

/** True for a known aggregation function name. */
export function isAggregateFunction(value: unknown): value is AggregateFunction {
  return typeof value === "string" && (AGGREGATE_FUNCTIONS as readonly string[]).includes(value);
}

/** Percentile `p` (0-100) of ascending `sorted`; null for an empty list. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  if (sorted.length === 1) return sorted[0] as number;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (rank - low);
}

/** Aggregates numbers; null for an empty list (except `count` and `sum`, which give 0). */
export function aggregate(values: readonly number[], fn: AggregateFunction): number | null {
  if (fn === "count") return values.length;
  if (fn === "sum") return values.reduce((s, v) => s + v, 0);
  if (values.length === 0) return null;
  switch (fn) {
    case "average":
      return values.reduce((s, v) => s + v, 0) / values.length;
    case "min":
      return values.reduce((m, v) => (v < m ? v : m), Infinity);
    case "max":
      return values.reduce((m, v) => (v > m ? v : m), -Infinity);
    default: {
      const sorted = [...values].sort((a, b) => a - b);
      const p = fn === "median" ? 50 : Number(fn.slice(1));
      return percentile(sorted, p);
    }
  }
}

/** A metric value usable in results: finite numbers, and booleans as 1/0. Anything else is undefined. */
export function numericValue(value: unknown): number | undefined {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  return undefined;
}
