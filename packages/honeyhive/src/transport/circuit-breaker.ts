import type { CallStop, CallerStop } from "../internal/call-stop";
import type { BreakerWaiters } from "./breaker-waiters";

/**
 * A circuit breaker shared by every call to one backend (one API client, or a whole evaluate() run: its REST
 * client, its sessions and its span export): once the backend is known to be down, later calls fail at once
 * instead of each waiting out the full retry schedule. Known down: a call ended, after its retries, unable to
 * connect at all (refused, DNS, unreachable), or {@link FAILURES_TO_OPEN} attempts in a row ended with no HTTP
 * answer (timed out, reset, dripping) — counted per attempt, across every call in flight, so a hung backend is
 * known within one request timeout; a server that is merely slow once does not open it. When it opens, calls in flight stop
 * (each is stopped through the {@link CallStop} it entered with, its retries dropped). After a
 * cool-down one call is let through as a probe with a single attempt; its success closes the breaker, its
 * failure opens it again with a longer cool-down (doubling up to {@link MAX_COOLDOWN_MS}). An HTTP answer of
 * any status proves the server is there and closes the breaker.
 *
 * A breaker given a wait budget ({@link CircuitBreaker.waitUpTo}: a created evaluate() run's) does not refuse: a call that meets it open,
 * or that it stopped, waits until a probe closes it and is then sent (with its retries), or until its own budget or
 * its caller's signal ends (then it fails and is counted lost, as a refused call). While calls wait, the first of them
 * is the probe when the cool-down ends (`breaker-waiters.ts`, decision record 0095).
 */
export const INITIAL_COOLDOWN_MS = 2_000;
const MAX_COOLDOWN_MS = 30_000;
/** Attempts in a row ending without any HTTP answer (but not proven unreachable) that open the breaker. */
export const FAILURES_TO_OPEN = 3;

/** How an attempt ended, for the breaker. */
type CallOutcome = "answered" | "unreachable" | "no-answer";

/** What a call may do now. */
type BreakerDecision = { kind: "send" } | { kind: "probe" } | { kind: "reject"; reason: string };

/** The circuit breaker of one backend (see the module comment). */
export class CircuitBreaker {
  #openUntil = 0;
  #cooldownMs = INITIAL_COOLDOWN_MS;
  #probing = false;
  #reason = "";
  #noAnswerInARow = 0;
  /** Why the breaker opened; undefined while it is closed. */
  #openedBy: Error | undefined;
  /** Calls in flight (not probes), stopped when the breaker opens. */
  readonly #inFlight = new Set<CallStop>();
  /** The calls waiting for the breaker to close (given with a wait budget: the waiting loads with the run that uses it). */
  #waiters: BreakerWaiters | undefined;
  /** No call waits beyond this moment ({@link limitWaits}). */
  #waitsEndBy = Infinity;
  #waitMs = 0;

  /** @param now - the clock (tests inject one). */
  constructor(private readonly now: () => number = Date.now) {}

  /** Most a call waits, in all, for the breaker to close; 0 (the default): calls are refused at once while it is open. */
  get waitMs(): number {
    return this.#waitMs;
  }

  /**
   * Calls from now on wait up to `ms` in all for the breaker to close instead of being refused (evaluate(): a created
   * run), in the waiting set `makeWaiters` makes with the breaker's clock (`breaker-waiters.ts`).
   */
  waitUpTo(ms: number, makeWaiters: (now: () => number) => BreakerWaiters): void {
    this.#waiters ??= makeWaiters(this.now);
    this.#waitMs = Math.max(0, ms);
  }

  /** Calls waiting for the breaker to close. */
  get waiting(): number {
    return this.#waiters?.size ?? 0;
  }

  /** The moment a call made now gives up waiting for the breaker (its whole wait budget). */
  waitDeadline(): number {
    return Math.min(this.now() + this.#waitMs, this.#waitsEndBy);
  }

  /**
   * While the breaker is open, waits for it to close or for this call's turn to probe: true then (decide again);
   * false when `deadline` passes, `signal` aborts, too many calls wait, or the breaker does not wait (refuse the call).
   */
  waitToSend(deadline: number, signal: CallerStop | undefined): Promise<boolean> {
    if (!this.open) return Promise.resolve(true);
    if (this.#waitMs <= 0 || this.#waiters === undefined) return Promise.resolve(false);
    return this.#waiters.wait(Math.min(deadline, this.#waitsEndBy), signal);
  }

  /** The calls waiting now give up (evaluate(): its closing window is full; a datapoint never waits on an outage). */
  releaseWaiters(): void {
    this.#waiters?.releaseAll();
  }

  /** No call waits more than `ms` from now, those waiting now included (evaluate(): the end of its datapoints). */
  limitWaits(ms: number): void {
    this.#waitsEndBy = Math.min(this.#waitsEndBy, this.now() + Math.max(0, ms));
    this.#waiters?.limit(this.#waitsEndBy);
  }

  /** True while calls are being rejected or probed. */
  get open(): boolean {
    return this.#openedBy !== undefined;
  }

  /** Why the breaker opened, while it is open (the error calls it stopped were stopped with). */
  get openedBy(): Error | undefined {
    return this.#openedBy;
  }

  /** Enters one call: it is stopped when the breaker opens (at once when it is open); returns its exit. */
  enter(call: CallStop): () => void {
    if (this.#openedBy !== undefined) call.stop(this.#openedBy);
    else this.#inFlight.add(call);
    return () => void this.#inFlight.delete(call);
  }

  /** Decides for one call: send normally, send as the single probe, or reject now. */
  decide(): BreakerDecision {
    if (!this.open) return { kind: "send" };
    if (!this.#probing && this.now() >= this.#openUntil) {
      this.#probing = true;
      this.#waiters?.openUntil(Infinity); // no waiter probes while this probe is under way
      return { kind: "probe" };
    }
    return { kind: "reject", reason: this.rejection() };
  }

  /** Why calls are rejected now (while open). */
  rejection(): string {
    const waitMs = Math.max(0, this.#openUntil - this.now());
    return `backend unreachable (found by ${this.#reason}); next probe in ≤ ${Math.ceil(waitMs / 1000)} s`;
  }

  /** Records how an attempt (or the probe) ended. */
  record(outcome: CallOutcome, error: string, wasProbe: boolean): void {
    if (wasProbe) this.#probing = false;
    if (outcome === "answered") {
      const wasOpen = this.#openedBy !== undefined;
      this.#openedBy = undefined;
      if (wasOpen) this.#waiters?.wakeAll(); // closed: the calls waiting are sent now
      this.#noAnswerInARow = 0;
      this.#cooldownMs = INITIAL_COOLDOWN_MS;
      return;
    }
    if (this.open && !wasProbe) return; // an attempt that started before the breaker opened
    this.#noAnswerInARow += 1;
    if (!wasProbe && outcome === "no-answer" && this.#noAnswerInARow < FAILURES_TO_OPEN) return;
    if (wasProbe) this.#cooldownMs = Math.min(MAX_COOLDOWN_MS, this.#cooldownMs * 2);
    this.#reason = error;
    this.#openUntil = this.now() + this.#cooldownMs;
    this.#openedBy ??= new Error(`backend unreachable (found by ${error})`);
    this.#waiters?.openUntil(this.#openUntil);
    const stopped = [...this.#inFlight];
    this.#inFlight.clear();
    for (const call of stopped) call.stop(this.#openedBy);
  }

  /** Releases a probe slot without a verdict (the probe was cancelled by its caller). */
  abandonProbe(): void {
    this.#probing = false;
    if (this.open) this.#waiters?.openUntil(this.#openUntil); // a waiter probes instead, now if the cool-down is over
  }
}
