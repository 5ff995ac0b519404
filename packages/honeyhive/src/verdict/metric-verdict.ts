/**
 * The verdict of one metric value. The rule, everywhere (evaluate(), the CLI, the dev server, the viewer):
 * - a metric with a passing range decides by its range (a boolean by `pass_when` when set, else as 1/0
 *   against `min`/`max`; a number by `min`/`max`);
 * - a boolean metric without a range passes only when `true`;
 * - any other metric without a range does not decide (and neither do strings, non-finite numbers, or a
 *   number whose range has only `pass_when`).
 */
import type { PassingRange } from "./passing-range";

/** What one metric value says about its datapoint. */
export type MetricVerdict = "passed" | "failed" | "undecided";

function inRange(n: number, range: PassingRange): boolean {
  return (range.min === undefined || n >= range.min) && (range.max === undefined || n <= range.max);
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
  if (typeof value !== "number" || !Number.isFinite(value) || !hasBounds(range)) return "undecided";
  return inRange(value, range) ? "passed" : "failed";
}

/**
 * Whether a metric can decide its datapoints under `range` (the same rule): one with boolean values
 * always can; one with only numbers (or strings) only when its range sets `min` or `max`.
 */
export function metricDecides(hasBooleans: boolean, range: PassingRange | undefined): boolean {
  return hasBooleans || hasBounds(range);
}
