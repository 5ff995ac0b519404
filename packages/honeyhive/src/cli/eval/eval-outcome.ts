import type { RunComparison } from "../../evaluation/compare-runs";
import type { ExecutionFailure } from "../support/junit-report";
import type { ThresholdCheck } from "../support/thresholds";
import type { EvaluationResult } from "../../evaluation/types";

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
