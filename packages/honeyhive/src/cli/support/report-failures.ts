import type { EvaluationResult } from "../../evaluation/types";
import { failureReason } from "../../reporting/failure-line";
import type { ExecutionFailure } from "./junit-report";

/** A file or evaluation that could not run as asked (it did not load, its evaluation was invalid, its results were not stored). */
export interface ReportedExecutionFailure extends ExecutionFailure {
  kind: "execution";
}

/** A datapoint run that did not pass: its function failed, timed out or was cancelled, or it completed and did not pass. */
export interface ReportedDatapointFailure {
  kind: "datapoint";
  /** The eval file of the experiment, when the CLI ran one. */
  file?: string;
  /** The experiment's name and run id. */
  experiment: string;
  runId: string;
  datapointId: string;
  sessionId?: string;
  index: number;
  trial: number;
  /** `failed`, `timed_out`, `cancelled` or `did not pass`. */
  outcome: string;
  /** The function's error, the evaluators that errored, the scores: the reason the other reports give. */
  error: string;
}

/** One entry of the `--json` report's `failures`: an execution failure or a datapoint run that did not pass. */
export type ReportedFailure = ReportedExecutionFailure | ReportedDatapointFailure;

/** The datapoint runs of `result` that did not pass, in datapoint order (runs not started are not failures). */
function datapointFailures(result: EvaluationResult, file: string | undefined): ReportedDatapointFailure[] {
  const failures: ReportedDatapointFailure[] = [];
  for (const d of result.datapoints) {
    const reason = failureReason(d);
    if (reason === undefined) continue;
    failures.push({
      kind: "datapoint", ...(file !== undefined ? { file } : {}), experiment: result.name, runId: result.runId,
      datapointId: d.datapointId, ...(d.sessionId !== undefined ? { sessionId: d.sessionId } : {}),
      index: d.index, trial: d.trial, outcome: reason.outcome, error: reason.detail,
    });
  }
  return failures;
}

/** Every failure the run had: execution failures first, then each experiment's failed datapoint runs. Pure. */
export function reportedFailures(
  results: readonly { result: EvaluationResult; file?: string }[],
  executionFailures: readonly ExecutionFailure[],
): ReportedFailure[] {
  return [
    ...executionFailures.map((f): ReportedExecutionFailure => ({ kind: "execution", ...f })),
    ...results.flatMap(({ result, file }) => datapointFailures(result, file)),
  ];
}
