/**
 * "Changes since the previous run": each experiment's metric averages kept in a small state file from one run
 * to the next (`honeyhive eval --watch` rounds, test-runner reruns), and the lines comparing a result with them.
 */
import { runtime } from "../runtime/platform";
import type { EvaluationResult } from "../evaluation/types";
import { formatNumber } from "./format-result";
import { numericDifference } from "@honeyhive/core/verdict/float-noise";
import { decodeUtf8 } from "../internal/utf8";

/** The previous run of an experiment: its id and metric averages. */
export interface PreviousRun {
  runId: string;
  metrics: Record<string, number | null>;
}

/** A signed difference (`+0.25`, `-1`, `-` when unknown). */
export function formatDelta(value: number | null, format: (n: number | null) => string): string {
  if (value === null || Number.isNaN(value)) return "-";
  const text = format(value);
  return value > 0 ? `+${text}` : text;
}

/** Reads the previous runs by experiment name (empty when there is no usable state file). */
export async function readPreviousRuns(stateFile: string): Promise<Map<string, PreviousRun>> {
  try {
    const files = runtime.node?.files;
    if (!files) return new Map();
    const parsed = JSON.parse(decodeUtf8(await files.readFile(stateFile))) as Record<string, PreviousRun>;
    return new Map(Object.entries(parsed).filter(([, v]) => v && typeof v.runId === "string" && v.metrics && typeof v.metrics === "object"));
  } catch {
    return new Map();
  }
}

/** The entry {@link writePreviousRuns} stores for one result. */
function previousRunOf(result: EvaluationResult): PreviousRun {
  return { runId: result.runId, metrics: Object.fromEntries(Object.entries(result.metrics).map(([k, m]) => [k, m.average])) };
}

/** Saves `results` by experiment name; with `merge`, other experiments already in the file are kept. */
export async function writePreviousRuns(stateFile: string, results: readonly EvaluationResult[], merge = false): Promise<void> {
  const state: Record<string, PreviousRun> = merge ? Object.fromEntries(await readPreviousRuns(stateFile)) : {};
  for (const r of results) state[r.name] = previousRunOf(r);
  const files = runtime.node?.files;
  if (!files) return;
  await files.mkdir(files.dirname(stateFile), { recursive: true });
  await files.writeFile(stateFile, JSON.stringify(state));
}

/**
 * `Compared with the previous run <id>:` and one line per metric (`exact: 0.5 -> 0.75 (+0.25)`); `tint`
 * colours a delta by its sign (the CLI's palette; identity by default).
 */
export function previousRunLines(result: EvaluationResult, previous: PreviousRun, tint: (delta: number | null, text: string) => string = (_d, t) => t): string[] {
  const lines = [`Compared with the previous run ${previous.runId}:`];
  for (const [metric, aggregate] of Object.entries(result.metrics)) {
    const before = previous.metrics[metric] ?? null;
    const after = aggregate.average;
    const diff = before !== null && after !== null ? numericDifference(before, after) : null; // float noise is no change
    lines.push(`  ${metric}: ${formatNumber(before)} -> ${formatNumber(after)} (${tint(diff, formatDelta(diff, formatNumber))})`);
  }
  return lines;
}
