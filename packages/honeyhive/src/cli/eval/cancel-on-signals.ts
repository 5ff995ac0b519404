/**
 * Cancellation of `honeyhive eval` by SIGINT (Ctrl-C) and SIGTERM (what CI runners and containers send): the first
 * signal cancels the run (partial results kept, reports written); a second one, later than
 * {@link DUPLICATE_SIGNAL_MS}, quits at once. A Ctrl-C reaches the command twice through `npx`: the terminal signals
 * the whole foreground process group, and npm forwards the same signal to its child; copies that close together are
 * one request (that double delivery used to quit with 130 instead of cancelling with 2). When a package manager
 * started the command and then ends (a SIGTERM to `npx` alone), the command cancels the same way, as SIGTERM would
 * (`parent-watch.ts`): an orphaned run never goes on to finish green.
 */

import { EXIT_CODES } from "@honeyhive/core/verdict/exit-rule";
import { watchParentExit } from "./parent-watch";
import { DUPLICATE_SIGNAL_MS } from "../../tracer/live-tracers";

/** Signals that cancel the run. */
export const CANCEL_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** One of {@link CANCEL_SIGNALS}. */
export type CancelSignal = (typeof CANCEL_SIGNALS)[number];


/** The conventional exit code of a process ended by `signal` (128 + its number). */
export function signalExitCode(signal: CancelSignal): number {
  return signal === "SIGINT" ? EXIT_CODES.sigint : EXIT_CODES.sigterm;
}

/** Why the run is cancelled: a signal to the command, or the end of the package manager that started it. */
type CancelCause = "signal" | "parent-ended";

/** What the command does on a signal. */
interface SignalActions {
  /** The first signal (or the parent's end, reported as SIGTERM): cancel the run. */
  cancel(signal: CancelSignal, cause: CancelCause): void;
  /** A later signal (outside the duplicate window): quit now. */
  quit(signal: CancelSignal): void;
  /** Test seam. @defaultValue Date.now */
  now?: () => number;
}

/**
 * Decides, signal by signal, between cancel, ignore (a duplicate) and quit. The parent's end cancels like SIGTERM
 * when nothing cancelled yet and is ignored otherwise (it never quits). Pure apart from `actions`.
 */
export function signalHandler(actions: SignalActions): (signal: CancelSignal, cause?: CancelCause) => void {
  const now = actions.now ?? Date.now;
  let firstAt: number | undefined;
  return (signal, cause = "signal") => {
    const at = now();
    if (firstAt === undefined) {
      firstAt = at;
      actions.cancel(signal, cause);
    } else if (cause === "signal" && at - firstAt > DUPLICATE_SIGNAL_MS) actions.quit(signal);
  };
}

/**
 * Installs the handler for every cancel signal on `process` and, with `watchParent`, for the end of the parent
 * process (cancelled as by SIGTERM), for the rest of the process: the command owns these signals until it ends, its
 * reports included (with no listener of the application's, the SDK's exit hook would end the process by the signal).
 */
export function cancelOnSignals(actions: SignalActions, options: { watchParent?: boolean } = {}): void {
  const handle = signalHandler(actions);
  for (const signal of CANCEL_SIGNALS) process.on(signal, () => handle(signal));
  if (options.watchParent) watchParentExit(() => handle("SIGTERM", "parent-ended"));
}

/** The line printed when the run is cancelled. */
export function cancelMessage(signal: CancelSignal, cause: CancelCause): string {
  if (cause === "parent-ended") return "the package manager that started this command (npx, npm) ended: cancelling as on SIGTERM; finished datapoints are kept…";
  return `${signal === "SIGINT" ? "Ctrl-C" : signal}: cancelling; finished datapoints are kept (signal again to quit at once)…`;
}
