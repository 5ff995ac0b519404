/** How a datapoint run is stopped before it finishes: its time limit, or its run's cancellation. */
import { CallStop } from "../internal/call-stop";
import { clampTimeout } from "../internal/timer-delay";
import { TimeLimitError } from "./timed-out-calls";

/** Why a datapoint was stopped before it finished. */
export type StopReason = "timed_out" | "cancelled";

/**
 * A datapoint's stop: its call stop (the evaluators listen to it; the function's signal is made from it when the
 * function reads it), a promise rejecting with the error when `stop()` is called (never settling otherwise) —
 * settled directly, without a listener — and the reason it was first stopped for.
 */
export interface DatapointStop {
  readonly call: CallStop;
  readonly aborted: Promise<never>;
  /** The reason of the first `stop()`; undefined while it runs on. */
  reason: StopReason | undefined;
  stop(reason: StopReason, error: Error): void;
}

/** A new stop, not stopped. */
export function datapointStop(): DatapointStop {
  const call = new CallStop();
  let reject: (reason: unknown) => void = () => undefined;
  const aborted = new Promise<never>((_resolve, fail) => {
    reject = fail;
  });
  aborted.catch(() => undefined);
  const stop: DatapointStop = {
    call, aborted, reason: undefined,
    stop: (reason, error) => {
      stop.reason ??= reason;
      call.stop(error);
      reject(error);
    },
  };
  return stop;
}

/** Stops the datapoint once its time limit has passed; undefined when it has none. */
export function startTimeLimit(stop: DatapointStop, timeoutMs: number | undefined): ReturnType<typeof setTimeout> | undefined {
  if (timeoutMs === undefined) return undefined;
  return setTimeout(() => stop.stop("timed_out", new TimeLimitError(timeoutMs)), clampTimeout(timeoutMs));
}

/** Settles with `promise`, or rejects as soon as `aborted` does (the loser never becomes an unhandled rejection). */
export function raceAbort<T>(promise: Promise<T>, aborted: Promise<never>): Promise<T> {
  promise.catch(() => undefined);
  return Promise.race([promise, aborted]);
}
