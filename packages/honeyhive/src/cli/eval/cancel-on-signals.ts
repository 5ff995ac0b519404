/**
 * Cancellation of `honeyhive eval` by SIGINT (Ctrl-C) and SIGTERM (what CI runners and containers send): the first
 * signal cancels the run (partial results kept, reports written); a second one, later than
 * {@link DUPLICATE_WINDOW_MS}, quits at once. A Ctrl-C reaches the command twice through `npx`: the terminal signals
 * the whole foreground process group, and npm forwards the same signal to its child; copies that close together are
 * one request (that double delivery used to quit with 130 instead of cancelling with 2).
 */

import { EXIT_CODES } from "@honeyhive/core/verdict/exit-rule";

/** Signals that cancel the run. */
export const CANCEL_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** One of {@link CANCEL_SIGNALS}. */
export type CancelSignal = (typeof CANCEL_SIGNALS)[number];

/** Copies of a signal within this time after the first are the same request. */
export const DUPLICATE_WINDOW_MS = 1000;

/** The conventional exit code of a process ended by `signal` (128 + its number). */
export function signalExitCode(signal: CancelSignal): number {
  return signal === "SIGINT" ? EXIT_CODES.sigint : EXIT_CODES.sigterm;
}

/** What the command does on a signal. */
export interface SignalActions {
  /** The first signal: cancel the run. */
  cancel(signal: CancelSignal): void;
  /** A later signal (outside the duplicate window): quit now. */
  quit(signal: CancelSignal): void;
  /** Test seam. @defaultValue Date.now */
  now?: () => number;
}

/** Decides, signal by signal, between cancel, ignore (a duplicate) and quit. Pure apart from `actions`. */
export function signalHandler(actions: SignalActions): (signal: CancelSignal) => void {
  const now = actions.now ?? Date.now;
  let firstAt: number | undefined;
  return (signal) => {
    const at = now();
    if (firstAt === undefined) {
      firstAt = at;
      actions.cancel(signal);
    } else if (at - firstAt > DUPLICATE_WINDOW_MS) actions.quit(signal);
  };
}

/** Installs the handler for every cancel signal on `process`; returns the function that removes them. */
export function cancelOnSignals(actions: SignalActions): () => void {
  const handle = signalHandler(actions);
  const listeners = CANCEL_SIGNALS.map((signal) => [signal, () => handle(signal)] as const);
  for (const [signal, listener] of listeners) process.on(signal, listener);
  return () => {
    for (const [signal, listener] of listeners) process.off(signal, listener);
  };
}
