/**
 * `honeyhive eval --watch`: reruns the evaluation files whenever they or any module they import change,
 * and compares each rerun with the previous one. Node's own watch mode (`node --watch`, which follows the
 * module graph the files actually load) restarts a child `honeyhive eval`; a small state file carries each
 * experiment's metric averages from one round to the next.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EvaluationResult } from "../../evaluation/types";
import type { PreviousRun } from "./eval-outcome";

/** Set in the watched child: its value is the state file. */
export const WATCH_STATE_ENV = "HONEYHIVE_EVAL_WATCH_STATE";

/** Runs the watch loop until Ctrl-C; resolves with the exit code. */
export async function runWatch(args: readonly string[], log: (line: string) => void): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "honeyhive-eval-watch-"));
  const script = process.argv[1];
  if (!script) throw new Error("cannot find the honeyhive CLI script to rerun");
  log("honeyhive eval: watching the evaluation files and their imports; each rerun is compared with the previous one (Ctrl-C to stop)");
  const child = spawn(process.execPath, [...process.execArgv, "--watch", "--watch-preserve-output", script, "eval", ...args], {
    stdio: "inherit",
    env: { ...process.env, [WATCH_STATE_ENV]: join(dir, "previous.json") },
  });
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  try {
    return await new Promise<number>((done) => {
      child.on("error", () => done(2));
      child.on("exit", (code, signal) => done(code ?? (signal === "SIGINT" ? 130 : 1)));
    });
  } finally {
    process.off("SIGINT", forward);
    process.off("SIGTERM", forward);
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reads the previous round's runs by experiment name (empty on the first round). */
export async function readPreviousRuns(stateFile: string): Promise<Map<string, PreviousRun>> {
  try {
    const parsed = JSON.parse(await readFile(stateFile, "utf8")) as Record<string, PreviousRun>;
    return new Map(Object.entries(parsed).filter(([, v]) => v && typeof v.runId === "string" && v.metrics && typeof v.metrics === "object"));
  } catch {
    return new Map();
  }
}

/** Saves this round's runs for the next round. */
export async function writePreviousRuns(stateFile: string, results: readonly EvaluationResult[]): Promise<void> {
  const state: Record<string, PreviousRun> = {};
  for (const r of results) {
    state[r.name] = { runId: r.runId, metrics: Object.fromEntries(Object.entries(r.metrics).map(([k, m]) => [k, m.average])) };
  }
  await writeFile(stateFile, JSON.stringify(state));
}
