/**
 * The pieces of a comparison of two runs (`run-comparison.ts` assembles them, each metric in its direction): the one
 * definition used by the dev server's `compare-with` endpoint, the viewer's comparison page and `honeyhive eval
 * --compare` (its summary, `--json` and `--markdown`). A datapoint
 * is counted once, by its overall direction over all its metrics and its execution, never once per metric: one whose
 * function ran before and now errors or is not run is a regression (degraded) whatever its metrics, and one that
 * errored or was not run before and now runs improved.
 */

import { numericDifference } from "./float-noise";

/** Direction of one metric of one datapoint, or of a whole datapoint ("mixed": some up, some down). */
export type Direction = "improved" | "degraded" | "same" | "mixed";

/** How `after` compares with `before` as numbers (higher reads improved); floating-point noise (`float-noise.ts`) is the same. */
export function compareValues(before: number, after: number): "improved" | "degraded" | "same" {
  const delta = numericDifference(before, after);
  return delta > 0 ? "improved" : delta < 0 ? "degraded" : "same";
}

/** The direction of a datapoint from the directions of its metrics. */
export function overallDirection(directions: readonly Direction[]): Direction {
  const up = directions.includes("improved") || directions.includes("mixed");
  const down = directions.includes("degraded") || directions.includes("mixed");
  return up && down ? "mixed" : up ? "improved" : down ? "degraded" : "same";
}

/** What happened to a datapoint's function in one run: it ran to the end, it errored (threw, timed out), or it was not run. */
export type ExecutionState = "ran" | "errored" | "not_run";

/**
 * The direction a datapoint's execution gives on its own: `degraded` when it ran before and now errors or is not run
 * (a regression, even when it has no metric left to compare), `improved` the other way round, else none.
 */
export function executionDirection(before: ExecutionState, after: ExecutionState): "improved" | "degraded" | undefined {
  if (before === "ran" && after !== "ran") return "degraded";
  if (before !== "ran" && after === "ran") return "improved";
  return undefined;
}

/** Datapoints whose execution alone decided a direction (see {@link executionDirection}), as lists of datapoint ids. */
export interface ExecutionChanges {
  /** Ran before, now errored or not run. */
  regressed: readonly string[];
  /** Errored or not run before, now ran. */
  recovered: readonly string[];
}

/**
 * The datapoints two runs have in common, in the new run's order: in both runs (ran, errored or not run), except those
 * not run in either.
 */
export function commonDatapoints(before: ReadonlyMap<string, ExecutionState>, after: ReadonlyMap<string, ExecutionState>): string[] {
  const common: string[] = [];
  for (const [id, state] of after) {
    const old = before.get(id);
    if (old !== undefined && !(old === "not_run" && state === "not_run")) common.push(id);
  }
  return common;
}

/** The {@link ExecutionChanges} of the common datapoints. */
export function executionChanges(common: readonly string[], before: ReadonlyMap<string, ExecutionState>, after: ReadonlyMap<string, ExecutionState>): ExecutionChanges {
  const regressed: string[] = [];
  const recovered: string[] = [];
  for (const id of common) {
    const direction = executionDirection(before.get(id) ?? "not_run", after.get(id) ?? "not_run");
    if (direction === "degraded") regressed.push(id);
    else if (direction === "improved") recovered.push(id);
  }
  return { regressed, recovered };
}

/** Datapoints by overall direction. */
interface DirectionCounts {
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
 * `compare-with` answers) and the execution changes: a datapoint in no list is the same.
 */
export function datapointDirections(
  common: readonly string[],
  metrics: readonly { improved: readonly string[]; degraded: readonly string[] }[],
  execution: ExecutionChanges = { regressed: [], recovered: [] },
): Map<string, Direction> {
  const byDatapoint = new Map<string, Direction[]>(common.map((id) => [id, []]));
  for (const metric of metrics) {
    for (const id of metric.improved) byDatapoint.get(id)?.push("improved");
    for (const id of metric.degraded) byDatapoint.get(id)?.push("degraded");
  }
  for (const id of execution.regressed) byDatapoint.get(id)?.push("degraded");
  for (const id of execution.recovered) byDatapoint.get(id)?.push("improved");
  const out = new Map<string, Direction>();
  for (const [id, directions] of byDatapoint) out.set(id, overallDirection(directions));
  return out;
}
