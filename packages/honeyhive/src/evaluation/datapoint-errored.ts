/**
 * Which datapoint runs count as errored, defined once for the progress line, the summary and the reports: the
 * function failed (threw) or timed out. A run cancelled while it ran is not an error (the user stopped it), nor is one
 * that never started.
 */
import type { DatapointStatus, EvaluationResult } from "./types";

/** True when a datapoint run with this status errored (its function failed or timed out). */
export function datapointErrored(status: DatapointStatus): boolean {
  return status === "failed" || status === "timed_out";
}

/** The number of errored datapoint runs in an experiment's stats. */
export function erroredCount(stats: EvaluationResult["stats"]): number {
  return stats.failed + stats.timed_out;
}
