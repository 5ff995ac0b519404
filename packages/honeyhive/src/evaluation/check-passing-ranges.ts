/**
 * `passingRanges` are checked before anything runs. A key is a metric name: an evaluator's name, `<name>_<field>` for
 * an extra field its `{ score, … }` result carries, or a metric the function writes itself (`enrichSpan({ metrics })`,
 * which the verdict judges as the server does). The last cannot be known before the run, so a key that is none of the
 * evaluators' metrics is taken as the function's own unless it is close to one of them: a likely typo
 * (`exactMatch` for `exact_match`) is an error naming the closest metric, as is a malformed range
 * (`{ min?, max?, pass_when?, min_pass_trials? }`). After the run, a key that no datapoint recorded is named in a warning
 * ({@link unrecordedRangesWarning}): every datapoint that completed failed on it.
 */
import { closestKey } from "@honeyhive/core/text/closest-key";
import { passingRangeNames } from "@honeyhive/core/verdict/passing-range";
import { EvaluationConfigError } from "../config/evaluation-config-error";

const RANGE_KEYS = ["min", "max", "pass_when", "min_pass_trials"] as const;

/** True when `metric` is recorded by one of the evaluators named `evaluatorNames` (its name or `<name>_<field>`). */
function isEvaluatorMetric(metric: string, evaluatorNames: readonly string[]): boolean {
  return evaluatorNames.some((name) => metric === name || (metric.startsWith(`${name}_`) && metric.length > name.length + 1));
}

/** A key close to an evaluator's metric: the message naming it, else undefined (the function's own metric). */
function likelyTypoMessage(metric: string, evaluatorNames: readonly string[]): string | undefined {
  const closest = closestKey(metric, evaluatorNames);
  if (closest === undefined) return undefined;
  return `passingRanges: unknown metric ${JSON.stringify(metric)} (did you mean "${closest}"?); a metric is an evaluator's name, e.g. exactMatch() records "exact_match", or one your function writes (rename it if it is yours)`;
}

function checkRangeKeys(where: string, range: object): void {
  for (const key of Object.keys(range)) {
    if ((RANGE_KEYS as readonly string[]).includes(key)) continue;
    const closest = closestKey(key, RANGE_KEYS);
    throw new EvaluationConfigError(`${where}: unknown key ${JSON.stringify(key)} (${closest ? `did you mean "${closest}"?` : "valid keys: min, max, pass_when, min_pass_trials"})`);
  }
}

function checkMinPassTrials(where: string, k: unknown): void {
  if (k !== undefined && (typeof k !== "number" || !Number.isInteger(k) || k < 1)) throw new EvaluationConfigError(`${where}.min_pass_trials must be a positive whole number of trials`);
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
  checkMinPassTrials(where, r.min_pass_trials);
  if (RANGE_KEYS.every((key) => r[key] === undefined)) throw new EvaluationConfigError(`${where} sets none of min, max, pass_when, min_pass_trials`);
}

/** Throws {@link EvaluationConfigError} when a range asks more passing trials (`min_pass_trials`) than the run has `trials`. */
export function checkTrialRanges(ranges: unknown, trials: number): void {
  if (typeof ranges !== "object" || ranges === null) return;
  for (const [metric, range] of Object.entries(ranges)) {
    const k = (range as Record<string, unknown> | null)?.min_pass_trials;
    if (typeof k === "number" && k > trials) {
      throw new EvaluationConfigError(`passingRanges.${metric}.min_pass_trials is ${k}, more than the run's trials (${trials}): no datapoint could pass; raise trials or lower min_pass_trials`);
    }
  }
}

/** Throws {@link EvaluationConfigError} for an unknown metric or a malformed range in `ranges`. */
export function checkPassingRanges(ranges: unknown, evaluatorNames: readonly string[]): void {
  if (ranges === undefined || ranges === null) return;
  if (typeof ranges !== "object" || Array.isArray(ranges)) throw new EvaluationConfigError("passingRanges must be an object of { metric: { min?, max?, pass_when? } }");
  for (const metric of Object.keys(ranges)) {
    const typo = isEvaluatorMetric(metric, evaluatorNames) ? undefined : likelyTypoMessage(metric, evaluatorNames);
    if (typo !== undefined) throw new EvaluationConfigError(typo);
    checkRange(metric, (ranges as Record<string, unknown>)[metric]);
  }
}

/** What {@link unrecordedRangesWarning} reads of each datapoint result. */
interface RecordedMetrics {
  status: string;
  metrics: Readonly<Record<string, unknown>>;
  eventMetrics?: readonly { name: string }[];
}

/**
 * The keys of `ranges` naming a metric of the function's own (no evaluator's, `evaluatorNames`) that no completed
 * datapoint recorded, in one warning naming the closest recorded metric (every completed datapoint failed on such a
 * key: a metric that could not be computed never passes). An evaluator's metric is left out: its errors are listed
 * with each datapoint. Undefined when every such key was recorded, or when no datapoint completed (their failures say
 * why).
 */
export function unrecordedRangesWarning(ranges: unknown, datapoints: Iterable<RecordedMetrics>, evaluatorNames: readonly string[]): string | undefined {
  const names = passingRangeNames(ranges).filter((name) => !isEvaluatorMetric(name, evaluatorNames));
  if (names.length === 0) return undefined;
  let completed = 0;
  const recorded = new Set<string>();
  for (const d of datapoints) {
    if (d.status !== "success") continue;
    completed += 1;
    for (const name of Object.keys(d.metrics)) recorded.add(name);
    for (const m of d.eventMetrics ?? []) recorded.add(m.name);
  }
  const missing = names.filter((name) => !recorded.has(name));
  if (missing.length === 0 || completed === 0) return undefined;
  const each = missing.map((name) => {
    const closest = closestKey(name, recorded);
    return `"${name}"${closest !== undefined ? ` (did you mean "${closest}"?)` : ""}`;
  });
  const seen = recorded.size > 0 ? `recorded: ${[...recorded].slice(0, 10).join(", ")}${recorded.size > 10 ? ", …" : ""}` : "no metric was recorded";
  return `passingRanges: no datapoint recorded the metric${missing.length === 1 ? "" : "s"} ${each.join(", ")}, so every datapoint that completed failed on ${missing.length === 1 ? "it" : "them"} (${seen})`;
}
