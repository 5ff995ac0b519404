/**
 * Pass/fail of metric values against a run's `passing_ranges` (`{metric: {min?, max?, pass_when?}}`).
 * A value with no rule passes; booleans compare as 1/0 against min/max, or with `pass_when`.
 */
import { getOwn, isPlainObject } from "../model/json";

/** A passing rule for one metric. */
export interface PassingRule {
  min?: number;
  max?: number;
  pass_when?: boolean;
}

/** The rule for `metricName`, or undefined when the run defines none (malformed rules are ignored). */
export function passingRule(passingRanges: unknown, metricName: string): PassingRule | undefined {
  const raw = getOwn(passingRanges, metricName);
  if (!isPlainObject(raw)) return undefined;
  const rule: PassingRule = {};
  const min = getOwn(raw, "min");
  const max = getOwn(raw, "max");
  const passWhen = getOwn(raw, "pass_when");
  if (typeof min === "number" && Number.isFinite(min)) rule.min = min;
  if (typeof max === "number" && Number.isFinite(max)) rule.max = max;
  if (typeof passWhen === "boolean") rule.pass_when = passWhen;
  return rule.min === undefined && rule.max === undefined && rule.pass_when === undefined ? undefined : rule;
}

/** True when `value` satisfies `rule` (always true without a rule). */
export function passes(value: number | boolean, rule: PassingRule | undefined): boolean {
  if (!rule) return true;
  if (typeof value === "boolean" && rule.pass_when !== undefined) return value === rule.pass_when;
  const n = typeof value === "boolean" ? (value ? 1 : 0) : value;
  if (rule.min !== undefined && n < rule.min) return false;
  if (rule.max !== undefined && n > rule.max) return false;
  return true;
}
