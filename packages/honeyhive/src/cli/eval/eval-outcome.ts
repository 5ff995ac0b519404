import type { MetricComparison, RunComparison } from "../../evaluation/compare-runs";
import type { ExecutionFailure } from "../support/junit-report";
import type { ThresholdCheck } from "../support/thresholds";
import type { EvaluationResult } from "../../evaluation/types";
import { executedCleanly, runVerdict, type RunVerdict } from "@honeyhive/core/verdict/run-verdict";
import { exitCodeFor, notPassed, verdictAccepted, type FailureAllowance } from "@honeyhive/core/verdict/exit-rule";
import type { CancelSignal } from "./cancel-on-signals";
import { significantRegressions, unknownWatchedMetrics, type RegressionWatch } from "@honeyhive/core/verdict/regression-gate";
import { pValueText } from "@honeyhive/core/verdict/significance-text";
import { comparedRows, rowLabel } from "../../reporting/comparison-text";

import type { PreviousRun } from "../../reporting/previous-runs";
import type { UnpricedModel } from "../../processing/unpriced-models";

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
  /** The process's exit code: every message that names the outcome is derived from it (see {@link decideExit}). */
  exitCode: number;
  /** Why the exit code is what it is ({@link ExitDecision.reasons}); absent, messages name the outcome alone. */
  reasons?: readonly string[];
  /** Models whose calls had token usage and no built-in price (their cost is unknown, not 0); absent or empty: none. */
  unpriced?: readonly UnpricedModel[];
}

export { formatDelta } from "../../reporting/previous-runs";

/** Passed, failed and not-run datapoints over every experiment the command ran. */
export function overallVerdict(experiments: readonly ExperimentOutcome[]): RunVerdict {
  return runVerdict(experiments.flatMap((e) => e.result.datapoints.map((d) => (d.status === "not_run" ? "not_run" as const : d.passed))));
}

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
  /** `--fail-on-regression`: the metrics whose significant degradation alone fails the command. */
  gate?: RegressionWatch;
}

/** The exit code and why: the one value every outcome message of the command is derived from. */
interface ExitDecision {
  code: number;
  /**
   * What decided the code, for people: the execution problems for 2, the datapoints and thresholds that did not pass
   * for 1, the failures the allowance accepted for 0 (none when everything passed), execution failures before the
   * signal for 130/143 (the code's words name the signal).
   */
  reasons: string[];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

const MAX_NAMED_FAILURES = 3;

/** The execution failures in a few words each (`results of "qa" not stored`), the same ones once, at most three named. */
function failureSummaries(failures: readonly ExecutionFailure[]): string[] {
  const named = [...new Set(failures.map((f) => f.summary ?? "an execution failure"))];
  if (named.length <= MAX_NAMED_FAILURES) return named;
  return [...named.slice(0, MAX_NAMED_FAILURES), `${plural(named.length - MAX_NAMED_FAILURES, "more execution failure")}`];
}

/** Regressions of the experiments' own gates (evaluate()'s `failOnRegression`): one reason per metric. */
function ownGateRegressions(facts: ExitFacts): string[] {
  return facts.experiments.flatMap((e) => (e.result.regressionGate?.regressions ?? []).map((row) => `"${e.result.name}": ${rowLabel(row)} degraded significantly (${pValueText(row.significance!.adjustedP)})`));
}

/** Why the command could not execute everything (exit 2); empty when it could. */
function notExecutedReasons(facts: ExitFacts): string[] {
  const reasons: string[] = [];
  for (const e of facts.experiments) if (e.result.regressionGate?.error !== undefined) reasons.push(`"${e.result.name}": ${e.result.regressionGate.error}`);
  reasons.push(...failureSummaries(facts.failures));
  const unknown = facts.checks.filter((c) => c.unknownMetric === true).length;
  if (unknown > 0) reasons.push(`${plural(unknown, "--fail-under metric")} no experiment records`);
  if (facts.compareFailed) reasons.push("the --compare comparison could not be made");
  for (const e of facts.experiments) if (!executedCleanly(e.result.status)) reasons.push(`"${e.result.name}" ${e.result.status}`);
  return reasons;
}

/** The datapoints that did not pass, per experiment: failures beyond the allowance (exit 1), or within it (exit 0). */
function verdictReasons(facts: ExitFacts, accepted: boolean): string[] {
  return facts.experiments
    // an experiment with its own regression gate (evaluate()'s failOnRegression) is decided by that gate
    .filter((e) => e.result.regressionGate === undefined)
    .filter((e) => notPassed(e.result.verdict) > 0 && verdictAccepted(e.result.verdict, facts.allowance) === accepted)
    .map((e) => {
      const v = e.result.verdict;
      const says = accepted ? " did not pass, allowed by --max-failures / --min-pass-rate" : " did not pass";
      return `${notPassed(v)} of ${plural(v.total, "datapoint")} of "${e.result.name}"${says}`;
    });
}

/** Every compared row of an experiment (none without a comparison). */
function rowsOf(e: ExperimentOutcome): MetricComparison[] {
  return e.comparison ? comparedRows(e.comparison) : [];
}

/** `"qa": pass_rate degraded significantly (p = 0.003)`, one per watched row that did. */
function regressionReasons(facts: ExitFacts, gate: RegressionWatch): string[] {
  return facts.experiments.flatMap((e) =>
    significantRegressions(rowsOf(e), gate).map((row) => `"${e.result.name}": ${rowLabel(row)} degraded significantly (${pValueText(row.significance!.adjustedP)})`),
  );
}

/** Watched metric names that no compared experiment has (a typo must not read as "no regression"). */
function unknownGateMetrics(facts: ExitFacts, gate: RegressionWatch): string[] {
  const compared = facts.experiments.filter((e) => e.comparison);
  if (compared.length === 0) return [];
  const unknown = compared.map((e) => new Set(unknownWatchedMetrics(rowsOf(e), gate)));
  return [...unknown[0]!].filter((name) => unknown.every((set) => set.has(name)));
}

/** The gate's decision: regressions fail (exit 1); failing datapoints only inform (the gate decides, not each datapoint). */
function gateDecision(facts: ExitFacts, gate: RegressionWatch): ExitDecision {
  const regressions = regressionReasons(facts, gate);
  const code = exitCodeFor({ cancelledBy: facts.cancelledBy, notExecuted: false, verdictsAccepted: regressions.length === 0, thresholdsMet: facts.checks.every((c) => c.passed) });
  const missed = facts.checks.filter((c) => !c.passed).length;
  if (code !== 0) return { code, reasons: [...regressions, ...(missed > 0 ? [`${plural(missed, "threshold")} missed`] : [])] };
  const informed = facts.experiments.filter((e) => notPassed(e.result.verdict) > 0).map((e) => `${notPassed(e.result.verdict)} of ${plural(e.result.verdict.total, "datapoint")} of "${e.result.name}" did not pass, with no significant regression (--fail-on-regression)`);
  return { code, reasons: informed };
}

/**
 * The documented exit code, by the one exit rule (`verdict/exit-rule.ts`), with its reasons: 128 + the signal's
 * number when a signal cancelled the command (130 Ctrl-C, 143 SIGTERM); else 2 when something failed to execute (a
 * file, an experiment, results that were meant to be stored and were not, `--compare`, a `--fail-under` metric no
 * experiment records, an experiment cancelled through its signal, its datapoints not run); else 1 when a datapoint
 * failed its verdict, errored or timed out (beyond the allowance) or a threshold was missed; else 0. With
 * `--fail-on-regression`, 1 only when a watched metric degraded significantly against `--compare` (or a threshold
 * was missed), whatever the datapoints' verdicts; a watched metric no comparison has is not executed (2).
 */
export function decideExit(facts: ExitFacts): ExitDecision {
  const notExecuted = notExecutedReasons(facts);
  if (facts.gate !== undefined) for (const name of unknownGateMetrics(facts, facts.gate)) notExecuted.push(`--fail-on-regression metric "${name}" is in no comparison`);
  const rejected = [...verdictReasons(facts, false), ...ownGateRegressions(facts)];
  const missed = facts.checks.filter((c) => !c.passed).length;
  const code = exitCodeFor({ cancelledBy: facts.cancelledBy, notExecuted: notExecuted.length > 0, verdictsAccepted: rejected.length === 0, thresholdsMet: missed === 0 });
  // Cancelled: the code's words name the signal; execution failures before it are still worth saying.
  if (facts.cancelledBy) return { code, reasons: facts.failures.length > 0 ? [plural(facts.failures.length, "execution failure")] : [] };
  if (notExecuted.length > 0) return { code, reasons: notExecuted };
  if (facts.gate !== undefined) return gateDecision(facts, facts.gate);
  if (rejected.length > 0 || missed > 0) return { code, reasons: [...rejected, ...(missed > 0 ? [`${plural(missed, "threshold")} missed`] : [])] };
  return { code, reasons: verdictReasons(facts, true) };
}
