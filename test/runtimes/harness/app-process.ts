/**
 * Starting an app under test as a child process and talking to it: the app prints one JSON line `{"port":N}` (or a
 * line the row's `ready` pattern matches) when it listens on 127.0.0.1; stderr is collected for the row's verdict.
 */
import { type ChildProcess, spawn } from "node:child_process";

export interface AppProcess {
  readonly child: ChildProcess;
  /** The port the app listens on. */
  readonly port: number;
  /** Everything the app wrote to stderr so far. */
  stderr(): string;
  /** Everything the app wrote to stdout so far. */
  stdout(): string;
  /** Ends the app (SIGTERM, then SIGKILL after `graceMs`) and resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  /** Finds the port in one stdout line; default: a `{"port":N}` JSON line. */
  ready?: (line: string) => number | undefined;
  timeoutMs?: number;
  /** Extra stdio entries after stdin/stdout/stderr (e.g. a pipe for workerd's control fd). */
  extraStdio?: Array<"pipe">;
  /** Reads the port from the extra fd 3 instead of stdout. */
  readyOnFd3?: boolean;
}

const portLine = (line: string): number | undefined => {
  try {
    const port = (JSON.parse(line) as { port?: unknown }).port;
    return typeof port === "number" ? port : undefined;
  } catch {
    return undefined;
  }
};

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Spawns `command args` and resolves once it reports its port; rejects (with its output) if it exits or times out. */
export function startApp(command: string, args: string[], options: StartOptions): Promise<AppProcess> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe", ...(options.extraStdio ?? [])],
  });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const ready = options.ready ?? portLine;
  const source = options.readyOnFd3 ? (child.stdio[3] as NodeJS.ReadableStream) : child.stdout!;
  const app: Omit<AppProcess, "port"> = {
    child,
    stderr: () => err,
    stdout: () => out,
    stop: async (graceMs = 5_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited(child);
      clearTimeout(timer);
    },
  };
  return new Promise((resolve, reject) => {
    let buffered = "";
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${why}\n--- stdout\n${out.slice(-2000)}\n--- stderr\n${err.slice(-2000)}`));
    };
    const timer = setTimeout(() => fail(`${command} did not report a port within ${options.timeoutMs ?? 30_000} ms`), options.timeoutMs ?? 30_000);
    child.once("exit", (code, signal) => fail(`${command} exited (${code ?? signal}) before it was ready`));
    child.once("error", (error) => fail(`${command} could not start: ${error.message}`));
    source.on("data", (chunk: Buffer | string) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        let port: number | undefined;
        try {
          port = ready(line.trim());
        } catch {
          port = undefined; // not the line we wait for
        }
        if (port === undefined) continue;
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve({ ...app, port });
        return;
      }
    });
  });
}

/** Sends `requests` concurrent GETs `${base}${path}?i=N`; returns one problem line per distinct failure (with its count). */
export async function fireRequests(base: string, path: string, requests: number): Promise<string[]> {
  const failures = new Map<string, number>();
  const note = (why: string): void => void failures.set(why, (failures.get(why) ?? 0) + 1);
  await Promise.all(
    Array.from({ length: requests }, async (_, i) => {
      try {
        const response = await fetch(`${base}${path}?i=${i}`, { signal: AbortSignal.timeout(30_000) });
        const text = await response.text();
        if (response.status !== 200) note(`HTTP ${response.status} ${text.slice(0, 160)}`);
        else if ((JSON.parse(text) as { request?: unknown }).request !== i) note(`wrong answer ${text.slice(0, 160)}`);
      } catch (error) {
        note(error instanceof Error ? error.message : String(error));
      }
    }),
  );
  return [...failures].map(([why, count]) => `${count}/${requests} requests failed: ${why}`);
}

/** What `diagnose()` said in an app (`${base}${path}?diagnose=1`), as problem lines: none when it found nothing. */
export async function diagnosisProblems(base: string, path: string): Promise<string[]> {
  try {
    const response = await fetch(`${base}${path}?diagnose=1`, { signal: AbortSignal.timeout(30_000) });
    const text = await response.text();
    if (response.status !== 200) return [`diagnose(): HTTP ${response.status} ${text.slice(0, 160)}`];
    const diagnosis = JSON.parse(text) as { checks: Array<{ id: string; status: string; summary: string }> };
    return diagnosis.checks.filter((check) => check.status === "problem").map((check) => `diagnose(): ${check.id}: ${check.summary}`);
  } catch (error) {
    return [`diagnose(): ${error instanceof Error ? error.message : String(error)}`];
  }
}

/** Resolves once `done()` holds or `timeoutMs` passed (polling every 25 ms). */
export async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
}
