/**
 * `honeyhive eval --watch`: reruns the evaluation files whenever they or any module they import change,
 * and compares each rerun with the previous one. Node's own watch mode (`node --watch`, which follows the
 * module graph the files actually load) restarts a child `honeyhive eval`; a small state file carries each
 * experiment's metric averages from one round to the next.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

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

export { readPreviousRuns, writePreviousRuns } from "../../reporting/previous-runs";
