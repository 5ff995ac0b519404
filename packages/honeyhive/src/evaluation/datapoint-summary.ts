/**
 * What `result.datapoints` keeps of a datapoint run in evaluate()'s `datapointResults: "summary"` mode: everything the
 * aggregates, verdicts, counts, comparisons and reports read (ids, status, error, scores, event metrics, duration,
 * verdict), without the inputs, ground truth and outputs of the runs that passed or never ran. A run that did not pass
 * keeps them (the failure lines show its inputs). Shared by every place a run's result is kept, so both modes agree.
 */
import type { DatapointResult, DatapointResultsMode } from "./types";

/** The one empty inputs object every summarized run shares (frozen: a reader cannot write into another run's). */
const NO_INPUTS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/** The one empty evaluator errors object every summarized run without any shares (frozen, as {@link NO_INPUTS}). */
const NO_EVALUATOR_ERRORS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** What a summary is made of: a datapoint run's result less its inputs, ground truth and outputs. */
export type SummaryFields = Omit<DatapointResult, "inputs" | "groundTruth" | "outputs">;

/** Whether `object` has no own enumerable key. */
export function isEmptyRecord(object: object): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return false;
  return true;
}

/** Whether `result` is kept whole in `mode`: always when full, and when it ran and did not pass in a summary. */
export function keptWhole(result: DatapointResult, mode: DatapointResultsMode): boolean {
  return mode === "full" || (result.status !== "not_run" && !result.passed);
}

/**
 * The summary of a datapoint run. It is written field by field (an object spread gave every summary a hidden class of
 * its own: 300 bytes each), and an empty `evaluatorErrors` is one shared object (an empty object each was 56 bytes
 * per datapoint run).
 */
export function datapointSummary(f: SummaryFields): DatapointResult {
  const summary: DatapointResult = {
    index: f.index, trial: f.trial, datapointId: f.datapointId, sessionId: f.sessionId, inputs: NO_INPUTS, groundTruth: undefined,
    outputs: undefined, status: f.status, metrics: f.metrics,
    evaluatorErrors: isEmptyRecord(f.evaluatorErrors) ? NO_EVALUATOR_ERRORS : f.evaluatorErrors, durationMs: f.durationMs, passed: f.passed,
  };
  if (f.error !== undefined) summary.error = f.error;
  if (f.eventMetrics !== undefined) summary.eventMetrics = f.eventMetrics;
  if (f.eventMetricsDropped !== undefined) summary.eventMetricsDropped = f.eventMetricsDropped;
  return summary;
}

/** The datapoint run as `result.datapoints` keeps it in `mode`: itself when kept whole ({@link keptWhole}), else its summary. */
export function keptDatapointResult(result: DatapointResult, mode: DatapointResultsMode): DatapointResult {
  return keptWhole(result, mode) ? result : datapointSummary(result);
}
