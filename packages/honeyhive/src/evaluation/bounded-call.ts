import { startDeadline, stopTimer } from "../internal/timers";
import { clampTimeout } from "../internal/timer-delay";

/** An evaluator call that ran longer than its time limit (its metric fails; the datapoint keeps its other scores). */
export class EvaluatorTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    this.name = "EvaluatorTimeoutError";
  }
}

/**
 * Runs `work` and settles with it, or rejects first — with {@link EvaluatorTimeoutError} once `timeoutMs` has
 * passed, or with `stop`'s reason once it aborts. The signal handed to `work` aborts in both cases (so its own
 * waits, such as rate-limit pauses, end). What `work` does afterwards is ignored: a call that never settles
 * costs its caller at most `timeoutMs`.
 */
export function boundedCall<T>(work: (signal: AbortSignal) => Promise<T>, timeoutMs: number | undefined, stop: AbortSignal | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const controller = new AbortController();
    let done = false;
    const finish = (settle: () => void): void => {
      if (done) return;
      done = true;
      stopTimer(timer);
      stop?.removeEventListener("abort", onStop);
      settle();
    };
    const onStop = (): void => {
      controller.abort(stop?.reason);
      finish(() => reject(stop?.reason));
    };
    const timer = timeoutMs === undefined ? undefined : startDeadline(() => {
      const error = new EvaluatorTimeoutError(timeoutMs);
      controller.abort(error);
      finish(() => reject(error));
    }, clampTimeout(timeoutMs));
    if (stop?.aborted) return onStop();
    stop?.addEventListener("abort", onStop, { once: true });
    Promise.resolve().then(() => work(controller.signal)).then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}
