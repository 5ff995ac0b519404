/**
 * Comparison of two runs (higher is better): the one definition used by the dev server's `compare-with` endpoint,
 * the viewer's comparison page and `honeyhive eval --compare` (its summary, `--json` and `--markdown`). A datapoint
 * is counted once, by its overall direction over all its metrics, never once per metric.
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

/** Datapoints by overall direction. */
export interface DirectionCounts {
  improved: number;
  degraded: number;
  mixed: number;
  same: number;
}

/** Counts datapoints by their overall direction. */
export function directionCounts(directions: Iterable<Direction>): DirectionCounts {
  const counts: DirectionCounts = { improved: 0, degraded: 0, mixed: 0, same: 0 };
  for (const direction of directions) counts[direction] += 1;
  return counts;
}

/**
 * The overall direction of every common datapoint from per-metric lists of improved and degraded datapoint ids (as
 * `compare-with` answers): a datapoint in neither list of any metric is the same.
 */
export function datapointDirections(
  common: readonly string[],
  metrics: readonly { improved: readonly string[]; degraded: readonly string[] }[],
): Map<string, Direction> {
  const byDatapoint = new Map<string, Direction[]>(common.map((id) => [id, []]));
  for (const metric of metrics) {
    for (const id of metric.improved) byDatapoint.get(id)?.push("improved");
    for (const id of metric.degraded) byDatapoint.get(id)?.push("degraded");
  }
  const out = new Map<string, Direction>();
  for (const [id, directions] of byDatapoint) out.set(id, overallDirection(directions));
  return out;
}
