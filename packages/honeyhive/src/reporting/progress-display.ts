/**
 * The progress display of a running evaluation, shared by `evaluate()` called from a script and the
 * `honeyhive eval` CLI: a live, redrawn line on a terminal; plain lines (every 10%, at most every 2 s)
 * otherwise. Writes only to the stream it is given; never throws into the evaluation.
 */
import { describeRun } from "@honeyhive/core/verdict/run-verdict";
import { formatProgressLine, plainProgressDue } from "./progress-line";
import type { EvaluationProgress, EvaluationResult, ProgressStream } from "../evaluation/types";
import { erroredCount } from "../evaluation/datapoint-errored";

/** How progress is shown: a redrawn line, appended lines, or not at all. */
type ProgressMode = "live" | "lines" | "off";

function truthy(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

/**
 * Decides how `evaluate()` shows progress: `progress: false` never; `progress: true` always (live on a
 * terminal, lines otherwise); by default only when the stream is a terminal outside CI (`CI` set) and not
 * a dumb terminal. Pure.
 */
export function scriptProgressMode(option: boolean | undefined, stream: ProgressStream, env: Record<string, string | undefined>): ProgressMode {
  if (option === false) return "off";
  const terminal = stream.isTTY === true && env.TERM !== "dumb";
  if (option === true) return terminal ? "live" : "lines";
  return terminal && !truthy(env.CI) ? "live" : "off";
}

/** A progress display bound to one stream. */
export interface ProgressDisplay {
  update(progress: EvaluationProgress): void;
  /** Replaces the live line with a final one for the finished evaluation. */
  finish(result: EvaluationResult): void;
  /** Erases the live line (before printing something else). */
  clear(): void;
}

/** Creates a display; `now` is a test seam for the plain-line throttle. */
export function createProgressDisplay(stream: ProgressStream, mode: ProgressMode, now: () => number = Date.now): ProgressDisplay {
  const printed = new Map<string, { done: number; at: number }>();
  let lineOpen = false;
  const write = (text: string): void => {
    try {
      stream.write(text);
    } catch {
      // a closed stream must not break the evaluation
    }
  };
  const clear = (): void => {
    if (lineOpen) write("\r\x1b[2K");
    lineOpen = false;
  };
  return {
    update(p) {
      if (mode === "off") return;
      if (mode === "live") {
        write(`\r\x1b[2K${formatProgressLine(p, { bar: true, width: (stream.columns ?? 80) - 60 })}`);
        lineOpen = true;
        return;
      }
      const last = printed.get(p.runId) ?? { done: 0, at: 0 };
      const at = now();
      if (p.done >= p.total || !plainProgressDue(p, last, at)) return;
      printed.set(p.runId, { done: p.done, at });
      write(`${formatProgressLine(p, { bar: false })}\n`);
    },
    finish(result) {
      if (mode === "off") return;
      clear();
      const s = result.stats;
      // Not-run datapoints (a cancelled run) are neither done nor errors: they are counted on their own; datapoints
      // cancelled while they ran are done, and no errors either (`datapoint-errored.ts`).
      const done = s.total - s.not_run;
      const final = { name: result.name, runId: result.runId, done, total: s.total, errors: erroredCount(s), notRun: s.not_run, elapsedMs: s.duration_s * 1000 };
      write(`${formatProgressLine(final, { bar: false })}  (${describeRun(result.status, result.verdict, result.shard)})\n`);
    },
    clear,
  };
}
