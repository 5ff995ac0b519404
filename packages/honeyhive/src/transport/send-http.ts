import { context } from "@opentelemetry/api";
import { suppressTracing } from "@opentelemetry/core";
import { describeError } from "../internal/safe-invoke";
import { type FetchLike, HttpTimeoutError, type HttpRequestInit, type HttpResponseLike, ResponseTooLargeError, WholeAnswer } from "../runtime/fetch-like";
import { runtime } from "../runtime/platform";
import { isRetryableFailure, neverReachedServer, parseRetryAfter, retryDelayMs } from "./retry-policy";
import { CallStop, type CallerStop, callerStopped, waitUnlessStopped } from "../internal/call-stop";
import type { CircuitBreaker } from "./circuit-breaker";
import { type BodyCompression, gzipRequest } from "./compression";
import { type BoundedAnswer, boundedExchange } from "./bounded-exchange";
import { requestSlotsFor } from "./request-slots";
import type { ConnectionPool } from "../runtime/connection-pools";
import { DEFAULT_TIMEOUT_MS } from "../config/request-timeout";

export { parseRetryAfter };

export type { FetchLike };

/** One HTTP request. */
export interface HttpRequest {
  url: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

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

/** Outcome of {@link sendHttp}; it never throws. */
export type HttpResult =
  | { ok: true; status: number; body: string; attempts: number }
  | { ok: false; status?: number; body?: string; error: string; retryable: boolean; attempts: number; unreachable?: boolean };


/** How one attempt is made (from the policy). */
interface AttemptFlags {
  idempotent: boolean;
  background: boolean;
  pool: ConnectionPool;
  maxResponseBytes?: number;
}

/**
 * What the last attempt's answer said beside its result: its `Retry-After` wait and `Accept-Encoding` header. Written
 * by each attempt into one object per call, so the result an attempt returns is the call's outcome as it is (no copy).
 */
interface AnswerNotes {
  retryAfterMs: number | undefined;
  acceptEncoding: string | null;
}

async function attempt(request: HttpRequest, timeoutMs: number, fetchImpl: FetchLike, stop: CallStop | undefined, flags: AttemptFlags, notes: AnswerNotes): Promise<HttpResult> {
  const idempotent = flags.idempotent;
  const sent = { method: request.method, headers: request.headers, body: request.body };
  notes.retryAfterMs = undefined;
  notes.acceptEncoding = null;
  try {
    const { response, body } = await context.with(suppressTracing(context.active()), () => exchange(request.url, sent, timeoutMs, fetchImpl, stop, flags));
    notes.acceptEncoding = response.headers.get("accept-encoding");
    if (response.ok) return { ok: true, status: response.status, body, attempts: 1 };
    notes.retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
    return {
      ok: false,
      status: response.status,
      body: body.slice(0, 500),
      error: `HTTP ${response.status}`,
      retryable: isRetryableFailure({ kind: "status", status: response.status }, idempotent),
      attempts: 1,
    };
  } catch (error) {
    return failedAttempt(error, stop?.stopped === true, idempotent, timeoutMs);
  }
}

/**
 * The answer to one attempt, read whole. The SDK's own transport times out and stops natively (measured: signals cost
 * more CPU than the whole loopback request). Any other fetch (a custom one, the neutral runtime's) gets an AbortSignal,
 * and the exchange is raced against the timeout and the call's stop, so a fetch that ignores the signal cannot hold
 * the call past them (`bounded-exchange.ts`); it is handed the request once the request has one of the lane's slots for
 * its origin, and the timeout starts then (`request-slots.ts`). The SDK's own transport starts it when the request is
 * given a socket.
 */
function exchange(url: string, sent: HttpRequestInit, timeoutMs: number, fetchImpl: FetchLike, stop: CallStop | undefined, flags: AttemptFlags): Promise<BoundedAnswer> {
  // written out, not spread: on Node 20 a spread followed by more properties costs microseconds per request
  if (!runtime.transport.isNative(fetchImpl)) return slottedExchange(url, sent, timeoutMs, fetchImpl, stop, flags.pool);
  const init: HttpRequestInit = {
    method: sent.method, headers: sent.headers, body: sent.body, stop, timeoutMs, background: flags.background, maxResponseBytes: flags.maxResponseBytes,
    idempotent: flags.idempotent,
  };
  // not an async function, and the body read whole by the SDK's own transport taken as it is: a promise less each
  return fetchImpl(url, init).then(wholeAnswerOf);
}

/** An answer of the SDK's own transport with its body (read whole already: taken without awaiting `text()`). */
function wholeAnswerOf(response: HttpResponseLike): BoundedAnswer | Promise<BoundedAnswer> {
  if (response instanceof WholeAnswer) return { response, body: response.bodyText };
  return response.text().then((body) => ({ response, body }));
}

/** One exchange through a fetch the SDK does not own, once the request has a slot; the slot is freed when it ends. */
async function slottedExchange(url: string, sent: HttpRequestInit, timeoutMs: number, fetchImpl: FetchLike, stop: CallStop | undefined, pool: ConnectionPool): Promise<BoundedAnswer> {
  const release = await requestSlotsFor(url, pool).take(stop);
  try {
    // a copy of the headers: a fetch the SDK does not own may change them, and the API client's are frozen and shared
    const headers = sent.headers === undefined ? undefined : Object.assign({}, sent.headers);
    return await boundedExchange((signal) => fetchImpl(url, { method: sent.method, headers, body: sent.body, signal }), timeoutMs, stop);
  } finally {
    release();
  }
}

/** The result of an attempt that ended without a readable answer (`stopped`: its call was stopped). */
function failedAttempt(error: unknown, stopped: boolean, idempotent: boolean, timeoutMs: number): HttpResult {
  if (error instanceof ResponseTooLargeError) return { ok: false, status: error.status, error: error.message, retryable: false, attempts: 1 };
  const timedOut = error instanceof HttpTimeoutError;
  const retryable = !stopped && isRetryableFailure({ kind: "error", error, timedOut }, idempotent);
  const unreachable = !timedOut && neverReachedServer(error);
  return { ok: false, error: timedOut ? `timed out after ${timeoutMs} ms` : describeError(error), retryable, attempts: 1, ...(unreachable ? { unreachable } : {}) };
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
  if (!compression.applies(request.body)) return sendThroughBreaker(request, policy, (status, acceptEncoding) => compression.observe(status, acceptEncoding, false, false));
  return sendCompressed(request, policy, compression);
}

/** {@link sendHttp} of a body its compression applies to: gzipped once, then plain when refused (415 or 400). */
async function sendCompressed(request: HttpRequest, policy: RetryPolicy, compression: BodyCompression): Promise<HttpResult> {
  const packed = await gzipRequest(request);
  if (packed === undefined) {
    return sendThroughBreaker(request, policy, (status, acceptEncoding) => compression.observe(status, acceptEncoding, false, false));
  }
  const gzipped = await sendThroughBreaker(packed, policy, (status, acceptEncoding) => compression.observe(status, acceptEncoding, true, false));
  if (gzipped.ok || (gzipped.status !== 415 && gzipped.status !== 400) || callerStopped(policy.signal)) return gzipped;
  const plain = await sendThroughBreaker(request, policy, (status, acceptEncoding) => compression.observe(status, acceptEncoding, false, true));
  plain.attempts += gzipped.attempts;
  return plain;
}

/** Sees the status and `Accept-Encoding` of every answer (compression negotiation). */
type OnAnswer = (status: number, acceptEncoding: string | null) => void;

/** The {@link OnAnswer} of a request without compression: nothing to learn. */
const ignoreAnswer: OnAnswer = () => undefined;

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
