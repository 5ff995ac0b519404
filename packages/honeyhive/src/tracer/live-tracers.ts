import { runtime } from "../runtime/platform";
import type { ExitHooks, ExitSignal } from "../runtime/runtime";
import { sharedState } from "../internal/process-state";
import { sdkLogger } from "../internal/logger";
import { withTimeout } from "../internal/with-timeout";
import { type ExitCause, type UnsentWork, addUnsent, hasUnsent, unsentAtExitMessage } from "./exit-warning";
import { SignalCancellableRuns } from "./signal-runs";

/** What a live tracer has not sent yet, and the logger its warnings go to. */
export interface UnsentAtExit {
  work: UnsentWork;
  logger: { warn(message: string): void };
}

/** What the exit hooks need from a tracer. */
interface Flushable {
  flush(timeoutMs?: number): Promise<boolean>;
  /** Synchronous: what of it is unsent now (undefined: another object counts it, e.g. its tracer group). */
  unsentAtExit?(): UnsentAtExit | undefined;
}

interface LiveTracers {
  refs: Set<WeakRef<Flushable>>;
  finalizer: FinalizationRegistry<WeakRef<Flushable>>;
  hooksInstalled: boolean;
  /** evaluate() runs in progress, which a termination signal cancels (absent in a registry made by an older copy of the SDK). */
  runs?: SignalCancellableRuns;
  /** Removes the process listeners installed by {@link installExitHooks} (called by the process state reset). */
  dispose(): void;
}

const EXIT_FLUSH_TIMEOUT_MS = 2000;
/**
 * Total time the exit flushes (at `beforeExit`) may keep the process alive. The SDK's export requests
 * never keep it alive by themselves; a ref'ed timer does, while an exit flush runs. Every exit flush uses up
 * the time it took; once the budget is spent, later `beforeExit`s flush nothing and the process exits.
 * A termination signal gets a budget of the same length for all it does: cancelling the evaluate() runs in progress,
 * then its flush rounds ({@link flushWhileSpansEnd}).
 */
export const EXIT_FLUSH_BUDGET_MS = 3000;
/**
 * Copies of a signal within this time after the first are one request, here and in `honeyhive eval`
 * (`cli/eval/cancel-on-signals.ts`): a Ctrl-C reaches a process run through `npm run` or `npx` twice (the terminal
 * signals the process group, and npm forwards the signal).
 */
export const DUPLICATE_SIGNAL_MS = 1000;
/** A signal's flush round that ended sooner than this is followed by a pause this long (no busy loop). */
const ROUND_PAUSE_MS = 20;
const NOTHING_UNSENT: UnsentWork = { queued: 0, inFlight: 0, sessionStarts: 0, sessionUpdates: 0 };

function registry(): LiveTracers {
  const slot = sharedState();
  if (!slot.exitHooks) {
    const refs = new Set<WeakRef<Flushable>>();
    const runs = new SignalCancellableRuns();
    slot.exitHooks = {
      refs,
      finalizer: new FinalizationRegistry((ref: WeakRef<Flushable>) => refs.delete(ref)),
      hooksInstalled: false,
      runs,
      dispose: () => (refs.clear(), runs.clear()),
    } satisfies LiveTracers;
  }
  return slot.exitHooks as LiveTracers;
}

/** Tracks a tracer weakly (a dropped tracer is forgotten) so process exit can flush it. Returns an unregister function. */
export function trackLiveTracer(tracer: Flushable): () => void {
  const live = registry();
  const ref = new WeakRef(tracer);
  live.refs.add(ref);
  live.finalizer.register(tracer, ref, ref);
  installExitHooks(live);
  return () => {
    live.refs.delete(ref);
    live.finalizer.unregister(ref);
  };
}

/**
 * Lets a SIGTERM or SIGINT that the application does not handle (no listener of its own for it) cancel an evaluate()
 * run while it is in progress: `cancel(signal)` aborts the run, the process exit hooks wait (within
 * {@link EXIT_FLUSH_BUDGET_MS}) until the run is over, flush, then end the process by the signal. While a run is in
 * progress, the hooks listen for SIGINT too. Returns the run's end, to call once the run is closed. Never throws.
 */
export function cancelOnExitSignals(cancel: (signal: ExitSignal) => void): () => void {
  try {
    const live = registry();
    installExitHooks(live);
    return live.runs?.add(cancel) ?? (() => undefined);
  } catch {
    return () => undefined;
  }
}

/** Flushes every live tracer; resolves true when all succeeded within the timeout. */
export async function flushLiveTracers(timeoutMs = EXIT_FLUSH_TIMEOUT_MS): Promise<boolean> {
  const tracers: Flushable[] = [];
  for (const ref of registry().refs) {
    const tracer = ref.deref();
    if (tracer) tracers.push(tracer);
  }
  const results = await Promise.all(tracers.map((t) => t.flush(timeoutMs).catch(() => false)));
  return results.every(Boolean);
}

/** What all live tracers have not sent, summed, with the logger of the oldest one that has something unsent. */
function unsentOfAll(live: LiveTracers): { work: UnsentWork; logger?: UnsentAtExit["logger"] } {
  let work = NOTHING_UNSENT;
  let logger: UnsentAtExit["logger"] | undefined;
  for (const ref of live.refs) {
    try {
      const own = ref.deref()?.unsentAtExit?.();
      if (own === undefined || !hasUnsent(own.work)) continue;
      work = addUnsent(work, own.work);
      logger ??= own.logger;
    } catch {
      // nothing may throw at exit
    }
  }
  return { work, logger };
}

/** The exit warning: one line for the whole process, whatever the number of tracers (none when all was sent). */
function warnUnsent(live: LiveTracers, cause: ExitCause): void {
  try {
    const { work, logger } = unsentOfAll(live);
    const message = unsentAtExitMessage(work, cause, EXIT_FLUSH_BUDGET_MS);
    if (message !== undefined) logger?.warn(message);
  } catch {
    // nothing may throw at exit
  }
}

/**
 * A signal's flush: flushes every live tracer, and again while spans keep ending during it (requests that finish
 * while it runs), until nothing is unsent or `budgetMs` is spent.
 */
async function flushWhileSpansEnd(live: LiveTracers, budgetMs: number): Promise<void> {
  const deadline = Date.now() + budgetMs;
  for (let remaining = budgetMs; remaining > 0; remaining = deadline - Date.now()) {
    const started = Date.now();
    await flushLiveTracers(remaining);
    if (!hasUnsent(unsentOfAll(live).work)) return;
    const took = Date.now() - started;
    if (took < ROUND_PAUSE_MS) await new Promise((resolve) => setTimeout(resolve, Math.min(ROUND_PAUSE_MS - took, deadline - Date.now())));
  }
}

/**
 * What a signal does before the process ends by it: when `cancelsRuns`, cancels the evaluate() runs in progress and
 * waits until they are over (their status sent), then flushes while spans keep ending; all within one
 * {@link EXIT_FLUSH_BUDGET_MS}. Never rejects.
 */
async function signalWork(live: LiveTracers, name: ExitSignal, cancelsRuns: boolean): Promise<void> {
  const deadline = Date.now() + EXIT_FLUSH_BUDGET_MS;
  try {
    if (cancelsRuns && live.runs) {
      sdkLogger().warn(`${name}: cancelling the evaluate() run; finished datapoints are kept (${name} again to quit at once)…`);
      await withTimeout(live.runs.cancelAll(name), deadline - Date.now(), undefined);
    }
    await flushWhileSpansEnd(live, deadline - Date.now());
  } catch {
    // nothing may throw at exit
  }
}

/**
 * The exit hooks' signal handler (one listener per signal, see the runtime's hooks). A signal the application does not
 * handle cancels the evaluate() runs in progress; every signal is followed by a flush; then the process ends by the
 * signal unless the application listens for it. During that, a signal is bounded already and ignored, except while runs
 * are being cancelled: then one more (past the duplicate window) ends the process at once. `dies` is told before the
 * process ends by a signal.
 */
function signalHook(live: LiveTracers, dies: () => void): ExitHooks["signal"] {
  let handling: { since: number; cancelsRuns: boolean } | undefined;
  return (name, rethrow, othersListen) => {
    if (handling) {
      // The work of an earlier signal is bounded already; while it cancels runs, a signal past the duplicate window quits.
      if (handling.cancelsRuns && Date.now() - handling.since > DUPLICATE_SIGNAL_MS && !othersListen()) {
        dies();
        rethrow();
      }
      return;
    }
    const cancelsRuns = (live.runs?.size ?? 0) > 0 && !othersListen();
    handling = { since: Date.now(), cancelsRuns };
    const releaseSigint = cancelsRuns ? live.runs?.holdSigint() : undefined; // copies of the signal meet the SDK's listener, not Node's default
    const hold = setTimeout(() => undefined, EXIT_FLUSH_BUDGET_MS + 1000); // export requests alone would not keep the loop alive
    void signalWork(live, name, cancelsRuns).finally(() => {
      clearTimeout(hold);
      handling = undefined;
      releaseSigint?.();
      if (othersListen()) return; // the application handles the signal: it decides when (and how) the process ends
      // The process dies by the signal, with no `exit` event: what is still unsent is said now.
      warnUnsent(live, "budget");
      dies();
      rethrow();
    });
  };
}

function installExitHooks(live: LiveTracers): void {
  if (live.hooksInstalled) return;
  live.hooksInstalled = true;
  let flushingBeforeExit = false;
  let budgetMs = EXIT_FLUSH_BUDGET_MS;
  // Why the process ends, for the exit warning: a crash, else whether the loop emptied (the exit flush ran).
  let crashed = false;
  let loopEmptied = false;
  let warned = false;
  const onBeforeExit = (): void => {
    loopEmptied = true;
    if (flushingBeforeExit || budgetMs <= 0) return;
    flushingBeforeExit = true;
    const started = Date.now();
    const hold = setTimeout(() => undefined, budgetMs); // keeps the loop alive while the exit flush runs
    void flushLiveTracers(Math.min(EXIT_FLUSH_TIMEOUT_MS, budgetMs)).finally(() => {
      budgetMs -= Math.max(1, Date.now() - started);
      clearTimeout(hold);
      flushingBeforeExit = false;
    });
  };
  const onExit = (): void => {
    if (!warned) warnUnsent(live, crashed ? "crash" : loopEmptied ? "budget" : "exit-call");
  };
  const onCrash = (): void => {
    crashed = true;
  };
  const signal = signalHook(live, () => (warned = true));
  // Node installs beforeExit + SIGTERM + exit + uncaughtExceptionMonitor listeners (SIGINT while an evaluate() run is
  // in progress); runtimes without a process lifecycle (workerd, Edge) have none: there, flush per request (waitUntil /
  // after / the Lambda wrapper, see flush-helpers).
  const installed = runtime.installExitHooks({ beforeExit: onBeforeExit, signal, exit: onExit, crash: onCrash });
  if (installed) live.runs?.useSigintSwitch(installed.listenSigint);
  live.dispose = () => {
    live.refs.clear();
    live.runs?.clear();
    installed?.undo();
  };
}
