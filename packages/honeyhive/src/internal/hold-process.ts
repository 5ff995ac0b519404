/**
 * Keeps the Node process alive while a promise the user awaits is pending. The SDK's sockets and timers are
 * unref'ed so that tracing never holds a finished program open; a promise the user awaits (enrichSession,
 * shutdown, an API call) must still hold the event loop, or Node exits in the middle of the user's `await`.
 * One ref'ed timer is shared by every pending hold; it is cleared when the last one settles. The promises held
 * here all settle in bounded time (their own timeouts), so a hold never keeps a program alive forever.
 */
let pending = 0;
/**
 * The shared keep-alive timer. Where timers can be ref'ed (Node, Bun) it is made once and ref'ed while a hold is
 * pending, unref'ed (never cleared) when none is: toggling costs far less than making and clearing a timer per hold,
 * and `evaluate()` holds once per datapoint. Elsewhere it is made and cleared.
 */
let timer: ReturnType<typeof setInterval> | undefined;

/** A timer that can be told whether it keeps the process alive. */
interface RefTimer {
  ref(): void;
  unref(): void;
}

function refTimer(value: unknown): RefTimer | undefined {
  const candidate = value as Partial<RefTimer> | undefined;
  return typeof candidate?.ref === "function" && typeof candidate.unref === "function" ? (candidate as RefTimer) : undefined;
}

function hold(): void {
  const reusable = refTimer(timer);
  if (reusable) reusable.ref();
  else if (timer === undefined && typeof setInterval === "function") timer = setInterval(() => undefined, 1 << 30); // none where a runtime has no timers
}

function release(): void {
  pending -= 1;
  if (pending !== 0 || timer === undefined) return;
  const reusable = refTimer(timer);
  if (reusable) reusable.unref();
  else {
    clearInterval(timer);
    timer = undefined;
  }
}

/** Returns `promise` unchanged in value; the process stays alive until it settles. */
export function holdProcessUntilSettled<T>(promise: Promise<T>): Promise<T> {
  pending += 1;
  if (pending === 1) hold();
  return promise.finally(release);
}
