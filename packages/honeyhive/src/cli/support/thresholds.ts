import type { EvaluationResult } from "../../evaluation/types";
import { closestKey } from "@honeyhive/core/text/closest-key";
import { atLeast } from "@honeyhive/core/verdict/bounds";
import { formatNumber } from "../../reporting/format-result";

/** A `--fail-under metric=value` threshold: the metric's average must be at least `min`. */
export interface Threshold {
  metric: string;
  min: number;
}

/** The outcome of one threshold for one experiment. */
export interface ThresholdCheck extends Threshold {
  experiment: string;
  actual: number | null;
  passed: boolean;
  /** Datapoint runs the average covers (those with a value) and datapoint runs that ran. */
  covered?: number;
  datapoints?: number;
  /** True when no experiment records the metric (a wrong name: exit 2, like a bad command line). */
  unknownMetric?: boolean;
  reason?: string;
}

/** Parses `metric=value`; throws a `TypeError` with a usable message otherwise. */
export function parseThreshold(text: string): Threshold {
  const at = text.lastIndexOf("=");
  const metric = at > 0 ? text.slice(0, at).trim() : "";
  const min = at > 0 ? Number(text.slice(at + 1).trim()) : NaN;
  if (!metric || text.slice(at + 1).trim() === "" || !Number.isFinite(min)) {
    throw new TypeError(`--fail-under expects metric=value (e.g. exact_match=0.9), got "${text}"`);
  }
  return { metric, min };
}

function unknownMetric(threshold: Threshold, results: readonly EvaluationResult[]): ThresholdCheck {
  const names = [...new Set(results.flatMap((r) => Object.keys(r.metrics)))];
  const closest = closestKey(threshold.metric, names);
  const hint = closest !== undefined ? `did you mean "${closest}"?` : names.length > 0 ? `the metrics are: ${names.join(", ")}` : "no experiment has metrics";
  return { ...threshold, experiment: "*", actual: null, passed: false, unknownMetric: true, reason: `no experiment records metric "${threshold.metric}"; ${hint}` };
}

function checkOne(threshold: Threshold, result: EvaluationResult): ThresholdCheck {
  const aggregate = result.metrics[threshold.metric]!;
  const actual = aggregate.average;
  const datapoints = result.datapoints.filter((d) => d.status !== "not_run").length;
  const missing = aggregate.missing ?? 0;
  const covered = datapoints - missing;
  const check: ThresholdCheck = { ...threshold, experiment: result.name, actual, covered, datapoints, passed: actual !== null && missing === 0 && atLeast(actual, threshold.min) };
  if (actual === null) check.reason = `metric "${threshold.metric}" has no numeric values`;
  else if (missing > 0) check.reason = `${missing} of ${datapoints} datapoint(s) have no value: a metric that could not be computed fails the threshold`;
  return check;
}

/**
 * Checks every threshold against the metric average (booleans count 1/0) of each experiment that has the
 * metric; experiments without it are not concerned. The average covers the datapoint runs with a value; a datapoint
 * run without one (its function or evaluator failed) fails the threshold, whatever the average. A metric no
 * experiment records fails once (experiment `"*"`, naming the closest metric), so a typo cannot pass silently —
 * unless `someFilesFailed`: a file that failed to run may be the one recording it, and its failure already fails the
 * run, so the metric is not reported as unknown on top of it.
 */
export function checkThresholds(results: readonly EvaluationResult[], thresholds: readonly Threshold[], someFilesFailed = false): ThresholdCheck[] {
  const checks: ThresholdCheck[] = [];
  for (const threshold of thresholds) {
    const concerned = results.filter((r) => r.metrics[threshold.metric] !== undefined);
    if (concerned.length === 0 && !someFilesFailed) checks.push(unknownMetric(threshold, results));
    for (const result of concerned) checks.push(checkOne(threshold, result));
  }
  return checks;
}

/**
 * Why a threshold was missed, for the reports: `average 0.75 < 0.9`, or, when datapoints have no value (then the
 * average may well be above the bound), `average 1 over 1/3 datapoints; 2 of 3 datapoint(s) have no value: …`.
 */
export function thresholdMissText(check: ThresholdCheck): string {
  const actual = check.actual === null ? "n/a" : formatNumber(check.actual);
  if (check.actual !== null && check.reason === undefined) return `average ${actual} < ${check.min}`;
  const over = check.covered !== undefined && check.datapoints !== undefined ? ` over ${check.covered}/${check.datapoints} datapoints` : "";
  return `average ${actual}${over}; ${check.reason ?? "no value"}`;
}
