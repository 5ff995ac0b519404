/**
 * The end of the `honeyhive eval` process once the run is over and reported. An eval file may leave handles open (an
 * HTTP server or a DB pool at module scope, a keep-alive agent, an interval): under plain `node` such a script ends
 * with its own `process.exit()`, which the command ignores during the run (`exit-guard.ts`); without an end of its
 * own, the command would print "exit code N" and then wait on the event loop forever, and CI would hang until its
 * timeout. So, after the report:
 * - a clean process still exits by itself, as Node does (the SDK's `beforeExit` flush included);
 * - when an eval file called `process.exit()` during the run, the command ends at once: the user wanted to exit;
 * - otherwise, when the process is still alive {@link EXIT_GRACE_MS} later (an unref'd timer, which fires however
 *   many handles keep the loop alive and never keeps it alive itself), one line on standard error says so and the
 *   command ends.
 * Either way the live tracers are flushed first (what `beforeExit` would have done), standard output and error are
 * written out (pipes are asynchronous), and the exit code is the one the command decided.
 */
import { EXIT_FLUSH_BUDGET_MS, flushLiveTracers } from "../../tracer/live-tracers";
import { exitProcess } from "./exit-guard";

/** How long a finished, reported run waits for the process to end by itself before ending it. */
export const EXIT_GRACE_MS = 1000;
/** The longest the final flush of the live tracers may take. */
const FLUSH_TIMEOUT_MS = 2000;
/** The longest the command waits for standard output and error to be written out (a reader that stopped reading). */
const STDIO_TIMEOUT_MS = 5000;

/** How the run ended, for {@link endAfterRun}. */
export interface RunEnd {
  /** The command's exit code. */
  code: number;
  /** True when an eval file called `process.exit()` during the run (ignored then). */
  exitCalled: boolean;
}

/** `2 handles (TCPServerWrap, Timeout ×2)`: Node's active resources, by kind; empty when Node cannot list them. */
export function describeOpenHandles(kinds: readonly string[] = activeResources()): string {
  if (kinds.length === 0) return "";
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  const named = [...counts].map(([kind, n]) => (n === 1 ? kind : `${kind} ×${n}`)).join(", ");
  return `${kinds.length} handle${kinds.length === 1 ? "" : "s"} (${named})`;
}

/** The kind Node lists for a standard stream's own pipe or terminal (`PipeWrap`, `TTYWrap`), if it has one. */
function stdioKind(stream: NodeJS.WriteStream): string | undefined {
  const handle = (stream as unknown as { _handle?: { constructor?: { name?: string } } })._handle;
  const name = handle?.constructor?.name;
  return name === "Pipe" || name === "TTY" ? `${name}Wrap` : undefined;
}

/** Node's active resources (`process.getActiveResourcesInfo()`) without the command's own standard output and error. */
function activeResources(): string[] {
  try {
    const kinds = typeof process.getActiveResourcesInfo === "function" ? process.getActiveResourcesInfo() : [];
    for (const own of [stdioKind(process.stdout), stdioKind(process.stderr)]) {
      const at = own === undefined ? -1 : kinds.indexOf(own);
      if (at >= 0) kinds.splice(at, 1);
    }
    return kinds;
  } catch {
    return [];
  }
}

/** The line printed when the command ends a process that eval-file handles kept alive. */
export function openHandlesMessage(code: number, graceMs: number, handles: string): string {
  const what = handles === "" ? "handles open" : `${handles} open`;
  return `honeyhive eval: the run is over, but the evaluation files left ${what} (a server, a pool, a timer…) ` +
    `that kept the process alive ${graceMs / 1000} s after the summary; exiting with exit code ${code} ` +
    "(close them at the end of the file to end sooner)";
}

/** Resolves once everything written to `stream` so far is written out, or it failed, or `timeoutMs` passed. */
function drained(stream: NodeJS.WriteStream, timeoutMs: number): Promise<void> {
  if (stream.writableLength === 0 || stream.destroyed || stream.writableEnded) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(done, timeoutMs);
    timer.unref();
    try {
      stream.write("", () => done());
    } catch {
      done();
    }
  });
}

/** Flushes the live tracers, writes out standard output and error, and exits with `code`. */
async function endNow(code: number, note?: string): Promise<never> {
  // Ref'd: the process stays up for the flush even if the handles that held it close meanwhile.
  const hold = setTimeout(() => undefined, FLUSH_TIMEOUT_MS + STDIO_TIMEOUT_MS);
  await flushLiveTracers(FLUSH_TIMEOUT_MS).catch(() => false);
  if (note) process.stderr.write(`${note}\n`);
  await Promise.all([drained(process.stdout, STDIO_TIMEOUT_MS), drained(process.stderr, STDIO_TIMEOUT_MS)]);
  clearTimeout(hold);
  return exitProcess(code);
}

/**
 * Ends the process after the run (see the file comment); sets `process.exitCode` to `end.code` for the natural exit.
 * Starts after the current turn of the event loop, so that what the caller prints with the code comes first.
 */
export function endAfterRun(end: RunEnd): void {
  process.exitCode = end.code;
  if (end.exitCalled) {
    setImmediate(() => void endNow(end.code));
    return;
  }
  const graceMs = EXIT_GRACE_MS;
  // The loop emptied during the grace (`beforeExit`): the process is ending by itself, kept up only by the SDK's exit
  // flush (bounded by its budget); wait for that instead of cutting the flush short and blaming the eval files.
  let loopEmptied = false;
  const onBeforeExit = (): void => void (loopEmptied = true);
  process.on("beforeExit", onBeforeExit);
  const check = (): void => {
    if (loopEmptied) {
      loopEmptied = false;
      arm(EXIT_FLUSH_BUDGET_MS + graceMs);
      return;
    }
    process.off("beforeExit", onBeforeExit);
    void endNow(end.code, openHandlesMessage(end.code, graceMs, describeOpenHandles()));
  };
  const arm = (ms: number): void => void setTimeout(check, ms).unref();
  arm(graceMs);
}
