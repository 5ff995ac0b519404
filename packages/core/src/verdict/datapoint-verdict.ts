/**
 * Pass/fail of one datapoint (one trial): it fails when its function did not complete (failed, timed out
 * or was cancelled), when one of its evaluators left no record (its scores never reached the server, see
 * `unrecordedEvaluators`), when one of its evaluators errored (threw, timed out, returned what is no score), when any of
 * its metric values fails (see `metricVerdict`), or when a passing range names a metric it has no value for
 * (returned nothing or an unreadable verdict): a metric that could not be computed never passes, with a range or
 * without one. Otherwise it passes. A metric whose range asks for k of n trials (`min_pass_trials`) is judged over the
 * datapoint's trials instead (`acrossTrials`).
 */
import { metricVerdict } from "./metric-verdict";
import { passingRangeNames, passingRangeOf } from "./passing-range";

/** The metadata key under which evaluate() records a datapoint's evaluator errors (`{ name: message }`) on its chain event. */
export const EVALUATOR_ERRORS_KEY = "evaluator_errors";

/** True when an event's metadata records evaluator errors (read the same way wherever events are judged). */
export function recordsEvaluatorErrors(metadata: unknown): boolean {
  if (typeof metadata !== "object" || metadata === null) return false;
  const errors = (metadata as Record<string, unknown>)[EVALUATOR_ERRORS_KEY];
  return typeof errors === "object" && errors !== null && !Array.isArray(errors);
}

/**
 * A datapoint's evaluator errors as people read them, one entry per evaluator: `evaluator "judge" failed: Error:
 * crashed` (the CLI's failure lines, the reports and the viewer's run page say it the same way).
 */
export function evaluatorErrorsText(errors: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(errors).map(([name, error]) => `evaluator "${name}" failed: ${typeof error === "string" ? error : JSON.stringify(error)}`);
}

/** What the verdict of a datapoint is computed from. */
interface DatapointVerdictInput {
  /** True when the evaluated function returned (it did not throw, time out or get cancelled). */
  completed: boolean;
  /** Metric values as `[name, value]` pairs; a name may repeat (values from several events). */
  metrics: Iterable<readonly [string, unknown]>;
  /** The passing ranges by metric name (untrusted shapes are tolerated). */
  ranges?: unknown;
  /** True when an evaluator of the datapoint errored (`evaluator_errors` in the datapoint's metadata). */
  evaluatorErrored?: boolean;
  /** True when an evaluator of the run left no record in the datapoint (see {@link unrecordedEvaluators}). */
  evaluatorUnrecorded?: boolean;
  /**
   * The verdicts of the metrics judged over all the datapoint's trials (`min_pass_trials`, `trials-verdict.ts`): these
   * metrics are not judged by this trial's values but by the datapoint's k of n.
   */
  acrossTrials?: ReadonlyMap<string, boolean>;
}

/** True when the datapoint passed. */
export function datapointPassed(input: DatapointVerdictInput): boolean {
  if (!input.completed || input.evaluatorErrored === true || input.evaluatorUnrecorded === true) return false;
  const across = input.acrossTrials;
  const seen = new Set<string>();
  for (const [name, value] of input.metrics) {
    if (across?.has(name)) continue;
    if (metricVerdict(value, passingRangeOf(input.ranges, name)) === "failed") return false;
    seen.add(name);
  }
  return passingRangeNames(input.ranges).every((name) => (across?.has(name) ? across.get(name) === true : seen.has(name)));
}

/** What a datapoint's stored events record of its evaluators: the events' names and the metrics' names. */
export interface RecordedEvaluation {
  eventNames: ReadonlySet<string>;
  metricNames: Iterable<string>;
}

/**
 * The evaluators of a run (its configuration's `evaluators`: untrusted, names other than strings are skipped) of
 * which a datapoint's stored events hold no record: no event of the evaluator's name (the span evaluate() runs it in,
 * even when it returns nothing) and no metric of its name or `<name>_…` (its score and extras). Such an evaluator's
 * scores never arrived; a metric that could not be computed never passes.
 */
export function unrecordedEvaluators(evaluators: unknown, recorded: RecordedEvaluation): string[] {
  if (!Array.isArray(evaluators)) return [];
  const names = evaluators.filter((e): e is string => typeof e === "string" && e !== "" && !recorded.eventNames.has(e));
  if (names.length === 0) return [];
  const metrics = [...recorded.metricNames];
  return names.filter((name) => !metrics.some((m) => m === name || m.startsWith(`${name}_`)));
}
