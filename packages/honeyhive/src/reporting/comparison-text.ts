/**
 * A run comparison's rows as people read them, shared by `honeyhive eval`'s summary and its Markdown report (the
 * viewer says the same with core's `significanceText`): each row's label and direction, and the one-line trade-off
 * of quality against cost and latency.
 */
import { formatScore } from "@honeyhive/core/text/format-score";
import type { MetricComparison, RunComparison } from "../evaluation/compare-runs";

export { comparedRows } from "../evaluation/compare-runs";

/** `accuracy`, `pass_rate`, `cost_usd (app)`, `latency_ms (evaluation)`. */
export function rowLabel(row: MetricComparison): string {
  return row.source === "usage" ? `${row.metric} (${row.eventName})` : row.metric;
}

/** `higher is better` / `lower is better`. */
export function directionWords(row: Pick<MetricComparison, "direction">): string {
  return `${row.direction} is better`;
}

function percent(share: number): string {
  return `${formatScore(Math.round(share * 1000) / 10)} %`;
}

/** A relative change: `+38 %`, `-12 %`; undefined when the old value is 0 or unknown. */
function relativeChange(before: number | null, after: number | null): string | undefined {
  if (before === null || after === null || before === 0) return undefined;
  const change = Math.round(((after - before) / Math.abs(before)) * 1000) / 10;
  return `${change > 0 ? "+" : ""}${formatScore(change)} %`;
}

function usageValue(row: MetricComparison, value: number | null): string {
  if (value === null) return "-";
  return row.metric === "cost_usd" ? `$${formatScore(value)}` : `${formatScore(Math.round(value))} ms`;
}

function verdictWord(row: MetricComparison): string {
  return row.significance?.verdict ?? "not compared";
}

/** `+38 % app cost ($0.012 → $0.017 per datapoint, degraded)`; undefined without both runs' values. */
function usagePart(row: MetricComparison | undefined, what: string): string | undefined {
  const change = row ? relativeChange(row.oldMean, row.newMean) : undefined;
  if (!row || change === undefined) return undefined;
  return `${change} ${what} (${usageValue(row, row.oldMean)} → ${usageValue(row, row.newMean)} per datapoint, ${verdictWord(row)})`;
}

/**
 * The trade-off in one line: the pass rate's change against the app's cost and latency per datapoint, each with what
 * its paired test reads (`pass rate 70 % → 80 % (+10 points, improved) for +38 % app cost ($0.012 → $0.017 per
 * datapoint, degraded); +5 % app latency (…)`). Undefined when the server reported no cost or latency.
 */
export function tradeOffLine(comparison: RunComparison): string | undefined {
  const usage = (metric: string) => comparison.usage.find((u) => u.metric === metric && u.eventName === "app") ?? comparison.usage.find((u) => u.metric === metric);
  const cost = usagePart(usage("cost_usd"), `${usage("cost_usd")?.eventName ?? "app"} cost`);
  const latency = usagePart(usage("latency_ms"), `${usage("latency_ms")?.eventName ?? "app"} latency`);
  if (cost === undefined && latency === undefined) return undefined;
  const pass = comparison.passRate;
  const points = pass?.oldMean != null && pass.newMean != null ? Math.round((pass.newMean - pass.oldMean) * 1000) / 10 : undefined;
  const quality = pass?.oldMean != null && pass.newMean != null && points !== undefined
    ? `pass rate ${percent(pass.oldMean)} → ${percent(pass.newMean)} (${points > 0 ? "+" : ""}${formatScore(points)} points, ${verdictWord(pass)})`
    : "quality";
  return `${quality} for ${[cost, latency].filter((p) => p !== undefined).join("; ")}`;
}
