/** The human summary `honeyhive eval` prints after the runs (numbers with table precision, optional colour). */
import { formatEvaluationResult, formatNumber } from "../../reporting/format-result";
import type { Palette } from "../colors";
import { erroredCount } from "../../evaluation/datapoint-errored";
import { datasetVersionNote, type RunComparison } from "../../evaluation/compare-runs";
import type { EvaluationResult } from "../../evaluation/types";
import { previousRunLines } from "../../reporting/previous-runs";
import { runIdentityText } from "@honeyhive/core/text/run-identity";
import { promptChangeText } from "@honeyhive/core/prompts/prompt-change";
import { exitOutcomeWords } from "@honeyhive/core/verdict/exit-rule";
import type { ThresholdCheck } from "../support/thresholds";
import { formatDelta, overallVerdict, type EvalOutcome, type ExperimentOutcome } from "./eval-outcome";
import { comparedRows, directionWords, rowLabel, tradeOffLine } from "../../reporting/comparison-text";
import { costBudgetText } from "../../reporting/cost-budget-text";
import { significanceText } from "@honeyhive/core/verdict/significance-text";
import { type UnpricedModel, unpricedModelsText } from "../../processing/unpriced-models";

/** The comparison with --compare's run (or the experiment's own compareWith): counts, each row's reading, the trade-off. */
function comparedLines(comparison: RunComparison, c: Palette): string[] {
  // Datapoints counted once each by their overall direction (the viewer's rule), not once per metric.
  const counts = `${c.green(`${comparison.improvedCount} improved`)}, ${comparison.degradedCount > 0 ? c.red(`${comparison.degradedCount} degraded`) : "0 degraded"}, ${comparison.mixedCount} mixed, ${comparison.sameCount} same`;
  const regressed = comparison.regressed.length > 0 ? c.red(` (${comparison.regressed.length} ran before and now errored or were not run)`) : "";
  // runs of one name told apart by id prefix and start time
  const lines = [`Compared with run ${runIdentityText(comparison.oldRun)} (this run: ${runIdentityText(comparison.newRun)}): ${comparison.commonDatapoints.length} common datapoints, ${counts}${regressed}`];
  const versions = datasetVersionNote(comparison);
  if (versions !== undefined) lines.push(c.yellow(`  Note: ${versions}`));
  for (const m of comparedRows(comparison)) {
    const delta = formatDelta(m.difference, formatNumber);
    const reading = significanceText(m.significance);
    const tinted = m.significance?.verdict === "degraded" ? c.red(reading) : m.significance?.verdict === "improved" ? c.green(reading) : reading;
    lines.push(`  ${rowLabel(m)} (${directionWords(m)}): ${formatNumber(m.oldAggregate)} -> ${formatNumber(m.newAggregate)} (${delta}; ${m.improvedCount} improved, ${m.degradedCount} degraded, ${m.sameCount} same): ${tinted}`);
  }
  const tradeOff = tradeOffLine(comparison);
  if (tradeOff !== undefined) lines.push(`  Trade-off: ${tradeOff}`);
  if (comparison.promptChange) lines.push(...promptChangeText(comparison.promptChange).map((line, i) => (i === 0 ? `  ${c.yellow(line)}` : `    ${line}`)));
  return lines;
}

/** The budget's line (`maxCostUsd`) and the regression gate's (`failOnRegression`), when the experiment has them. */
function budgetAndGateLines(result: EvaluationResult, c: Palette): string[] {
  const lines: string[] = [];
  const cost = result.cost;
  if (cost) {
    const line = costBudgetText(cost);
    lines.push(cost.reached ? c.yellow(line) : line);
  }
  const gate = result.regressionGate;
  if (gate) lines.push(gate.passed ? c.green("Regression gate: passed (no significant regression)") : c.red(`Regression gate: failed (${gate.error ?? gate.regressions.map((r) => rowLabel(r)).join(", ")})`));
  return lines;
}

function comparisonLines(entry: ExperimentOutcome, c: Palette): string[] {
  const lines = [...(entry.comparison ? comparedLines(entry.comparison, c) : []), ...budgetAndGateLines(entry.result, c)];
  if (entry.previous) {
    lines.push(...previousRunLines(entry.result, entry.previous, (diff, delta) => (diff !== null && diff < 0 ? c.red(delta) : diff !== null && diff > 0 ? c.green(delta) : delta)));
  }
  return lines;
}

/** `qa: exact_match average 0.75 over 3/4 datapoints >= 0.9 (1 of 4 datapoint(s) have no value: …)`. */
function thresholdLine(check: ThresholdCheck): string {
  const actual = check.actual === null ? "n/a" : formatNumber(check.actual);
  const over = check.covered !== undefined && check.datapoints !== undefined ? ` over ${check.covered}/${check.datapoints} datapoints` : "";
  return `${check.experiment}: ${check.metric} average ${actual}${over} >= ${check.min}${check.reason ? ` (${check.reason})` : ""}`;
}

/** Writes the summary of every experiment, the thresholds and the final line to `write`. */
export function printSummary(outcome: EvalOutcome, write: (text: string) => void, c: Palette): void {
  for (const entry of outcome.experiments) {
    write(`\n${c.bold(entry.file)}\n`);
    write(formatEvaluationResult(entry.result));
    for (const line of comparisonLines(entry, c)) write(`${line}\n`);
  }
  if (outcome.checks.length > 0) {
    write("\nThresholds:\n");
    for (const check of outcome.checks) {
      const verdict = check.passed ? c.green("PASS") : c.red("FAIL");
      write(`  ${verdict}  ${thresholdLine(check)}\n`);
    }
  }
  if (outcome.unpriced !== undefined && outcome.unpriced.length > 0) write(`\n${c.yellow(unpricedLine(outcome.unpriced))}\n`);
  const final = outcomeLine(outcome);
  write(`\n${outcome.exitCode === 0 ? c.green(final) : c.red(final)}\n`);
}

/** The models the run's calls had no price for, named: their cost is unknown, never 0. */
function unpricedLine(models: readonly UnpricedModel[]): string {
  const calls = models.reduce((n, m) => n + m.calls, 0);
  return `Unpriced: ${calls} model call(s) had no price, so their cost is unknown (not 0): ${unpricedModelsText(models)}`;
}

/**
 * The summary's last line, every part of it from the outcome that decided the exit code: the outcome in the exit
 * code's words and why (`Failed (1 of 3 datapoints of "qa" did not pass): …`), the counts, and the exit code itself.
 */
function outcomeLine(outcome: EvalOutcome): string {
  const missed = outcome.checks.filter((check) => !check.passed).length;
  const all = overallVerdict(outcome.experiments);
  const words = exitOutcomeWords(outcome.exitCode);
  const why = outcome.reasons && outcome.reasons.length > 0 ? ` (${outcome.reasons.join("; ")})` : "";
  const errored = outcome.experiments.reduce((n, e) => n + erroredCount(e.result.stats), 0);
  const failed = all.failed > 0 ? [`${all.failed} failed${errored > 0 ? `, ${errored} of them with an error or time-out` : ""}`] : [];
  const notPassing = [...failed, ...(all.notRun > 0 ? [`${all.notRun} not run`] : [])];
  const datapoints = `${all.passed}/${all.total} datapoint(s) passed${notPassing.length > 0 ? ` (${notPassing.join("; ")})` : ""}`;
  const executionFailures = outcome.failures.length > 0 ? `${outcome.failures.length} execution failure(s), ` : "";
  const counts = `${outcome.experiments.length} experiment(s) ran, ${datapoints}, ${executionFailures}${outcome.checks.length - missed}/${outcome.checks.length} threshold(s) met`;
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}${why}: ${counts}; exit code ${outcome.exitCode}`;
}
