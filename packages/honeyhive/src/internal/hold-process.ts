/**
 * Keeps the Node process alive while a promise the user awaits is pending. The SDK's sockets and timers are
 * unref'ed so that tracing never holds a finished program open; a promise the user awaits (enrichSession,
 * shutdown, an API call) must still hold the event loop, or Node exits in the middle of the user's `await`.
 * One ref'ed timer is shared by every pending hold; it is cleared when the last one settles. The promises held
 * here all settle in bounded time (their own timeouts), so a hold never keeps a program alive forever.
 */
let pending = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function release(): void {
  pending -= 1;
  if (pending === 0 && timer !== undefined) {
    clearInterval(timer);
    timer = undefined;
  }
}

/** Returns `promise` unchanged in value; the process stays alive until it settles. */
export function holdProcessUntilSettled<T>(promise: Promise<T>): Promise<T> {
  pending += 1;
  if (timer === undefined && typeof setInterval === "function") timer = setInterval(() => undefined, 1 << 30); // none where a runtime has no timers
  return promise.finally(release);
}
