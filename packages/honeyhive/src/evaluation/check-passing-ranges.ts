/**
 * `passingRanges` are checked against the metrics the evaluators record, before anything runs: a metric is an
 * evaluator's name, or `<name>_<field>` for an extra field its `{ score, … }` result carries. A key naming no such
 * metric would decide nothing (or fail every datapoint), so it is an error naming the closest metric, as are
 * malformed ranges (`{ min?, max?, pass_when? }`).
 */
import { closestKey } from "@honeyhive/core/text/closest-key";
import { EvaluationConfigError } from "./evaluation-config-error";

const RANGE_KEYS = ["min", "max", "pass_when"] as const;

/** True when `metric` is recorded by one of the evaluators named `evaluatorNames` (its name or `<name>_<field>`). */
function isEvaluatorMetric(metric: string, evaluatorNames: readonly string[]): boolean {
  return evaluatorNames.some((name) => metric === name || (metric.startsWith(`${name}_`) && metric.length > name.length + 1));
}

function unknownMetricMessage(metric: string, evaluatorNames: readonly string[]): string {
  const printable = JSON.stringify(metric);
  if (evaluatorNames.length === 0) return `passingRanges: metric ${printable} is recorded by no evaluator (there are no evaluators)`;
  const closest = closestKey(metric, evaluatorNames);
  const hint = closest !== undefined ? `did you mean "${closest}"?` : `the evaluators record: ${evaluatorNames.join(", ")}`;
  return `passingRanges: unknown metric ${printable} (${hint}); a metric is an evaluator's name, e.g. exactMatch() records "exact_match"`;
}

function checkRangeKeys(where: string, range: object): void {
  for (const key of Object.keys(range)) {
    if ((RANGE_KEYS as readonly string[]).includes(key)) continue;
    const closest = closestKey(key, RANGE_KEYS);
    throw new EvaluationConfigError(`${where}: unknown key ${JSON.stringify(key)} (${closest ? `did you mean "${closest}"?` : "valid keys: min, max, pass_when"})`);
  }
}

function checkRange(metric: string, range: unknown): void {
  const where = `passingRanges.${metric}`;
  if (typeof range !== "object" || range === null || Array.isArray(range)) throw new EvaluationConfigError(`${where} must be an object { min?, max?, pass_when? }`);
  checkRangeKeys(where, range);
  const r = range as Record<string, unknown>;
  for (const key of ["min", "max"] as const) {
    if (r[key] !== undefined && (typeof r[key] !== "number" || !Number.isFinite(r[key]))) throw new EvaluationConfigError(`${where}.${key} must be a finite number`);
  }
  if (r.pass_when !== undefined && typeof r.pass_when !== "boolean") throw new EvaluationConfigError(`${where}.pass_when must be true or false`);
  if (r.min === undefined && r.max === undefined && r.pass_when === undefined) throw new EvaluationConfigError(`${where} sets none of min, max, pass_when`);
}

/** Throws {@link EvaluationConfigError} for an unknown metric or a malformed range in `ranges`. */
export function checkPassingRanges(ranges: unknown, evaluatorNames: readonly string[]): void {
  if (ranges === undefined || ranges === null) return;
  if (typeof ranges !== "object" || Array.isArray(ranges)) throw new EvaluationConfigError("passingRanges must be an object of { metric: { min?, max?, pass_when? } }");
  for (const metric of Object.keys(ranges)) {
    if (!isEvaluatorMetric(metric, evaluatorNames)) throw new EvaluationConfigError(unknownMetricMessage(metric, evaluatorNames));
    checkRange(metric, (ranges as Record<string, unknown>)[metric]);
  }
}
