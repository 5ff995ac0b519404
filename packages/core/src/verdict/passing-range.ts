/**
 * Passing ranges: per metric name, `{ min?, max?, pass_when?, min_pass_trials? }` (the run's `passing_ranges`,
 * evaluate()'s `passingRanges`). Read from untrusted data: own properties only, malformed entries ignored.
 */

/** The passing range of one metric. */
export interface PassingRange {
  /** Lowest passing value (inclusive); booleans compare as 1/0. */
  min?: number;
  /** Highest passing value (inclusive); booleans compare as 1/0. */
  max?: number;
  /** For a boolean metric: the value that passes. */
  pass_when?: boolean;
  /**
   * With `trials`: the datapoint passes this metric when at least this many of its trials pass it (k of n), and then
   * none of its trials fails on it (`trials-verdict.ts`). Without it, every trial must pass.
   */
  min_pass_trials?: number;
}

/** Passing ranges by metric name. */
export type PassingRanges = Readonly<Record<string, PassingRange>>;

function own(object: unknown, key: string): unknown {
  if (typeof object !== "object" || object === null || Array.isArray(object)) return undefined;
  return Object.prototype.hasOwnProperty.call(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

function finiteNumber(object: unknown, key: string): number | undefined {
  const value = own(object, key);
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The range of `metricName` in `ranges`, or undefined when there is none (or it sets nothing usable). */
export function passingRangeOf(ranges: unknown, metricName: string): PassingRange | undefined {
  const raw = own(ranges, metricName);
  const range: PassingRange = {};
  const min = finiteNumber(raw, "min");
  const max = finiteNumber(raw, "max");
  const passWhen = own(raw, "pass_when");
  const minPassTrials = finiteNumber(raw, "min_pass_trials");
  if (min !== undefined) range.min = min;
  if (max !== undefined) range.max = max;
  if (typeof passWhen === "boolean") range.pass_when = passWhen;
  if (minPassTrials !== undefined && Number.isInteger(minPassTrials) && minPassTrials >= 1) range.min_pass_trials = minPassTrials;
  return Object.keys(range).length === 0 ? undefined : range;
}

/** The metric names `ranges` sets a usable range for (own keys only), in their order. */
export function passingRangeNames(ranges: unknown): string[] {
  if (typeof ranges !== "object" || ranges === null || Array.isArray(ranges)) return [];
  return Object.keys(ranges).filter((name) => passingRangeOf(ranges, name) !== undefined);
}
