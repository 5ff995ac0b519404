import { runtime } from "../runtime/platform";
import { sharedState } from "../internal/process-state";
import { type ExitCause, type UnsentWork, addUnsent, hasUnsent, unsentAtExitMessage } from "./exit-warning";

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
  /** Removes the process listeners installed by {@link installExitHooks} (called by the process state reset). */
  dispose(): void;
}

const EXIT_FLUSH_TIMEOUT_MS = 2000;
/**
 * Total time the exit flushes (at `beforeExit`) may keep the process alive. The SDK's export requests
 * never keep it alive by themselves; a ref'ed timer does, while an exit flush runs. Every exit flush uses up
 * the time it took; once the budget is spent, later `beforeExit`s flush nothing and the process exits.
 * A termination signal gets a budget of the same length for its flush rounds ({@link flushWhileSpansEnd}).
 */
export const EXIT_FLUSH_BUDGET_MS = 3000;
/** A signal's flush round that ended sooner than this is followed by a pause this long (no busy loop). */
const ROUND_PAUSE_MS = 20;
const NOTHING_UNSENT: UnsentWork = { queued: 0, inFlight: 0, sessionStarts: 0, sessionUpdates: 0 };

function registry(): LiveTracers {
  const slot = sharedState();
  if (!slot.exitHooks) {
    const refs = new Set<WeakRef<Flushable>>();
    slot.exitHooks = {
      refs,
      finalizer: new FinalizationRegistry((ref: WeakRef<Flushable>) => refs.delete(ref)),
      hooksInstalled: false,
      dispose: () => refs.clear(),
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

function installExitHooks(live: LiveTracers): void {
  if (live.hooksInstalled) return;
  live.hooksInstalled = true;
  let flushingBeforeExit = false;
  let budgetMs = EXIT_FLUSH_BUDGET_MS;
  // Why the process ends, for the exit warning: a crash, else whether the loop emptied (the exit flush ran).
  let crashed = false;
  let loopEmptied = false;
  let signalFlush: Promise<void> | undefined;
  let warned = false;
  const onSignal = (_name: "SIGTERM", rethrow: () => void, othersListen: () => boolean): void => {
    if (signalFlush) return; // a signal during the flush of an earlier one: that flush is bounded already
    const hold = setTimeout(() => undefined, EXIT_FLUSH_BUDGET_MS + 1000); // export requests alone would not keep the loop alive
    signalFlush = flushWhileSpansEnd(live, EXIT_FLUSH_BUDGET_MS).catch(() => undefined).finally(() => {
      clearTimeout(hold);
      signalFlush = undefined;
      if (othersListen()) return; // the application handles the signal: it decides when (and how) the process ends
      // The process dies by the signal, with no `exit` event: what is still unsent is said now.
      warnUnsent(live, "budget");
      warned = true;
      rethrow();
    });
  };
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
  // Node installs beforeExit + SIGTERM + exit + uncaughtExceptionMonitor listeners; runtimes without a process lifecycle (workerd, Edge) have none:
  // there, flush per request (waitUntil / after / the Lambda wrapper, see flush-helpers).
  const undo = runtime.installExitHooks({ beforeExit: onBeforeExit, signal: onSignal, exit: onExit, crash: onCrash });
  live.dispose = () => {
    live.refs.clear();
    undo?.();
  };
}
