/**
 * The CI gate on evidence: a comparison fails the gate only when a watched metric degraded significantly (its
 * corrected p-value below 0.05, in its direction: `metric-significance.ts`), never on a dip that could be noise.
 * Watched: the metrics named (by metric name; `pass_rate` is the datapoints' verdict, `cost_usd` / `latency_ms` the
 * usage rows), or with `any` every quality row (the verdict and every metric: one corrected family, so the chance of
 * a false alarm stays at 5 %); cost and latency are watched only when named. The same rule for `honeyhive eval --fail-on-regression`, evaluate()'s
 * and the test runners' `failOnRegression`.
 */
import type { ComparisonRow } from "./run-comparison";

/** What the gate reads of a compared row (core's rows, and `compareRuns`' metrics alike). */
export type GateRow = Pick<ComparisonRow, "source" | "metric" | "significance">;

/** What the gate watches: every quality row (`any`), or the rows of these metric names. */
export type RegressionWatch = "any" | readonly string[];

/** The word that watches every row. */
export const ANY_METRIC = "any";

function watched(row: GateRow, watch: RegressionWatch): boolean {
  return watch === ANY_METRIC ? row.source !== "usage" : (watch as readonly string[]).includes(row.metric);
}

/** The watched rows that degraded significantly, in the comparison's order. */
export function significantRegressions<R extends GateRow>(rows: readonly R[], watch: RegressionWatch): R[] {
  return rows.filter((row) => row.significance?.verdict === "degraded" && watched(row, watch));
}

/** Names in `watch` that no row of the comparison has (a typo must not pass as "no regression"). */
export function unknownWatchedMetrics(rows: readonly GateRow[], watch: RegressionWatch): string[] {
  if (watch === ANY_METRIC) return [];
  const names = new Set(rows.map((r) => r.metric));
  return (watch as readonly string[]).filter((name) => !names.has(name));
}
