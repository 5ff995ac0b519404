import type { RunComparison } from "../../evaluation/compare-runs";
import type { ExecutionFailure } from "../support/junit-report";
import type { ThresholdCheck } from "../support/thresholds";
import type { EvaluationResult } from "../../evaluation/types";
import { executedCleanly } from "../../verdict/run-verdict";
import { signalExitCode, type CancelSignal } from "./cancel-on-signals";

import type { PreviousRun } from "../../reporting/previous-runs";

export type { PreviousRun };

/** One experiment the command ran, with what it is compared with. */
export interface ExperimentOutcome {
  result: EvaluationResult;
  file: string;
  comparison?: RunComparison;
  previous?: PreviousRun;
}

/** Everything the command reports on. */
export interface EvalOutcome {
  experiments: ExperimentOutcome[];
  checks: ThresholdCheck[];
  failures: ExecutionFailure[];
  exitCode: number;
}

export { formatDelta } from "../../reporting/previous-runs";

/** What decides the exit code of `honeyhive eval`. */
export interface ExitFacts {
  experiments: readonly ExperimentOutcome[];
  checks: readonly ThresholdCheck[];
  failures: readonly ExecutionFailure[];
  /** True when a --compare comparison could not be made. */
  compareFailed: boolean;
  /** The signal that cancelled the command, if one did. */
  cancelledBy?: CancelSignal;
}

/**
 * The documented exit code: 128 + the signal's number when a signal cancelled the command (130 Ctrl-C, 143
 * SIGTERM: what a shell, and npm under `npx`, reports for it anyway); else 2 when something failed to execute
 * (results that were meant to be stored and were not are such failures); else 1 when a threshold was missed; else 0.
 */
export function exitCodeOf(facts: ExitFacts): number {
  if (facts.cancelledBy) return signalExitCode(facts.cancelledBy);
  const executionFailed = facts.failures.length > 0 || facts.compareFailed || facts.experiments.some((e) => !executedCleanly(e.result.status));
  if (executionFailed) return 2;
  return facts.checks.some((c) => !c.passed) ? 1 : 0;
}
