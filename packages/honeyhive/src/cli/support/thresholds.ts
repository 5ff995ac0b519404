import type { EvaluationResult } from "../../evaluation/types";

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
  reason?: string;
}

/** Parses `metric=value`; throws a `TypeError` with a usable message otherwise. */
export function parseThreshold(text: string): Threshold {
  const at = text.lastIndexOf("=");
  const metric = at > 0 ? text.slice(0, at).trim() : "";
  const min = at > 0 ? Number(text.slice(at + 1).trim()) : NaN;
  if (!metric || text.slice(at + 1).trim() === "" || !Number.isFinite(min)) {
    throw new TypeError(`--fail-under expects metric=value (e.g. exactMatch=0.9), got "${text}"`);
  }
  return { metric, min };
}

/**
 * Checks every threshold against the metric average (booleans count 1/0) of each experiment that has the
 * metric; experiments without it are not concerned. A metric no experiment has fails the threshold once
 * (experiment `"*"`), so a typo cannot pass silently.
 */
export function checkThresholds(results: readonly EvaluationResult[], thresholds: readonly Threshold[]): ThresholdCheck[] {
  const checks: ThresholdCheck[] = [];
  for (const threshold of thresholds) {
    const concerned = results.filter((r) => r.metrics[threshold.metric] !== undefined);
    if (concerned.length === 0) {
      checks.push({ ...threshold, experiment: "*", actual: null, passed: false, reason: `metric "${threshold.metric}" not found in any experiment` });
      continue;
    }
    for (const result of concerned) {
      const actual = result.metrics[threshold.metric]?.average ?? null;
      const check: ThresholdCheck = { ...threshold, experiment: result.name, actual, passed: actual !== null && actual >= threshold.min };
      if (actual === null) check.reason = `metric "${threshold.metric}" has no numeric values`;
      checks.push(check);
    }
  }
  return checks;
}
