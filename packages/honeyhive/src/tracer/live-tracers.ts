import { runtime } from "../runtime/platform";
import { sharedState } from "../internal/process-state";
import type { ExitCause } from "./exit-warning";

/** What the exit hooks need from a tracer. */
interface Flushable {
  flush(timeoutMs?: number): Promise<boolean>;
  /** At process exit (synchronous): warns when work of it was not sent ({@link warnUnsentAtExit}). */
  warnUnsentAtExit?(cause: ExitCause): void;
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
 */
export const EXIT_FLUSH_BUDGET_MS = 3000;

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

function installExitHooks(live: LiveTracers): void {
  if (live.hooksInstalled) return;
  live.hooksInstalled = true;
  let flushingBeforeExit = false;
  let budgetMs = EXIT_FLUSH_BUDGET_MS;
  // Why the process ends, for the exit warning: a crash, else whether the loop emptied (the exit flush ran).
  let crashed = false;
  let loopEmptied = false;
  const onSignal = (_name: "SIGTERM", rethrow: () => void, othersListen: boolean): void => {
    const hold = setTimeout(() => undefined, EXIT_FLUSH_TIMEOUT_MS); // export requests alone would not keep the loop alive
    void flushLiveTracers().finally(() => {
      clearTimeout(hold);
      if (!othersListen) rethrow(); // else the application handles the signal itself
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
    const cause: ExitCause = crashed ? "crash" : loopEmptied ? "budget" : "exit-call";
    for (const ref of live.refs) {
      try {
        ref.deref()?.warnUnsentAtExit?.(cause);
      } catch {
        // nothing may throw at exit
      }
    }
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
