/**
 * Pass/fail of one datapoint (one trial): it fails when its function did not complete (failed, timed out
 * or was cancelled), when any of its metric values fails (see `metricVerdict`), or when a passing range names a
 * metric it has no value for (the evaluator threw, timed out, returned nothing or an unreadable verdict: a metric
 * that could not be computed never passes); otherwise it passes.
 */
import { metricVerdict } from "./metric-verdict";
import { passingRangeNames, passingRangeOf } from "./passing-range";

/** What the verdict of a datapoint is computed from. */
interface DatapointVerdictInput {
  /** True when the evaluated function returned (it did not throw, time out or get cancelled). */
  completed: boolean;
  /** Metric values as `[name, value]` pairs; a name may repeat (values from several events). */
  metrics: Iterable<readonly [string, unknown]>;
  /** The passing ranges by metric name (untrusted shapes are tolerated). */
  ranges?: unknown;
}

/** True when the datapoint passed. */
export function datapointPassed(input: DatapointVerdictInput): boolean {
  if (!input.completed) return false;
  const seen = new Set<string>();
  for (const [name, value] of input.metrics) {
    if (metricVerdict(value, passingRangeOf(input.ranges, name)) === "failed") return false;
    seen.add(name);
  }
  return passingRangeNames(input.ranges).every((name) => seen.has(name));
}
