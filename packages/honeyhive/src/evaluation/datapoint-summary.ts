/**
 * What `result.datapoints` keeps of a datapoint run in evaluate()'s `datapointResults: "summary"` mode: everything the
 * aggregates, verdicts, counts, comparisons and reports read (ids, status, error, scores, event metrics, duration,
 * verdict), without the inputs, ground truth and outputs of the runs that passed or never ran. A run that did not pass
 * keeps them (the failure lines show its inputs). Shared by every place a run's result is kept, so both modes agree.
 */
import type { DatapointResult, DatapointResultsMode } from "./types";

/** The one empty inputs object every summarized run shares (frozen: a reader cannot write into another run's). */
const NO_INPUTS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * The datapoint run as `result.datapoints` keeps it in `mode`: itself when full, or when it ran and did not pass. The
 * summary is written field by field (an object spread gave every summary a hidden class of its own: 300 bytes each).
 */
export function keptDatapointResult(result: DatapointResult, mode: DatapointResultsMode): DatapointResult {
  if (mode === "full" || (result.status !== "not_run" && !result.passed)) return result;
  const summary: DatapointResult = {
    index: result.index, trial: result.trial, datapointId: result.datapointId, sessionId: result.sessionId, inputs: NO_INPUTS, groundTruth: undefined,
    outputs: undefined, status: result.status, metrics: result.metrics, evaluatorErrors: result.evaluatorErrors, durationMs: result.durationMs, passed: result.passed,
  };
  if (result.error !== undefined) summary.error = result.error;
  if (result.eventMetrics !== undefined) summary.eventMetrics = result.eventMetrics;
  if (result.eventMetricsDropped !== undefined) summary.eventMetricsDropped = result.eventMetricsDropped;
  return summary;
}
