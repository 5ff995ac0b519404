import { startDelay, stopTimer } from "./timers";
import { clampTimeout } from "./timer-delay";

/**
 * How one call is stopped: an HTTP call (its attempts and the waits between them) by its caller's signal or its
 * backend's circuit breaker opening; an evaluator call (its rate-limit waits) by its time limit or its datapoint's
 * stop; a datapoint's function and evaluators by its time limit or the run's cancellation. A plain object: its
 * first hook takes a slot, further ones (a datapoint's concurrent evaluator calls) a set made then. The SDK's own
 * transport takes it as is (it fits `RequestStop`); an `AbortSignal` is made only for code that needs one (a
 * custom fetch, the neutral runtime's fetch). Per call that saves an `AbortController` and its signal, an
 * `AbortSignal.any` over the caller's signal, and the listener node:http adds for a request signal (decision 0028).
 */
export class CallStop {
  #stopped = false;
  #reason: unknown = undefined;
  #hook: StopHook | undefined;
  #moreHooks: Set<StopHook> | undefined;
  #controller: AbortController | undefined;
  #detachCaller: (() => void) | undefined;

  /**
   * A stop that follows `caller` (the caller's signal or stop, when there is one) until {@link release}. Following
   * another `CallStop` is a hook on it, not an event listener.
   */
  constructor(caller?: CallerStop) {
    if (caller === undefined) return;
    if (callerStopped(caller)) {
      this.stop(caller.reason);
      return;
    }
    this.#detachCaller = onCallerStop(caller, (reason) => this.stop(reason));
  }

  /** True once the call has been stopped. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Why the call was stopped (undefined while it runs on). */
  get reason(): unknown {
    return this.#reason;
  }

  /** Stops the call (once): the hooks in place run, a signal made for it aborts. */
  stop(reason: unknown): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#reason = reason;
    const hook = this.#hook;
    const more = this.#moreHooks;
    this.#hook = undefined;
    this.#moreHooks = undefined;
    this.#controller?.abort(reason);
    hook?.(reason);
    more?.forEach((each) => each(reason));
  }

  /** Runs `hook` once when the call stops (at once when it has); returns its removal. */
  whenStopped(hook: StopHook): () => void {
    if (this.#stopped) {
      hook(this.#reason);
      return noop;
    }
    if (this.#hook === undefined) {
      this.#hook = hook;
      return () => {
        if (this.#hook === hook) this.#hook = undefined;
      };
    }
    const entry: StopHook = (reason) => hook(reason); // its own identity: removing it never removes another
    (this.#moreHooks ??= new Set()).add(entry);
    return () => void this.#moreHooks?.delete(entry);
  }

  /** An `AbortSignal` aborted when the call stops, made on first use. */
  signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#stopped) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** Detaches from the caller's signal (call when the call is over). */
  release(): void {
    this.#detachCaller?.();
    this.#detachCaller = undefined;
    this.#hook = undefined;
    this.#moreHooks = undefined;
  }
}

/**
 * Waits `ms` (a retry's backoff, a rate-limit pause), or less when `stop` stops first. `unref`: the wait alone does
 * not keep the process alive.
 */
export function waitUnlessStopped(ms: number, stop: CallStop | undefined, unref: boolean): Promise<void> {
  return new Promise((resolve) => {
    if (stop?.stopped) return resolve();
    const timer = startDelay(done, clampTimeout(ms));
    if (unref) timer.unref?.();
    const unhook = stop?.whenStopped(done); // not stopped yet: the hook runs later, never during this call
    function done(): void {
      unhook?.();
      stopTimer(timer);
      resolve();
    }
  });
}

/**
 * What a caller stops a call with: an `AbortSignal`, or the SDK's own {@link CallStop} (a session request's: no
 * EventTarget to build, no listener to add and remove; measured at about 10 µs per request on Node 20).
 */
export type CallerStop = AbortSignal | CallStop;

/** True once `caller` has stopped (its signal aborted); false without a caller. */
export function callerStopped(caller: CallerStop | undefined): boolean {
  if (caller === undefined) return false;
  return caller instanceof CallStop ? caller.stopped : caller.aborted;
}

/** Runs `hook` with the reason when `caller` stops (check {@link callerStopped} first); returns its removal. */
export function onCallerStop(caller: CallerStop, hook: StopHook): () => void {
  if (caller instanceof CallStop) return caller.whenStopped(hook);
  const onAbort = (): void => hook(caller.reason);
  caller.addEventListener("abort", onAbort, { once: true });
  return () => caller.removeEventListener("abort", onAbort);
}

/** Told why a call stopped. */
type StopHook = (reason: unknown) => void;

function noop(): void {}
