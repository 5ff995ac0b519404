import { runtime } from "../runtime/platform";

/**
 * A circuit breaker shared by every call to one backend (one API client, or a whole evaluate() run: its REST
 * client, its sessions and its span export): once the backend is known to be down, later calls fail at once
 * instead of each waiting out the full retry schedule. Known down: a call ended, after its retries, unable to
 * connect at all (refused, DNS, unreachable), or {@link FAILURES_TO_OPEN} attempts in a row ended with no HTTP
 * answer (timed out, reset, dripping) — counted per attempt, across every call in flight, so a hung backend is
 * known within one request timeout; a server that is merely slow once does not open it. When it opens, calls in flight stop
 * (their attempts are aborted through {@link CircuitBreaker.openSignal}, their retries dropped). After a
 * cool-down one call is let through as a probe with a single attempt; its success closes the breaker, its
 * failure opens it again with a longer cool-down (doubling up to {@link MAX_COOLDOWN_MS}). An HTTP answer of
 * any status proves the server is there and closes the breaker.
 */
export const INITIAL_COOLDOWN_MS = 2_000;
const MAX_COOLDOWN_MS = 30_000;
/** Attempts in a row ending without any HTTP answer (but not proven unreachable) that open the breaker. */
export const FAILURES_TO_OPEN = 3;

/** How an attempt ended, for the breaker. */
type CallOutcome = "answered" | "unreachable" | "no-answer";

/** What a call may do now. */
type BreakerDecision = { kind: "send" } | { kind: "probe" } | { kind: "reject"; reason: string };

/** A controller whose signal takes one listener per call in flight (Node warns past 10 otherwise). */
function listenable(): AbortController {
  const controller = new AbortController();
  runtime.node?.allowManyListeners(controller.signal);
  return controller;
}

/** The circuit breaker of one backend (see the module comment). */
export class CircuitBreaker {
  #openUntil = 0;
  #cooldownMs = INITIAL_COOLDOWN_MS;
  #open = false;
  #probing = false;
  #reason = "";
  #noAnswerInARow = 0;
  #opened = listenable();
  /** Per-call controllers aborted with {@link openSignal}: one listener each on the call's own signal, none on the shared one. */
  readonly #inFlight = new Set<AbortController>();

  constructor(private readonly now: () => number = Date.now) {}

  /** True while calls are being rejected or probed. */
  get open(): boolean {
    return this.#open;
  }

  /** Aborted when the breaker opens (a fresh signal once it has closed again): calls in flight listen to it. */
  get openSignal(): AbortSignal {
    return this.#opened.signal;
  }

  /**
   * A signal for one call, aborted when the breaker opens; `release()` when the call is over. Calls listen to it
   * instead of {@link openSignal}, so the shared signal never collects a listener per call (runtimes where its
   * listener bound cannot be raised warn past 10).
   */
  callSignal(): { signal: AbortSignal; release(): void } {
    const controller = new AbortController();
    if (this.#opened.signal.aborted) controller.abort(this.#opened.signal.reason);
    else this.#inFlight.add(controller);
    return { signal: controller.signal, release: () => void this.#inFlight.delete(controller) };
  }

  /** Decides for one call: send normally, send as the single probe, or reject now. */
  decide(): BreakerDecision {
    if (!this.#open) return { kind: "send" };
    if (!this.#probing && this.now() >= this.#openUntil) {
      this.#probing = true;
      return { kind: "probe" };
    }
    return { kind: "reject", reason: this.rejection() };
  }

  /** Why calls are rejected now (while open). */
  rejection(): string {
    const waitMs = Math.max(0, this.#openUntil - this.now());
    return `backend unreachable (${this.#reason}); not sent, next probe in ≤ ${Math.ceil(waitMs / 1000)} s`;
  }

  /** Records how an attempt (or the probe) ended. */
  record(outcome: CallOutcome, error: string, wasProbe: boolean): void {
    if (wasProbe) this.#probing = false;
    if (outcome === "answered") {
      if (this.#open) this.#opened = listenable();
      this.#open = false;
      this.#noAnswerInARow = 0;
      this.#cooldownMs = INITIAL_COOLDOWN_MS;
      return;
    }
    if (this.#open && !wasProbe) return; // an attempt that started before the breaker opened
    this.#noAnswerInARow += 1;
    if (!wasProbe && outcome === "no-answer" && this.#noAnswerInARow < FAILURES_TO_OPEN) return;
    if (wasProbe) this.#cooldownMs = Math.min(MAX_COOLDOWN_MS, this.#cooldownMs * 2);
    this.#open = true;
    this.#reason = error;
    this.#openUntil = this.now() + this.#cooldownMs;
    if (!this.#opened.signal.aborted) this.#opened.abort(new Error(`backend unreachable (${error})`));
    for (const call of this.#inFlight) call.abort(this.#opened.signal.reason);
    this.#inFlight.clear();
  }

  /** Releases a probe slot without a verdict (the probe was cancelled by its caller). */
  abandonProbe(): void {
    this.#probing = false;
  }
}
