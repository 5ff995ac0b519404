/**
 * Timers that exist everywhere the SDK loads. Every target runtime has `setTimeout`, but a sandbox may not (or
 * may replace it with something that throws): then a deadline never elapses (the work it bounds ends by
 * itself: a request answers or fails), and a delay (retry backoff, batch delay) is skipped, so nothing the
 * SDK awaits can hang on a timer that will never fire. Handles from a missing timer are inert.
 */
type TimerHandle = ReturnType<typeof setTimeout>;

const INERT = Object.freeze({ ref: () => INERT, unref: () => INERT, hasRef: () => false, refresh: () => INERT }) as unknown as TimerHandle;

function platformSetTimeout(): typeof setTimeout | undefined {
  return typeof setTimeout === "function" ? setTimeout : undefined;
}

/** A deadline: `fn` runs after `ms`, or never where the runtime has no timers. */
export function startDeadline(fn: () => void, ms: number): TimerHandle {
  try {
    return platformSetTimeout()?.(fn, ms) ?? INERT;
  } catch {
    return INERT;
  }
}

/** A delay: `fn` runs after `ms`, or as soon as possible (a microtask) where the runtime has no timers. */
export function startDelay(fn: () => void, ms: number): TimerHandle {
  try {
    const set = platformSetTimeout();
    if (set) return set(fn, ms);
  } catch {
    // fall through: run it soon
  }
  void Promise.resolve().then(fn);
  return INERT;
}

/** Cancels a timer from {@link startDeadline} / {@link startDelay} (an inert one is ignored). */
export function stopTimer(handle: TimerHandle | undefined): void {
  if (handle === undefined || handle === INERT || typeof clearTimeout !== "function") return;
  clearTimeout(handle);
}
