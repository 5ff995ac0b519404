import type { EvaluationProgress } from "../evaluation/types";
import { durationText } from "./duration-text";

/** Rate (datapoints/s) and ETA (s) of a running evaluation. */
function progressRate(p: Pick<EvaluationProgress, "done" | "total" | "elapsedMs">): { rate: number; etaSeconds: number } {
  const rate = p.elapsedMs > 0 ? p.done / (p.elapsedMs / 1000) : 0;
  const etaSeconds = rate > 0 ? (p.total - p.done) / rate : Infinity;
  return { rate, etaSeconds };
}

/**
 * One progress line: `name  [#####.....] 40/100  2 errors  12.3/s  ETA 5 s`. Datapoints that were not run (a
 * cancelled run) are counted apart from the errors: `6/40  2 errors  34 not run  3.0/s  stopped after 2.004 s`. With
 * `bar: false` (not a terminal, or CI) the bar is left out so logs stay plain. Pure.
 */
export function formatProgressLine(p: EvaluationProgress, options: { bar: boolean; width?: number }): string {
  const { rate, etaSeconds } = progressRate(p);
  const parts = [p.name];
  if (options.bar) {
    const width = Math.max(10, Math.min(40, options.width ?? 30));
    const filled = p.total > 0 ? Math.round((p.done / p.total) * width) : width;
    parts.push(`[${"#".repeat(filled)}${".".repeat(width - filled)}]`);
  }
  const notRun = p.notRun ?? 0;
  parts.push(`${p.done}/${p.total}`, `${p.errors} error${p.errors === 1 ? "" : "s"}`);
  if (notRun > 0) parts.push(`${notRun} not run`);
  parts.push(`${rate.toFixed(1)}/s`);
  // an estimate: whole seconds, rounded up; the elapsed time as the summary prints it (`durationText`)
  if (p.done + notRun < p.total) parts.push(`ETA ${durationText(Math.ceil(etaSeconds))}`);
  else parts.push(`${notRun > 0 ? "stopped after" : "done in"} ${durationText(p.elapsedMs / 1000)}`);
  return parts.join("  ");
}

/**
 * Decides whether a plain (non-terminal) progress line is due: at every 10% step and at the end, at
 * most every `minIntervalMs` otherwise.
 */
export function plainProgressDue(p: EvaluationProgress, lastPrinted: { done: number; at: number }, now: number, minIntervalMs = 2000): boolean {
  if (p.done >= p.total) return true;
  const step = Math.max(1, Math.ceil(p.total / 10));
  return Math.floor(p.done / step) > Math.floor(lastPrinted.done / step) || now - lastPrinted.at >= minIntervalMs;
}
