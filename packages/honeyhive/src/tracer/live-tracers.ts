import { runtime } from "../runtime/platform";
import { sharedState } from "../internal/process-state";

/** What the exit hooks need from a tracer. */
interface Flushable {
  flush(timeoutMs?: number): Promise<boolean>;
  /** At process exit (synchronous): warns when spans of it were not sent. */
  warnUnsentAtExit?(): void;
}

/**
 * The warning for spans still queued or in flight when the process exits (`process.exit()` skips the exit flush;
 * or the exit flush ran out of time), or undefined when there are none. Queued spans are lost; spans in flight may
 * or may not have arrived, so the count says "not confirmed".
 */
function unsentAtExitMessage(stats: { queued: number; inFlight: number }): string | undefined {
  const unsent = stats.queued + stats.inFlight;
  if (unsent <= 0) return undefined;
  return `the process exited with ${unsent} span${unsent === 1 ? "" : "s"} not confirmed sent (${stats.queued} queued, ${stats.inFlight} in flight): `
    + "`await tracer.flush()` (or `shutdown()`) before process.exit(), which skips the exit flush; without process.exit(), the "
    + "collector did not answer within the exit budget";
}

/** Logs {@link unsentAtExitMessage} for `pipeline` through `logger`, when spans of it were not sent. */
export function warnUnsentSpans(pipeline: { stats(): { queued: number; inFlight: number } }, logger: { warn(message: string): void }): void {
  const message = unsentAtExitMessage(pipeline.stats());
  if (message !== undefined) logger.warn(message);
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
  const onSignal = (_name: "SIGTERM", rethrow: () => void, othersListen: boolean): void => {
    const hold = setTimeout(() => undefined, EXIT_FLUSH_TIMEOUT_MS); // export requests alone would not keep the loop alive
    void flushLiveTracers().finally(() => {
      clearTimeout(hold);
      if (!othersListen) rethrow(); // else the application handles the signal itself
    });
  };
  const onBeforeExit = (): void => {
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
    for (const ref of live.refs) {
      try {
        ref.deref()?.warnUnsentAtExit?.();
      } catch {
        // nothing may throw at exit
      }
    }
  };
  // Node installs beforeExit + SIGTERM + exit listeners; runtimes without a process lifecycle (workerd, Edge) have none:
  // there, flush per request (waitUntil / after / the Lambda wrapper, see flush-helpers).
  const undo = runtime.installExitHooks({ beforeExit: onBeforeExit, signal: onSignal, exit: onExit });
  live.dispose = () => {
    live.refs.clear();
    undo?.();
  };
}
