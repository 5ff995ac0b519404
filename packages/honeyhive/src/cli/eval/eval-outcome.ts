import type { RunComparison } from "../../evaluation/compare-runs";
import type { ExecutionFailure } from "../support/junit-report";
import type { ThresholdCheck } from "../support/thresholds";
import type { EvaluationResult } from "../../evaluation/types";
import { executedCleanly } from "@honeyhive/core/verdict/run-verdict";
import { exitCodeFor, verdictAccepted, type FailureAllowance } from "@honeyhive/core/verdict/exit-rule";
import type { CancelSignal } from "./cancel-on-signals";

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
  /** `--max-failures` / `--min-pass-rate`: failing datapoints the user allows per experiment (none by default). */
  allowance?: FailureAllowance;
}

/**
 * The documented exit code, by the one exit rule (`verdict/exit-rule.ts`): 128 + the signal's number when a
 * signal cancelled the command (130 Ctrl-C, 143 SIGTERM); else 2 when something failed to execute (a file, an
 * experiment, results that were meant to be stored and were not, `--compare`, a `--fail-under` metric no experiment
 * records); else 1 when a datapoint failed its verdict, errored, timed out or was not run (beyond the allowance) or a
 * threshold was missed; else 0.
 */
export function exitCodeOf(facts: ExitFacts): number {
  const notExecuted = facts.failures.length > 0 || facts.compareFailed || facts.checks.some((c) => c.unknownMetric === true)
    || facts.experiments.some((e) => !executedCleanly(e.result.status));
  return exitCodeFor({
    cancelledBy: facts.cancelledBy,
    notExecuted,
    verdictsAccepted: facts.experiments.every((e) => verdictAccepted(e.result.verdict, facts.allowance)),
    thresholdsMet: facts.checks.every((c) => c.passed),
  });
}
