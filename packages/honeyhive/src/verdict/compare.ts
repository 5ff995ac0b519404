/**
 * Comparison of a metric between two runs (higher is better): the one definition used by the dev server's
 * `compare-with` endpoint and the viewer's comparison page.
 */

/** Direction of one metric of one datapoint, or of a whole datapoint ("mixed": some up, some down). */
export type Direction = "improved" | "degraded" | "same" | "mixed";

const EPSILON = 1e-12;

/** How `after` compares with `before`; differences within a relative 1e-12 are the same. */
export function compareValues(before: number, after: number): "improved" | "degraded" | "same" {
  const delta = after - before;
  const tolerance = EPSILON * Math.max(1, Math.abs(before), Math.abs(after));
  return delta > tolerance ? "improved" : delta < -tolerance ? "degraded" : "same";
}

/** The direction of a datapoint from the directions of its metrics. */
export function overallDirection(directions: readonly Direction[]): Direction {
  const up = directions.includes("improved") || directions.includes("mixed");
  const down = directions.includes("degraded") || directions.includes("mixed");
  return up && down ? "mixed" : up ? "improved" : down ? "degraded" : "same";
}
