import { startDeadline, stopTimer } from "../internal/timers";
import { clampTimeout } from "../internal/timer-delay";
import { CallStop } from "../internal/call-stop";

/** An evaluator call that ran longer than its time limit (its metric fails; the datapoint keeps its other scores). */
export class EvaluatorTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    this.name = "EvaluatorTimeoutError";
  }
}

/**
 * Runs `work` and settles with it, or rejects first — with {@link EvaluatorTimeoutError} once `timeoutMs` has
 * passed, or with `outer`'s reason once it stops. The stop handed to `work` stops in both cases (so its own
 * waits, such as rate-limit pauses, end). What `work` does afterwards is ignored: a call that never settles
 * costs its caller at most `timeoutMs`.
 */
export function boundedCall<T>(work: (stop: CallStop) => Promise<T>, timeoutMs: number | undefined, outer: CallStop | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (outer?.stopped) return reject(outer.reason);
    const call = new CallStop();
    let done = false;
    const finish = (settle: () => void): void => {
      if (done) return;
      done = true;
      stopTimer(timer);
      unhook?.();
      settle();
    };
    const end = (error: unknown): void => {
      call.stop(error);
      finish(() => reject(error));
    };
    const timer = timeoutMs === undefined ? undefined : startDeadline(() => end(new EvaluatorTimeoutError(timeoutMs)), clampTimeout(timeoutMs));
    const unhook = outer?.whenStopped(end); // not stopped yet: the hook runs later, never during this call
    Promise.resolve().then(() => work(call)).then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}
