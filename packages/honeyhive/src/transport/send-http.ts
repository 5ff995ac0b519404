import { type FetchLike } from "../runtime/fetch-like";
import { runtime } from "../runtime/platform";
import { parseRetryAfter, retryDelayMs } from "./retry-policy";
import { CallStop, type CallerStop, callerStopped, waitUnlessStopped } from "../internal/call-stop";
import type { CircuitBreaker } from "./circuit-breaker";
import { type BodyCompression, gzipRequest } from "./compression";
import type { ConnectionPool } from "../runtime/connection-pools";
import { type AnswerNotes, type AttemptFlags, type HttpRequest, type HttpResult, attempt } from "./http-attempt";
import { DEFAULT_TIMEOUT_MS } from "../config/request-timeout";

export type { HttpRequest, HttpResult };

export { parseRetryAfter };

export type { FetchLike };

/** Retry and timeout policy of {@link sendHttp}. */
export interface RetryPolicy {
  /** Per-attempt timeout. @defaultValue 10000 */
  timeoutMs?: number;
  /** Attempts after the first. @defaultValue 3 */
  maxRetries?: number;
  /** First backoff; doubled each retry, with jitter. @defaultValue 200 */
  initialBackoffMs?: number;
  /** Cap of one backoff (and of a Retry-After wait). @defaultValue 5000 */
  maxBackoffMs?: number;
  /** Stop retrying when this signal aborts (or this stop stops: the SDK's own callers' cheaper form). */
  signal?: CallerStop;
  fetch?: FetchLike;
  /**
   * False for a request whose repetition could duplicate a write (see `retry-policy.ts`): it is then
   * retried only on connection refused / DNS failures and 429 / 503. @defaultValue true
   */
  idempotent?: boolean;
  /**
   * Background work (span export): with the SDK's own transport, a request in flight does not keep the
   * process alive (the exit flush holds it open instead, within its budget). @defaultValue false
   */
  background?: boolean;
  /**
   * The lane the request takes (`runtime/connection-pools.ts`): span export passes `"export"`, so it never waits behind
   * API calls. With a fetch the SDK does not own, it names the lane's slots the request waits for (`request-slots.ts`).
   * @defaultValue "api"
   */
  pool?: ConnectionPool;
  /** With the SDK's own transport: largest answer body read; a larger one fails the call (not retried). @defaultValue 1 MB */
  maxResponseBytes?: number;
  /**
   * The backend's circuit breaker: consulted before the request (rejected at once while open, a single attempt
   * when probing), told how each attempt ended, and stopping the request (attempt and retries) when it opens. With a
   * wait budget (`CircuitBreaker.waitUpTo`) the request waits for it to close instead of being rejected or stopped.
   */
  breaker?: CircuitBreaker;
  /**
   * False: the request never waits for the breaker to close, even when the breaker has a wait budget (a write the
   * application may be awaiting: it must not wait on an outage). Default: it waits when the breaker does.
   */
  waitForBreaker?: boolean;
  /**
   * The destination's body compression (see `compression.ts`): when it applies, the body is gzipped once and every
   * attempt sends those same bytes; a 415 or 400 answer to them is followed by the plain request. @defaultValue none
   */
  compression?: BodyCompression;
  /** Told after each attempt: its HTTP status, or `undefined` when none came. Its errors are ignored. */
  onAttempt?: (status: number | undefined) => void;
}

/**
 * Sends one request with retries (network errors, 408, 429 honouring Retry-After, 5xx; fewer for a
 * non-idempotent request, see `retry-policy.ts`), a timeout per attempt, and tracing suppressed so the
 * SDK's own calls never become spans. With `policy.compression` applying, the body is gzipped once and every
 * attempt sends those bytes; a 415 or 400 answer to them (not processed) is followed by the plain request, with
 * its own retries. With a `breaker`, every request goes through it (see `circuit-breaker.ts`). Never throws.
 */
export function sendHttp(request: HttpRequest, policy: RetryPolicy = {}): Promise<HttpResult> {
  const compression = policy.compression;
  // not an async function: a request sent plain (most) returns the breaker's promise itself, with no promise around it
  if (compression === undefined) return sendThroughBreaker(request, policy, ignoreAnswer);
  if (!compression.applies(request.body)) return sendThroughBreaker(request, policy, observer(compression, false, false));
  return sendCompressed(request, policy, compression);
}

/** {@link sendHttp} of a body its compression applies to: gzipped once, then plain when refused (415 or 400). */
async function sendCompressed(request: HttpRequest, policy: RetryPolicy, compression: BodyCompression): Promise<HttpResult> {
  const packed = await gzipRequest(request);
  if (packed === undefined) {
    return sendThroughBreaker(request, policy, observer(compression, false, false));
  }
  const gzipped = await sendThroughBreaker(packed, policy, observer(compression, true, false));
  if (gzipped.ok || (gzipped.status !== 415 && gzipped.status !== 400) || callerStopped(policy.signal)) return gzipped;
  const plain = await sendThroughBreaker(request, policy, observer(compression, false, true));
  plain.attempts += gzipped.attempts;
  return plain;
}

/** Sees the status and `Accept-Encoding` of every answer (compression negotiation). */
type OnAnswer = (status: number, acceptEncoding: string | null) => void;

/** The {@link OnAnswer} of a request without compression: nothing to learn. */
const ignoreAnswer: OnAnswer = () => undefined;

/** The {@link OnAnswer} that tells `compression` each answer, as `BodyCompression.observe` takes it. */
function observer(compression: BodyCompression, sentGzip: boolean, plainResend: boolean): OnAnswer {
  return (status, acceptEncoding) => compression.observe(status, acceptEncoding, sentGzip, plainResend);
}

/** One request (with its retries) through the backend's breaker when there is one. */
async function sendThroughBreaker(request: HttpRequest, policy: RetryPolicy, onAnswer: OnAnswer): Promise<HttpResult> {
  const breaker = policy.breaker;
  if (breaker === undefined) {
    const stop = policy.signal === undefined ? undefined : new CallStop(policy.signal);
    try {
      return await sendWithRetries(request, policy, stop, policy.maxRetries ?? 3, onAnswer);
    } finally {
      stop?.release();
    }
  }
  // the call's whole time waiting for the breaker ends `breaker.waitMs` after it was made (none without a wait budget)
  const deadline = breaker.waitMs > 0 && policy.waitForBreaker !== false ? breaker.waitDeadline() : 0;
  let attempts = 0;
  for (;;) {
    const decision = breaker.decide();
    if (decision.kind === "reject") {
      if (await breaker.waitToSend(deadline, policy.signal)) continue;
      return { ok: false, error: breaker.open ? breaker.rejection() : decision.reason, retryable: false, attempts };
    }
    const result = await sendGuarded(request, policy, breaker, decision.kind === "probe", onAnswer);
    attempts += result.attempts;
    result.attempts = attempts;
    if (!worthWaiting(result, breaker, policy)) return result;
    if (!(await breaker.waitToSend(deadline, policy.signal))) return result;
  }
}

/**
 * True when a failed call should wait for the breaker to close and be sent again: it got no HTTP answer and the
 * breaker is open (it opened the breaker, was stopped by it, or was its failed probe), the breaker waits, its caller
 * has not given up, and sending it again cannot duplicate a write (idempotent, or it never reached the server).
 */
function worthWaiting(result: HttpResult, breaker: CircuitBreaker, policy: RetryPolicy): boolean {
  if (result.ok || result.status !== undefined || breaker.waitMs <= 0 || policy.waitForBreaker === false || !breaker.open || callerStopped(policy.signal)) return false;
  return policy.idempotent !== false || result.unreachable === true;
}

/**
 * One request through an open-for-it breaker: told how each attempt ended, and stopped when it opens. A probe (the
 * one call allowed while the breaker is open) stops with its caller only, after a single attempt.
 */
async function sendGuarded(request: HttpRequest, policy: RetryPolicy, breaker: CircuitBreaker, probe: boolean, onAnswer: OnAnswer): Promise<HttpResult> {
  const stop = new CallStop(policy.signal);
  const exit = probe ? undefined : breaker.enter(stop);
  const record = (result: HttpResult, final: boolean): void => recordAttempt(breaker, request, policy.signal, probe, result, final);
  try {
    const result = await sendWithRetries(request, policy, stop, probe ? 0 : policy.maxRetries ?? 3, onAnswer, (attempt) => record(attempt, false));
    if (!result.ok && result.unreachable) record(result, true);
    const openedBy = breaker.openedBy;
    if (!result.ok && !probe && !callerStopped(policy.signal) && openedBy !== undefined) {
      return { ok: false, error: `stopped: ${openedBy.message}`, retryable: false, attempts: result.attempts };
    }
    return result;
  } finally {
    exit?.();
    stop.release();
  }
}

/** Tells the breaker how one attempt (or, `final`, the whole call) ended, unless the call was stopped. */
function recordAttempt(breaker: CircuitBreaker, request: HttpRequest, caller: CallerStop | undefined, probe: boolean, result: HttpResult, final: boolean): void {
  if (callerStopped(caller)) return void (probe && breaker.abandonProbe());
  if (!probe && breaker.open) return; // stopped because the breaker opened: not a verdict
  const outcome = result.ok || result.status !== undefined ? "answered" : result.unreachable ? "unreachable" : "no-answer";
  // a refused connection opens the breaker when the call's retries are over (a restart may be under way);
  // attempts without any answer count one by one, so a hung backend is known within one timeout
  if (outcome === "unreachable" && !final) return;
  breaker.record(outcome, result.ok ? "" : `${request.method} ${pathOf(request.url)}: ${result.error}`, probe);
}

function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  return start < 0 ? "/" : url.slice(start).split("?")[0]!;
}

function tellAttempt(listener: RetryPolicy["onAttempt"], status: number | undefined): void {
  try {
    listener?.(status);
  } catch {
    // a listener never changes the request's outcome
  }
}

/** The policy's transport, per-attempt timeout, backoff cap and request flags, defaults filled in. */
function attemptSettings(policy: RetryPolicy): { fetchImpl: FetchLike; timeoutMs: number; maxBackoff: number; flags: AttemptFlags } {
  return {
    fetchImpl: policy.fetch ?? runtime.transport.fetch,
    timeoutMs: policy.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBackoff: policy.maxBackoffMs ?? 5_000,
    flags: { idempotent: policy.idempotent ?? true, background: policy.background === true, pool: policy.pool ?? "api", maxResponseBytes: policy.maxResponseBytes },
  };
}

function isStopped(stop: CallStop | undefined): boolean {
  return stop?.stopped === true;
}

/** The outcome of a call whose last attempt was `result`, after `attempts` attempts. */
function callOutcome(result: HttpResult, attempts: number): HttpResult {
  result.attempts = attempts;
  return result;
}

async function sendWithRetries(
  request: HttpRequest, policy: RetryPolicy, stop: CallStop | undefined, maxRetries: number, onAnswer: OnAnswer, onAttempt?: (result: HttpResult) => void,
): Promise<HttpResult> {
  const { fetchImpl, timeoutMs, maxBackoff, flags } = attemptSettings(policy);
  let backoff = policy.initialBackoffMs ?? 200;
  const notes: AnswerNotes = { retryAfterMs: undefined, acceptEncoding: null };
  for (let attempts = 1; ; attempts++) {
    const result = await attempt(request, timeoutMs, fetchImpl, stop, flags, notes);
    onAttempt?.(result);
    if (result.status !== undefined) onAnswer(result.status, notes.acceptEncoding);
    tellAttempt(policy.onAttempt, result.status);
    if (result.ok || !result.retryable || attempts > maxRetries || isStopped(stop)) return callOutcome(result, attempts);
    await waitUnlessStopped(retryDelayMs(backoff, maxBackoff, notes.retryAfterMs), stop, true); // a retry alone never keeps the process alive
    if (isStopped(stop)) return callOutcome(result, attempts); // stopped while waiting: no other attempt
    backoff = Math.min(maxBackoff, backoff * 2);
  }
}
