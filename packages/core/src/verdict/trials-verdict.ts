/**
 * k of n over trials: a passing range with `min_pass_trials: k` judges its metric over a datapoint's trials (evaluate()'s
 * `trials`): the metric passes the datapoint when at least k trials have a value for it and none of their values fails
 * its range; a trial without a value, or whose function did not complete, does not count. Every trial of the datapoint
 * then takes that outcome for the metric (`datapoint-verdict.ts`'s `acrossTrials`), so "passed 2 of 3" reads the same
 * on each trial. One rule for evaluate() (its result, the CLI, the test runners) and the dev server's run summary.
 */
import { metricVerdict } from "./metric-verdict";
import { passingRangeNames, passingRangeOf } from "./passing-range";

/** What one trial contributes: whether its function completed, and its metric values (a name may repeat). */
export interface TrialMetrics {
  completed: boolean;
  metrics: Iterable<readonly [string, unknown]>;
}

/** The metrics of `ranges` judged over trials, each with its k. */
function kOfNMetrics(ranges: unknown): Map<string, number> {
  const out = new Map<string, number>();
  for (const name of passingRangeNames(ranges)) {
    const k = passingRangeOf(ranges, name)?.min_pass_trials;
    if (k !== undefined) out.set(name, k);
  }
  return out;
}

/** True when the ranges judge some metric over trials. */
export function hasTrialRanges(ranges: unknown): boolean {
  return kOfNMetrics(ranges).size > 0;
}

/** The outcome of each metric judged over the datapoint's `trials` (none when no range asks for k of n). */
export function acrossTrialsVerdicts(trials: readonly TrialMetrics[], ranges: unknown): Map<string, boolean> {
  const kOfN = kOfNMetrics(ranges);
  const passes = new Map<string, number>([...kOfN.keys()].map((name) => [name, 0]));
  for (const trial of trials) {
    if (!trial.completed) continue;
    const verdicts = new Map<string, boolean>();
    for (const [name, value] of trial.metrics) {
      if (!kOfN.has(name)) continue;
      const passed = metricVerdict(value, passingRangeOf(ranges, name)) !== "failed";
      verdicts.set(name, (verdicts.get(name) ?? true) && passed);
    }
    for (const [name, passed] of verdicts) if (passed) passes.set(name, (passes.get(name) ?? 0) + 1);
  }
  return new Map([...kOfN].map(([name, k]) => [name, (passes.get(name) ?? 0) >= k]));
}
