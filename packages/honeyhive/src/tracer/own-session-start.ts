import { hrTimeToMilliseconds } from "@opentelemetry/core";
import type { HrTime } from "@opentelemetry/api";
import { normalizeUuid } from "@honeyhive/core/ids/uuid";
import type { Logger } from "../internal/logger";
import type { SessionWriteLosses } from "./session-write-losses";

/**
 * When a tracer's own session is started (decision record 0034): on its first need, not at activation, so a tracer
 * whose work all runs in `withSession()` sessions, in adopted incoming sessions or in evaluate()'s datapoints (or that
 * only registers instrumentations) adds no empty session. A need is a span stamped into the own session, an update of
 * it (`enrichSession`), `whenSessionStarted()`, the public `sessionId` getter, or an injected `session_id`.
 *
 * Before activation a need is remembered (its time); activation then sends the start at once, else arms it. The
 * start carries `start_time`, the time of the first need (a span's: its own start), so the session never starts after
 * its first span. After {@link cancel} (shutdown, or no start to send) needs do nothing.
 */
export class OwnSessionStart {
  /** The session this start is for (the configured id; `setSessionId` replaces the tracer's start with a new one). */
  readonly sessionId: string;

  /**
   * True while a need would do something (before activation, or armed): the one field the per-span check reads,
   * before comparing a span's session id with {@link sessionId}.
   */
  open = true;
  #send: ((startTime: number) => Promise<boolean>) | undefined;
  #neededAt: number | undefined;
  /** What the start settled with (the send's promise, or false), once settled. */
  #outcome: Promise<boolean> | boolean | undefined;
  // `started`, made on first read: most starts (evaluate()'s datapoints with no key) are cancelled unread
  #started: Promise<boolean> | undefined;
  #resolve: ((started: Promise<boolean> | boolean) => void) | undefined;
  /** The tracer made the id itself (no `sessionId` option): only this start can make the server hold the session. */
  readonly #madeHere: boolean;
  /** Shutdown cancelled the armed start before any need sent it. */
  #shutBeforeStart = false;

  /** @param madeHere - the tracer generated `sessionId` (see {@link updateCannotLand}); false for an id given to it. */
  constructor(sessionId: string, madeHere = false) {
    this.sessionId = sessionId;
    this.#madeHere = madeHere;
  }

  /**
   * Whether an update of `sessionId` cannot land: it is this session, whose id the tracer made, and shutdown came
   * before its start was ever sent, so the server holds no such session (an id given to the tracer may name a
   * session started elsewhere: its updates are sent).
   */
  updateCannotLand(sessionId: string): boolean {
    return this.#shutBeforeStart && sessionId === this.sessionId;
  }

  /** Settles when the start finished: true on success, false on failure or when none was sent. */
  get started(): Promise<boolean> {
    if (this.#started === undefined) {
      const outcome = this.#outcome;
      this.#started = outcome !== undefined ? Promise.resolve(outcome) : new Promise((resolve) => (this.#resolve = resolve));
    }
    return this.#started;
  }

  /** The first outcome counts (as a promise's resolve). */
  #settle(outcome: Promise<boolean> | boolean): void {
    if (this.#outcome !== undefined) return;
    this.#outcome = outcome;
    this.#resolve?.(outcome);
  }

  /** The own session is needed at `at` (ms since the epoch): the armed start is sent, or the need remembered. */
  need(at: number): void {
    if (!this.open) return;
    const send = this.#send;
    if (send === undefined) {
      this.#neededAt = at; // not activated yet: activation sends it
      this.open = false;
      return;
    }
    this.#send = undefined;
    this.open = false;
    this.#settle(send(at));
  }

  /** Session `sessionId` is needed now: a {@link need} when it is the own session (and a need would do something). */
  needIfOwn(sessionId: string): void {
    if (this.open && sessionId === this.sessionId) this.need(Date.now());
  }

  /** A span of session `sessionId` started at `startTime`: {@link needAtSpanStart} when it is the own session. */
  spanStarted(sessionId: string, startTime: HrTime): void {
    if (this.open && sessionId === this.sessionId) this.needAtSpanStart(startTime);
  }

  /** {@link need} at a span's start time (the earlier of it and now: a span may be given a start time in the future). */
  needAtSpanStart(startTime: HrTime): void {
    const at = Math.floor(hrTimeToMilliseconds(startTime));
    this.need(Number.isFinite(at) ? Math.min(at, Date.now()) : Date.now());
  }

  /**
   * At activation: `send` posts the start with its start time. It is sent at once when `now` (a datapoint's session:
   * needed from its activation, which is its start) or when the session was needed before activation (the time of
   * that need); otherwise on the first need, with that need's time. Every start carries its time, so the session's
   * start is never the time the server received the request (later by the network's latency).
   */
  arm(send: (startTime: number) => Promise<boolean>, now: boolean): void {
    const neededAt = this.#neededAt;
    if (now || neededAt !== undefined) {
      this.open = false;
      this.#settle(send(neededAt ?? Date.now()));
      return;
    }
    this.#send = send;
    this.open = true;
  }

  /**
   * No start will be sent (shutdown, or nothing to send): needs do nothing, {@link started} settles false. `atShutdown`:
   * the tracer is shutting down (an armed start never sent then makes {@link updateCannotLand} true).
   */
  cancel(atShutdown = false): void {
    if (atShutdown && this.#madeHere && this.#send !== undefined) this.#shutBeforeStart = true;
    this.open = false;
    this.#send = undefined;
    this.#settle(false);
  }
}

/**
 * The start of a tracer's configured session `sessionId`, resolved from the `sessionId` option `given`: when that was
 * missing or not a UUID, the tracer made the id itself.
 */
export function configuredSessionStart(sessionId: string, given: unknown): OwnSessionStart {
  return new OwnSessionStart(sessionId, normalizeUuid(given) === undefined);
}

/**
 * An update that cannot land ({@link OwnSessionStart.updateCannotLand}; the server could only answer 404 "event not
 * found"): not sent, said with why, and counted as a lost session write. Resolves false.
 */
export function refuseUpdateThatCannotLand(sessionId: string, logger: Logger, losses: SessionWriteLosses): Promise<boolean> {
  logger.warn(
    `session ${sessionId} update not sent: this tracer was shut down before its session started (nothing needed the session before ` +
      "shutdown(), so it was never started and the server has no such session); update it before shutdown(), or use a new tracer",
  );
  losses.lost("update");
  return Promise.resolve(false);
}
