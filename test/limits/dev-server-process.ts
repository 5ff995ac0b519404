/**
 * A real dev server in a child process (its own bin, run from source), for the tests of issue 48's limits:
 * start it, read its output, signal it, wait for its exit.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const DEV_BIN = join(ROOT, "packages", "dev-server", "src", "bin.ts");

/** A dev server process. */
export interface DevServerProcess {
  readonly child: ChildProcess;
  /** Its base URL, once it listens. */
  readonly url: string;
  /** Everything it printed (stdout and stderr). */
  output(): string;
  /** Resolves with the first match of `pattern` in its output (rejects when it exits first or after `ms`). */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** Resolves with its exit code (or signal name) once it exits. */
  readonly exited: Promise<number | string | null>;
  /** Sends SIGKILL unless it already exited. */
  kill(): void;
}

/** Starts `honeyhive-dev-server` with `args` (and `env`), resolves once it prints its URL. */
export async function startDevServerProcess(args: string[], env: Record<string, string> = {}): Promise<DevServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", DEV_BIN, "--port", "0", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  let ended = false;
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const listener of [...listeners]) listener();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | string | null>((resolve) =>
    child.on("exit", (code, signal) => {
      ended = true;
      for (const listener of [...listeners]) listener();
      resolve(code ?? signal);
    }),
  );
  const waitFor = (pattern: RegExp, ms = 30_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`no ${pattern} within ${ms} ms: ${text}`)), ms);
      const finish = (error?: Error, match?: RegExpMatchArray) => {
        clearTimeout(timer);
        listeners.delete(check);
        if (match) resolve(match);
        else reject(error);
      };
      const check = () => {
        const match = text.match(pattern);
        if (match) finish(undefined, match);
        else if (ended) finish(new Error(`exited before ${pattern}: ${text}`));
      };
      listeners.add(check);
      check();
    });
  const kill = () => {
    if (!ended) child.kill("SIGKILL");
  };
  try {
    const [, url] = await waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    return { child, url: url as string, output: () => text, waitFor, exited, kill };
  } catch (error) {
    kill();
    throw error;
  }
}
