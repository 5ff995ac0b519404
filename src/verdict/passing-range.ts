/**
 * Passing ranges: per metric name, `{ min?, max?, pass_when? }` (the run's `passing_ranges`, evaluate()'s
 * `passingRanges`). Read from untrusted data: own properties only, malformed entries ignored.
 */

/** The passing range of one metric. */
export interface PassingRange {
  /** Lowest passing value (inclusive); booleans compare as 1/0. */
  min?: number;
  /** Highest passing value (inclusive); booleans compare as 1/0. */
  max?: number;
  /** For a boolean metric: the value that passes. */
  pass_when?: boolean;
}

/** Passing ranges by metric name. */
export type PassingRanges = Readonly<Record<string, PassingRange>>;

function own(object: unknown, key: string): unknown {
  if (typeof object !== "object" || object === null || Array.isArray(object)) return undefined;
  return Object.prototype.hasOwnProperty.call(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

/** The range of `metricName` in `ranges`, or undefined when there is none (or it sets nothing usable). */
export function passingRangeOf(ranges: unknown, metricName: string): PassingRange | undefined {
  const raw = own(ranges, metricName);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const range: PassingRange = {};
  const min = own(raw, "min");
  const max = own(raw, "max");
  const passWhen = own(raw, "pass_when");
  if (typeof min === "number" && Number.isFinite(min)) range.min = min;
  if (typeof max === "number" && Number.isFinite(max)) range.max = max;
  if (typeof passWhen === "boolean") range.pass_when = passWhen;
  return range.min === undefined && range.max === undefined && range.pass_when === undefined ? undefined : range;
}
