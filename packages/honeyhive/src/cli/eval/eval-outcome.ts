import type { RunComparison } from "../../evaluation/compare-runs";
import type { ExecutionFailure } from "../support/junit-report";
import type { ThresholdCheck } from "../support/thresholds";
import type { EvaluationResult } from "../../evaluation/types";

/** Metric averages of an earlier run of the same experiment (watch mode compares each rerun with it). */
export interface PreviousRun {
  runId: string;
  metrics: Record<string, number | null>;
}

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

/** A signed number with the table precision: `+0.25`, `-1`, `0`. */
export function formatDelta(value: number | null, format: (n: number | null) => string): string {
  if (value === null || Number.isNaN(value)) return "-";
  const text = format(value);
  return value > 0 ? `+${text}` : text;
}
