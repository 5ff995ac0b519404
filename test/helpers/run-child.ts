import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(__dirname, "../..");
const loader = pathToFileURL(join(root, "node_modules/tsx/dist/loader.mjs")).href;

/** What a child process printed and how it ended. */
export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** One parsed object per JSON line of stdout. */
  events: Record<string, unknown>[];
  stderr: string;
  /** Wall time from spawn to exit. */
  totalMs: number;
  /** Time from the child's last "done" event to its exit (how long the SDK kept it alive), when it printed one. */
  exitAfterDoneMs: number | undefined;
}

/**
 * Runs a TypeScript file in a fresh Node process (tsx loader) with `args`, killing it after `killAfterMs`.
 * Resolves when it exits; never rejects.
 */
export function runChild(script: string, args: string[], options: { killAfterMs?: number; env?: Record<string, string>; onEvent?: (event: Record<string, unknown>) => void } = {}): Promise<ChildRun> {
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", loader, script, ...args], {
    env: { ...process.env, HH_API_KEY: "", HH_API_URL: "", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const events: Record<string, unknown>[] = [];
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
    let newline = stdout.indexOf("\n");
    while (newline >= 0) {
      const line = stdout.slice(0, newline);
      stdout = stdout.slice(newline + 1);
      try {
        const event = JSON.parse(line) as Record<string, unknown>;
        (event as { receivedAt?: number }).receivedAt = Date.now();
        events.push(event);
        options.onEvent?.(event);
      } catch {
        events.push({ event: "text", line });
      }
      newline = stdout.indexOf("\n");
    }
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const killer = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 60_000);
  return new Promise((done) => {
    child.on("exit", (code, signal) => {
      clearTimeout(killer);
      const exitedAt = Date.now();
      const last = [...events].reverse().find((e) => e.event === "done") as { receivedAt?: number } | undefined;
      done({ code, signal, events, stderr, totalMs: exitedAt - started, exitAfterDoneMs: last?.receivedAt === undefined ? undefined : exitedAt - last.receivedAt });
    });
  });
}

/** Absolute path of a fixture script under test/. */
export function fixture(relative: string): string {
  return join(root, "test", relative);
}
