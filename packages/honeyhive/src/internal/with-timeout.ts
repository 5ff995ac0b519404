import { startDeadline, stopTimer } from "./timers";
import { clampTimeout } from "./timer-delay";
/** Resolves with the promise's value, or with `fallback` after `ms`; the timer is cleared either way. Never rejects. */
export function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = startDeadline(() => resolve(fallback), clampTimeout(ms));
    timer.unref?.();
    promise.then(
      (value) => {
        stopTimer(timer);
        resolve(value);
      },
      () => {
        stopTimer(timer);
        resolve(fallback);
      },
    );
  });
}
