/**
 * Signals aborted when any of several signals aborts. `AbortSignal.any` is missing from Node 18 and from the Edge
 * runtime's primitives (`edge-runtime`); there the SDK composes signals with listeners, and removes them when the
 * work is done (a listener left on a long-lived signal per request is a leak, and Node warns past 10).
 */

/** A composed signal and the release of what composing it attached to its sources. */
interface ScopedSignal {
  readonly signal: AbortSignal | undefined;
  /** Detaches from the source signals (call when the work the signal guards is over). */
  release(): void;
}

const NOTHING_TO_RELEASE = (): void => undefined;

/** A signal aborted when any of `signals` aborts, for work that ends: call `release()` when it has. */
export function scopedAnySignal(signals: readonly (AbortSignal | undefined)[]): ScopedSignal {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return { signal: present[0], release: NOTHING_TO_RELEASE };
  const any = (AbortSignal as { any?: (signals: AbortSignal[]) => AbortSignal }).any;
  if (typeof any === "function") return { signal: any.call(AbortSignal, present), release: NOTHING_TO_RELEASE };
  const controller = new AbortController();
  const detach: Array<() => void> = [];
  for (const signal of present) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    const onAbort = (): void => controller.abort(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    detach.push(() => signal.removeEventListener("abort", onAbort));
  }
  return { signal: controller.signal, release: () => detach.forEach((undo) => undo()) };
}

/** A signal aborted when any of `signals` aborts, for as long as the sources live. */
export function anySignal(signals: readonly (AbortSignal | undefined)[]): AbortSignal | undefined {
  return scopedAnySignal(signals).signal;
}
