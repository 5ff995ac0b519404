import { startDeadline, stopTimer } from "../internal/timers";
import { clampTimeout } from "../internal/timer-delay";
import { CallStop } from "../internal/call-stop";
import { TimeLimitError } from "./timed-out-calls";

/** An evaluator call that ran longer than its time limit (its metric fails; the datapoint keeps its other scores). */
export class EvaluatorTimeoutError extends TimeLimitError {
  constructor(timeoutMs: number) {
    super(timeoutMs);
    this.name = "EvaluatorTimeoutError";
  }
}

/**
 * Runs `work` and settles with it, or rejects first — with {@link EvaluatorTimeoutError} once `timeoutMs` has
 * passed, or with `outer`'s reason once it stops. The stop handed to `work` stops in both cases (so its own
 * waits, such as rate-limit pauses, end). What `work` does afterwards is ignored: a call that never settles
 * costs its caller at most `timeoutMs`. When it ends while `work` still runs, `leftOver` (when given) is told first,
 * with `work`'s promise and why the call ended (the caller may keep the call's pool slot, see `timed-out-calls.ts`).
 */
export function boundedCall<T>(
  work: (stop: CallStop) => Promise<T>,
  timeoutMs: number | undefined,
  outer: CallStop | undefined,
  leftOver?: (running: Promise<T>, reason: unknown) => void,
): Promise<T> {
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
    const running = Promise.resolve().then(() => work(call));
    const end = (error: unknown): void => {
      call.stop(error);
      if (!done && leftOver) leftOver(running, error);
      finish(() => reject(error));
    };
    const timer = timeoutMs === undefined ? undefined : startDeadline(() => end(new EvaluatorTimeoutError(timeoutMs)), clampTimeout(timeoutMs));
    const unhook = outer?.whenStopped(end); // not stopped yet: the hook runs later, never during this call
    running.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}
