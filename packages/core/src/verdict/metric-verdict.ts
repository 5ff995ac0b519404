/**
 * The verdict of one metric value. The rule, everywhere (evaluate(), the CLI, the test runners, the dev server,
 * the viewer):
 * - a metric with a passing range decides by its range (a boolean by `pass_when` when set, else as 1/0
 *   against `min`/`max`; a number by `min`/`max`); a value the range cannot judge (a string, a non-finite
 *   number, a number under a range with only `pass_when`) fails: a metric that could not be computed never passes;
 *   a number within floating-point error of a bound meets it (`bounds.ts`);
 * - a boolean metric without a range passes only when `true`;
 * - any other metric without a range does not decide.
 * A metric that a passing range names and a datapoint has no value for fails that datapoint (`datapoint-verdict.ts`).
 */
import { atLeast, atMost } from "./bounds";
import type { PassingRange } from "./passing-range";

/** What one metric value says about its datapoint. */
export type MetricVerdict = "passed" | "failed" | "undecided";

function inRange(n: number, range: PassingRange): boolean {
  return (range.min === undefined || atLeast(n, range.min)) && (range.max === undefined || atMost(n, range.max));
}

function hasBounds(range: PassingRange | undefined): range is PassingRange {
  return range !== undefined && (range.min !== undefined || range.max !== undefined);
}

function booleanVerdict(value: boolean, range: PassingRange | undefined): MetricVerdict {
  if (range?.pass_when !== undefined) return value === range.pass_when ? "passed" : "failed";
  if (hasBounds(range)) return inRange(value ? 1 : 0, range) ? "passed" : "failed";
  return value ? "passed" : "failed";
}

/** The verdict of `value` under `range` (see the module comment). */
export function metricVerdict(value: unknown, range: PassingRange | undefined): MetricVerdict {
  if (typeof value === "boolean") return booleanVerdict(value, range);
  if (range === undefined) return "undecided";
  if (typeof value !== "number" || !Number.isFinite(value) || !hasBounds(range)) return "failed";
  return inRange(value, range) ? "passed" : "failed";
}

/**
 * Whether a metric can decide its datapoints under `range` (the same rule): one with a passing range always
 * does; one without only when it has boolean values.
 */
export function metricDecides(hasBooleans: boolean, range: PassingRange | undefined): boolean {
  return hasBooleans || range !== undefined;
}
