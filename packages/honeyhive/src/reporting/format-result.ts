import { formatScore } from "@honeyhive/core/text/format-score";
import { describeRun } from "@honeyhive/core/verdict/run-verdict";
import { erroredCount } from "../evaluation/datapoint-errored";
import type { EvaluationResult, MetricAggregate } from "../evaluation/types";
import { durationText } from "./duration-text";
import { guard } from "../internal/guard";
import { failureLine, severalTrials } from "./failure-line";
import { eachDatapoint } from "../evaluation/datapoint-rows";

const MAX_LISTED_FAILURES = 10;

/** A number as a table shows it (`formatScore`: integers as they are, others with up to 3 decimals); "-" for none. */
export function formatNumber(value: number | null): string {
  if (value === null || Number.isNaN(value)) return "-";
  return formatScore(value);
}

/** Lays out rows as left-aligned columns separated by two spaces. */
export function formatTable(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ").trimEnd());
}

function metricRows(metrics: Record<string, MetricAggregate>): string[] {
  const names = Object.keys(metrics);
  if (names.length === 0) return ["No metrics (no evaluators, or none returned a score)."];
  // The "missing" column only when a metric could not be computed somewhere: its numbers cover fewer datapoints.
  const showMissing = names.some((name) => (metrics[name]!.missing ?? 0) > 0);
  const rows = [["metric", "average", "min", "max", "median", "p90", "p95", "p99", "count", ...(showMissing ? ["missing"] : [])]];
  for (const name of names) {
    const m = metrics[name]!;
    rows.push([name, ...[m.average, m.min, m.max, m.median, m.p90, m.p95, m.p99].map(formatNumber), String(m.count), ...(showMissing ? [String(m.missing ?? 0)] : [])]);
  }
  return formatTable(rows);
}

/**
 * The datapoint runs that failed, one line each (`failure-line.ts`): an error (the function's, a time limit), an
 * evaluator error, or a verdict that did not pass (its scores given, so the line says why).
 */
function failureLines(result: EvaluationResult): string[] {
  const trials = severalTrials(eachDatapoint(result));
  const lines: string[] = [];
  for (const d of eachDatapoint(result)) {
    const line = failureLine(d, trials);
    if (line !== undefined) lines.push(`  ${line}`);
  }
  if (lines.length <= MAX_LISTED_FAILURES) return lines;
  return [...lines.slice(0, MAX_LISTED_FAILURES), `  … and ${lines.length - MAX_LISTED_FAILURES} more`];
}

/**
 * What the datapoint runs' functions did, in the words the project defines (`datapoint-errored.ts`): `11 succeeded,
 * 1 errored, 0 cancelled`; "errored" (threw or timed out, `stats.failed + stats.timed_out`) says how many timed out when
 * any did. Never "failed": the line above uses it for the verdict (did not pass).
 */
function executionCounts(s: EvaluationResult["stats"]): string {
  const timedOut = s.timed_out > 0 ? ` (${s.timed_out} timed out)` : "";
  return `${s.succeeded} succeeded, ${erroredCount(s)} errored${timedOut}, ${s.cancelled} cancelled${s.not_run > 0 ? `, ${s.not_run} not run` : ""}`;
}

/**
 * Formats an evaluation result as readable text (header, counts, metric table, failures). Pure: the CLI
 * and `printResults` print it; the library never prints on its own.
 */
export function formatEvaluationResult(result: EvaluationResult): string {
  return guard(() => formatResult(result), "(not an evaluation result)");
}

function formatResult(result: EvaluationResult): string {
  const s = result.stats;
  const upload = result.uploaded ? "uploaded" : `not uploaded${result.uploadError ? `: ${result.uploadError}` : ""}`;
  const lines = [
    `Experiment "${result.name}" · run ${result.runId} · ${describeRun(result.status, result.verdict, result.shard)} · ${upload}`,
    ...(result.runUrl ? [`URL: ${result.runUrl}`] : []),
    `Dataset ${result.datasetId} · ${s.total} datapoint runs: ${executionCounts(s)} · ${durationText(s.duration_s)}`,
    `Passed ${result.verdict.passed}/${result.verdict.total}${result.verdict.notRun > 0 ? ` (${result.verdict.notRun} not run)` : ""}`,
    "",
    ...metricRows(result.metrics),
  ];
  const failures = failureLines(result);
  if (failures.length > 0) lines.push("", "Failures:", ...failures);
  return `${lines.join("\n")}\n`;
}
