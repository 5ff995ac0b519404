/**
 * The `--markdown` report: a short pull-request summary (verdict, per-experiment metric table with deltas
 * against `--compare`, worst regressions with links). Pure; user data is escaped so it cannot break the
 * table or inject markup.
 */
import { promptChangeText, promptLabel } from "@honeyhive/core/prompts/prompt-change";
import { runIdPrefix, runIdentityText } from "@honeyhive/core/text/run-identity";
import { cutText } from "../../reporting/cut-text";
import { datapointLabel } from "../../reporting/datapoint-label";
import { failureText, runLabel, severalTrials } from "../../reporting/failure-line";
import { formatNumber } from "../../reporting/format-result";
import type { DatapointResult } from "../../evaluation/types";
import { erroredCount } from "../../evaluation/datapoint-errored";
import { datasetVersionNote, type MetricComparison } from "../../evaluation/compare-runs";
import { rowLabel, tradeOffLine } from "../../reporting/comparison-text";
import { costBudgetText } from "../../reporting/cost-budget-text";
import { significanceText } from "@honeyhive/core/verdict/significance-text";
import { PASS_RATE } from "@honeyhive/core/verdict/run-comparison";
import { relatedViewerUrl } from "@honeyhive/core/links/viewer-url";
import { exitOutcomeWords } from "@honeyhive/core/verdict/exit-rule";
import { describeRun, executedCleanly, type RunVerdict } from "@honeyhive/core/verdict/run-verdict";
import { formatDelta, overallVerdict, type EvalOutcome, type ExperimentOutcome } from "./eval-outcome";
import { thresholdMissText } from "../support/thresholds";

const MAX_REGRESSIONS = 5;
/** Characters of a failing datapoint's reason. */
const MAX_WHY_CHARS = 200;

/** Escapes text for a Markdown table cell or link text (HTML, table pipes, emphasis, links, newlines). */
export function markdownEscape(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, (ch) => `\\${ch}`)
    .replace(/&/g, "&amp;")
    .replace(/\r?\n|\r/g, " ");
}

/** Inline code: backticks and newlines removed (escapes do not work inside code spans). */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\r?\n|\r/g, " ")}\``;
}

/** How a cancelling exit code is named in the heading. */
const CANCELLED_BY: Readonly<Record<number, string>> = { 130: "Ctrl-C", 143: "SIGTERM" };

function cancelledVerdict(code: number): string {
  return `⚠️ **Cancelled** (${CANCELLED_BY[code] ?? `exit code ${code}`}): finished datapoints are reported; the others were not run.`;
}

function notCleanVerdict(outcome: EvalOutcome, reasons: string | undefined): string {
  const fallback = `${outcome.failures.length} execution failure(s)${outcome.experiments.some((e) => !executedCleanly(e.result.status)) ? ", or an experiment did not complete" : ""}`;
  return `⚠️ **Did not run cleanly**: ${reasons ?? fallback}.`;
}

/** `2 of 10 datapoints failed, 1 not run`, or undefined when every datapoint passed. */
function failedDatapoints(all: RunVerdict): string | undefined {
  return all.failed > 0 || all.notRun > 0 ? `${all.failed} of ${all.total} datapoints failed${all.notRun > 0 ? `, ${all.notRun} not run` : ""}` : undefined;
}

/**
 * The heading line, from the exit code (in its words, `verdict/exit-rule.ts`) and the reasons that decided it, with
 * the runs' verdicts (src/verdict/) as detail: "Passed" exactly when the command exits 0, "Failed" when it exits 1.
 */
function verdict(outcome: EvalOutcome): string {
  const code = outcome.exitCode;
  const reasons = outcome.reasons && outcome.reasons.length > 0 ? markdownEscape(outcome.reasons.join("; ")) : undefined;
  if (code >= 128) return cancelledVerdict(code);
  if (code === 2) return notCleanVerdict(outcome, reasons);
  const missed = outcome.checks.filter((c) => !c.passed).length;
  const thresholds = missed > 0 ? `${missed} threshold(s) missed` : outcome.checks.length > 0 ? "every threshold was met" : "no threshold was set";
  const datapoints = failedDatapoints(overallVerdict(outcome.experiments));
  if (code === 1) return `❌ **Failed**: ${datapoints ? `${datapoints}; ` : ""}${thresholds}.`;
  if (code === 0) return `✅ **Passed**: ${datapoints ? `${datapoints}, within the allowed failures (--max-failures / --min-pass-rate); ` : "every datapoint passed and "}${thresholds}.`;
  return `**${markdownEscape(exitOutcomeWords(code))}**${reasons ? `: ${reasons}` : ""}.`;
}

/** A link to a session in the viewer, when the run's URL is a viewer URL (same server and key). */
function sessionLink(runUrl: string | undefined, sessionId: string | undefined): string | undefined {
  return sessionId === undefined ? undefined : relatedViewerUrl(runUrl, { sessionId });
}

/** The average, with the datapoints it covers when some have no value: `0.75 (3/4 datapoints)`. */
function averageCell(entry: ExperimentOutcome, name: string): string {
  const aggregate = entry.result.metrics[name]!;
  const ran = entry.result.datapoints.filter((d) => d.status !== "not_run").length;
  const missing = aggregate.missing ?? 0;
  return `${formatNumber(aggregate.average)}${missing > 0 ? ` (${ran - missing}/${ran} datapoints)` : ""}`;
}

/** The Δ, counts and significance cells of a compared row (`-` without a comparison). */
function comparedCells(m: MetricComparison | undefined): string {
  if (!m) return "- | - | - | -";
  const delta = `${formatDelta(m.difference, formatNumber)} (${formatNumber(m.oldAggregate)} → ${formatNumber(m.newAggregate)})`;
  const reading = markdownEscape(significanceText(m.significance));
  return `${delta} | ${m.improvedCount} | ${m.degradedCount} | ${m.significance?.verdict === "degraded" ? `**${reading}**` : reading}`;
}

function metricTable(entry: ExperimentOutcome): string[] {
  const names = Object.keys(entry.result.metrics);
  const c = entry.comparison;
  if (names.length === 0 && !c) return ["_No metrics._"];
  const byMetric = new Map((c?.metrics ?? []).map((m) => [m.metric, m]));
  const against = c ? ` vs ${markdownEscape(runIdPrefix(c.oldRunId))}` : "";
  const rows = [`| Metric | Average | Δ${against} | Improved | Degraded | Change |`, "| --- | ---: | ---: | ---: | ---: | --- |"];
  const arrow = (m: MetricComparison | undefined) => (m ? (m.direction === "higher" ? " ↑" : " ↓") : "");
  if (c?.passRate) rows.push(`| ${PASS_RATE}${arrow(c.passRate)} | ${formatNumber(c.passRate.newMean)} | ${comparedCells(c.passRate)} |`);
  for (const name of names) {
    const m = byMetric.get(name);
    rows.push(`| ${markdownEscape(name)}${arrow(m)} | ${averageCell(entry, name)} | ${comparedCells(m)} |`);
  }
  for (const u of c?.usage ?? []) rows.push(`| ${markdownEscape(rowLabel(u))}${arrow(u)} | ${formatNumber(u.newMean)} | ${comparedCells(u)} |`);
  return rows;
}

/** The trade-off of quality against cost and latency, in one line (when the server reported cost or latency). */
function tradeOffLines(entry: ExperimentOutcome): string[] {
  const line = entry.comparison ? tradeOffLine(entry.comparison) : undefined;
  return line === undefined ? [] : ["", `**Trade-off:** ${markdownEscape(line)}`];
}

/** The cost budget's line (`--max-cost-usd`, evaluate()'s `maxCostUsd`), when the experiment had one. */
function costBudgetLines(entry: ExperimentOutcome): string[] {
  const cost = entry.result.cost;
  if (!cost) return [];
  const text = markdownEscape(costBudgetText(cost));
  return ["", cost.reached ? `⚠️ ${text}` : text];
}

/** When the prompt changed against --compare: one line, then the template diff in a `diff` block. */
function promptChangeLines(entry: ExperimentOutcome): string[] {
  const change = entry.comparison?.promptChange;
  if (!change) return [];
  const diff = promptChangeText(change).slice(1);
  const fence = diff.some((line) => line.includes("```")) ? "~~~~" : "```";
  const head = `**Prompt changed:** ${code(promptLabel(change.before))} → ${code(promptLabel(change.after))}`;
  return ["", head, ...(diff.length > 0 ? ["", `${fence}diff`, ...diff, fence] : [])];
}

/** Why a datapoint that ran before regressed: `now failed: Error: boom`, `now not run`. */
function regressionWhy(d: DatapointResult): string {
  const status = d.status === "not_run" ? "not run" : d.status;
  return d.status === "not_run" || d.error === undefined ? `now ${status}` : `now ${status}: ${d.error.slice(0, 120)}`;
}

/**
 * Datapoints to look at first: against --compare, those that ran before and now errored or were not run (the comparison
 * rule's regressions), then the most degraded metrics; else the failed ones, each with its reason.
 */
function worst(entry: ExperimentOutcome): { datapoint: DatapointResult; why: string }[] {
  const byId = new Map(entry.result.datapoints.map((d) => [d.datapointId, d]));
  if (entry.comparison) {
    const regressed = entry.comparison.regressed.flatMap((id) => (byId.has(id) ? [{ datapoint: byId.get(id)!, why: regressionWhy(byId.get(id)!) }] : []));
    const degraded = new Map<string, string[]>();
    for (const m of entry.comparison.metrics) for (const id of m.degraded) degraded.set(id, [...(degraded.get(id) ?? []), m.metric]);
    const byMetrics = [...degraded.entries()]
      .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
      .flatMap(([id, metrics]) => (byId.has(id) && !entry.comparison!.regressed.includes(id) ? [{ datapoint: byId.get(id)!, why: `degraded: ${metrics.join(", ")}` }] : []));
    return [...regressed, ...byMetrics];
  }
  return entry.result.datapoints.flatMap((d) => {
    const why = failureText(d); // as the result text's "Failures:" line and the JUnit message say it
    return why === undefined ? [] : [{ datapoint: d, why: cutText(why, MAX_WHY_CHARS) }];
  });
}

function regressionLines(entry: ExperimentOutcome): string[] {
  const items = worst(entry);
  if (items.length === 0) return [];
  const title = entry.comparison ? "Worst regressions" : "Failing datapoints";
  const lines = [``, `**${title}** (${items.length}):`, ""];
  const trials = severalTrials(entry.result.datapoints);
  for (const { datapoint, why } of items.slice(0, MAX_REGRESSIONS)) {
    // the datapoint run's label as the CLI, JUnit and the viewer give it, then its first input value
    const label = `${runLabel(datapoint, trials)} ${markdownEscape(datapointLabel(datapoint.inputs, datapoint.datapointId, 50))}`;
    const link = sessionLink(entry.result.runUrl, datapoint.sessionId);
    lines.push(`- ${link ? `[${label}](${link})` : label}: ${markdownEscape(why)}`);
  }
  if (items.length > MAX_REGRESSIONS) lines.push(`- … and ${items.length - MAX_REGRESSIONS} more`);
  return lines;
}

function experimentSection(entry: ExperimentOutcome): string[] {
  const r = entry.result;
  const name = markdownEscape(r.name);
  const title = r.runUrl ? `[${name}](${r.runUrl})` : name;
  const c = entry.comparison;
  const compareUrl = c ? relatedViewerUrl(r.runUrl, { runId: r.runId, compareWithRunId: c.oldRunId }) : undefined;
  const versions = c ? datasetVersionNote(c) : undefined;
  const compared = c
    ? [`Datapoints of ${markdownEscape(runIdentityText(c.newRun))} vs ${markdownEscape(runIdentityText(c.oldRun))}: ${c.improvedCount} improved, ${c.degradedCount} degraded, ${c.mixedCount} mixed, ${c.sameCount} same`, "",
      ...(versions !== undefined ? [`> **Note:** ${markdownEscape(versions)}`, ""] : [])]
    : [];
  return [
    `### ${title}`,
    "",
    `${describeRun(r.status, r.verdict, r.shard)} · ${erroredCount(r.stats)} errored · ${code(entry.file)}${compareUrl ? ` · [comparison](${compareUrl})` : ""}`,
    "",
    ...compared,
    ...metricTable(entry),
    ...tradeOffLines(entry),
    ...costBudgetLines(entry),
    ...promptChangeLines(entry),
    ...regressionLines(entry),
    "",
  ];
}

/** Formats the Markdown report. */
export function formatMarkdownReport(outcome: EvalOutcome): string {
  const lines = ["## honeyhive eval", "", verdict(outcome), ""];
  for (const entry of outcome.experiments) lines.push(...experimentSection(entry));
  const missed = outcome.checks.filter((c) => !c.passed);
  if (missed.length > 0) {
    lines.push("**Thresholds missed:**", "");
    for (const c of missed) lines.push(`- ${markdownEscape(c.experiment)}: ${markdownEscape(c.metric)} ${markdownEscape(thresholdMissText(c))}`);
    lines.push("");
  }
  if (outcome.failures.length > 0) {
    lines.push("**Execution failures:**", "");
    for (const f of outcome.failures) lines.push(`- ${code(f.file)}: ${markdownEscape(f.error.slice(0, 300))}`);
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
