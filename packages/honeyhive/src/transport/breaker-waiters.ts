import { startDeadline, stopTimer } from "../internal/timers";
import { clampTimeout } from "../internal/timer-delay";
import { type CallerStop, callerStopped, onCallerStop } from "../internal/call-stop";

/**
 * The calls waiting for an open circuit breaker to close (`circuit-breaker.ts`, decision record 0095): each holds its
 * request's body already, so their number is bounded ({@link MAX_BREAKER_WAITERS}); each has a deadline and may be
 * released by its caller's signal. One shared timer wakes them: at the earliest deadline (those due give up) or when
 * the cool-down ends (the first waiter is let through to probe). No timer per call, no polling.
 */

/** Most calls waiting on one breaker; beyond it a call is refused at once, as without waiting. */
export const MAX_BREAKER_WAITERS = 1024;

/** Why a waiter woke: send now (closed, or its turn to probe), or give up (deadline, caller's signal). */
type Wake = (sendNow: boolean) => void;

interface Waiter {
  deadline: number;
  wake: Wake;
}

/** See the module comment. */
export class BreakerWaiters {
  readonly #waiting = new Set<Waiter>();
  #timer: ReturnType<typeof startDeadline> | undefined;
  #timerAt = Infinity;
  /** When the cool-down ends (a probe may go), while the breaker is open. */
  #probeAt = Infinity;

  constructor(private readonly now: () => number) {}

  /** Calls waiting now. */
  get size(): number {
    return this.#waiting.size;
  }

  /**
   * Waits until {@link wakeAll}, the call's turn to probe, `deadline`, or `signal` aborting. True: decide again (send
   * or probe); false: give up. False at once when the bound is reached or the deadline has passed.
   */
  wait(deadline: number, signal: CallerStop | undefined): Promise<boolean> {
    if (callerStopped(signal) || deadline <= this.now() || this.#waiting.size >= MAX_BREAKER_WAITERS) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      let unhook: (() => void) | undefined;
      const waiter: Waiter = {
        deadline,
        wake: (sendNow) => {
          if (!this.#waiting.delete(waiter)) return;
          unhook?.();
          resolve(sendNow);
        },
      };
      this.#waiting.add(waiter);
      if (signal !== undefined) unhook = onCallerStop(signal, () => waiter.wake(false));
      if (deadline < this.#timerAt) this.#schedule(); // else the timer fires sooner and looks again then
    });
  }

  /** The breaker closed: every waiter sends now. */
  wakeAll(): void {
    this.#probeAt = Infinity;
    for (const waiter of [...this.#waiting]) waiter.wake(true);
    this.#schedule();
  }

  /** The breaker is open until `at` (a probe may go then; Infinity: a probe is under way). */
  openUntil(at: number): void {
    this.#probeAt = at;
    this.#schedule();
  }

  /** Every call waiting now gives up (later ones may wait again). */
  releaseAll(): void {
    for (const waiter of [...this.#waiting]) waiter.wake(false);
    this.#schedule();
  }

  /** Every deadline, now and later, is at most `until` (the caller gives the waiting no more time than that). */
  limit(until: number): void {
    for (const waiter of this.#waiting) waiter.deadline = Math.min(waiter.deadline, until);
    this.#schedule();
  }

  /** The timer fired: the waiters past their deadline give up; the first one probes once the cool-down is over. */
  #fire = (): void => {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    const now = this.now();
    for (const waiter of [...this.#waiting]) if (waiter.deadline <= now) waiter.wake(false);
    if (now >= this.#probeAt) {
      this.#probeAt = Infinity; // one waiter probes; the breaker says when the next may
      this.#waiting.values().next().value?.wake(true);
    }
    this.#schedule();
  };

  /** Keeps the one timer at the next moment something is due (none while nobody waits). */
  #schedule(): void {
    let next = this.#waiting.size === 0 ? Infinity : this.#probeAt;
    for (const waiter of this.#waiting) next = Math.min(next, waiter.deadline);
    if (next === this.#timerAt) return;
    stopTimer(this.#timer);
    this.#timer = undefined;
    this.#timerAt = next;
    if (next === Infinity) return;
    this.#timer = startDeadline(this.#fire, clampTimeout(Math.max(0, next - this.now())));
    this.#timer.unref?.(); // waiting alone never keeps the process alive
  }
}
