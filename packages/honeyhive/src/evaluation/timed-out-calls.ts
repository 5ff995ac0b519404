import { clampTimeout } from "../internal/timer-delay";
import { startDelay, stopTimer } from "../internal/timers";
import type { RunAbort } from "./run-abort";

/** A call ran past its time limit: a datapoint's function (`timeoutMs`) or an evaluator call (`evaluatorTimeoutMs`). */
export class TimeLimitError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    this.name = "TimeLimitError";
  }
}

/** One slot held by a timed-out call that had not settled yet. */
interface HeldSlot {
  release: () => void;
  timer: ReturnType<typeof startDelay> | undefined;
}

/**
 * The rule, for both of a run's pools (the datapoints', `maxConcurrency` and `timeoutMs`; the evaluators',
 * `evaluatorConcurrency` and `evaluatorTimeoutMs`), for the slot of a call that timed out but runs on — most LLM client
 * calls ignore their abort signal. The call's outcome is decided at its timeout, but its slot stays taken while it
 * runs, for at most one more time limit: the pool's bound holds for the calls really in flight, and a call that never
 * settles holds its slot for at most twice its time limit. A call still running when that grace ends, or when the run
 * ends, is "left running": its slot is released and it is counted ({@link leftRunning}; the run says so once, see
 * {@link leftRunningWarning}). Once the run is cancelled no slot is held (nothing new starts then).
 *
 * One per run. It keeps one entry per slot held (at most the pools' sizes); a hold never rejects, and nothing it
 * attaches to a call can throw.
 */
export class TimedOutCalls {
  readonly #held = new Set<HeldSlot>();
  #leftRunning = 0;
  #releasing = false;
  #ended = false;
  readonly #stopListening: (() => void) | undefined;

  /** @param runAbort - the run's cancellation: every slot is released at once when it fires. */
  constructor(runAbort?: RunAbort) {
    this.#stopListening = runAbort?.listen(() => this.#releaseAll());
    if (runAbort?.signal.aborted) this.#releasing = true;
  }

  /**
   * Settles once the slot of `call` (which timed out) may be given to the next call: when `call` settles, or `graceMs`
   * after now (then `call` is counted as left running), or once the run is cancelled or ended. Never rejects.
   */
  hold(call: Promise<unknown>, graceMs: number): Promise<void> {
    if (this.#ended) return Promise.resolve();
    return new Promise<void>((release) => {
      const slot: HeldSlot = { release, timer: undefined };
      this.#held.add(slot);
      const settled = (): void => {
        if (!this.#held.delete(slot)) return;
        stopTimer(slot.timer);
        release();
      };
      call.then(settled, settled); // first: an already settled call is never counted, even without timers
      slot.timer = startDelay(() => {
        if (!this.#held.delete(slot)) return;
        this.#leftRunning += 1;
        release();
      }, clampTimeout(graceMs));
      slot.timer.unref?.();
      if (this.#releasing) release();
    });
  }

  /** Timed-out calls left running so far. */
  get leftRunning(): number {
    return this.#leftRunning;
  }

  /** Ends the run's holds: calls still running count as left running. Returns {@link leftRunning}. */
  end(): number {
    this.#ended = true;
    this.#stopListening?.();
    for (const slot of this.#held) {
      stopTimer(slot.timer);
      this.#leftRunning += 1;
      slot.release();
    }
    this.#held.clear();
    return this.#leftRunning;
  }

  /** The run was cancelled: slots are released at once (the calls stay counted until they settle or the run ends). */
  #releaseAll(): void {
    this.#releasing = true;
    for (const slot of this.#held) slot.release();
  }
}

/**
 * The run's one line about the calls left running (`count` > 0), e.g. "3 timed-out calls were still running one
 * time limit after their timeout or when the run ended; they were left running and their pool slots released".
 */
export function leftRunningWarning(count: number): string {
  const one = count === 1;
  return `${count} timed-out ${one ? "call was" : "calls were"} still running one time limit after ${one ? "its" : "their"} timeout or when the run ended; ${one ? "it was" : "they were"} left running and ${one ? "its pool slot" : "their pool slots"} released`;
}
