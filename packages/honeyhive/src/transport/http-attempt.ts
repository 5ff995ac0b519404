import { context } from "@opentelemetry/api";
import { suppressTracing } from "@opentelemetry/core";
import { describeError } from "../internal/safe-invoke";
import { type FetchLike, HttpTimeoutError, type HttpRequestInit, type HttpResponseLike, MalformedAnswerError, ResponseTooLargeError, WholeAnswer } from "../runtime/fetch-like";
import type { PruneSpec } from "../internal/prune-spec";
import { runtime } from "../runtime/platform";
import { isRetryableFailure, neverReachedServer, parseRetryAfter } from "./retry-policy";
import type { CallStop } from "../internal/call-stop";
import { type BoundedAnswer, boundedExchange } from "./bounded-exchange";
import { requestSlotsFor } from "./request-slots";
import type { ConnectionPool } from "../runtime/connection-pools";

// One attempt of a request: sent once with tracing suppressed, its answer read whole and classified. `send-http.ts`
// makes a call of attempts (retries, breaker, compression).

/** One HTTP request. */
export interface HttpRequest {
  url: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /**
   * Reads a 2xx answer's JSON body pruned as it arrives (`internal/json-pruner.ts`): its left-out members are never
   * held. The result's `body` is then the kept text, or the whole text with a fetch whose answer has no body stream:
   * the caller prunes it again (pruning a pruned text keeps it as it is).
   */
  prune?: PruneSpec;
}

/** Outcome of a request (`sendHttp` in `send-http.ts`); it never throws. */
export type HttpResult =
  | { ok: true; status: number; body: string; attempts: number }
  | { ok: false; status?: number; body?: string; error: string; retryable: boolean; attempts: number; unreachable?: boolean };

/** How one attempt is made (from the policy). */
export interface AttemptFlags {
  idempotent: boolean;
  background: boolean;
  pool: ConnectionPool;
  maxResponseBytes?: number;
}

/**
 * What the last attempt's answer said beside its result: its `Retry-After` wait and `Accept-Encoding` header. Written
 * by each attempt into one object per call, so the result an attempt returns is the call's outcome as it is (no copy).
 */
export interface AnswerNotes {
  retryAfterMs: number | undefined;
  acceptEncoding: string | null;
}

/** One attempt of `request`: its result, with the answer's `Retry-After` and `Accept-Encoding` written into `notes`. Never throws. */
export async function attempt(request: HttpRequest, timeoutMs: number, fetchImpl: FetchLike, stop: CallStop | undefined, flags: AttemptFlags, notes: AnswerNotes): Promise<HttpResult> {
  const idempotent = flags.idempotent;
  const sent = { method: request.method, headers: request.headers, body: request.body, prune: request.prune };
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
    idempotent: flags.idempotent, prune: sent.prune,
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
    return await boundedExchange((signal) => fetchImpl(url, { method: sent.method, headers, body: sent.body, signal }), timeoutMs, stop, sent.prune);
  } finally {
    release();
  }
}

/** The result of an attempt that ended without a readable answer (`stopped`: its call was stopped). */
function failedAttempt(error: unknown, stopped: boolean, idempotent: boolean, timeoutMs: number): HttpResult {
  if (error instanceof ResponseTooLargeError || error instanceof MalformedAnswerError) return { ok: false, status: error.status, error: error.message, retryable: false, attempts: 1 };
  const timedOut = error instanceof HttpTimeoutError;
  const retryable = !stopped && isRetryableFailure({ kind: "error", error, timedOut }, idempotent);
  const unreachable = !timedOut && neverReachedServer(error);
  return { ok: false, error: timedOut ? `timed out after ${timeoutMs} ms` : describeError(error), retryable, attempts: 1, ...(unreachable ? { unreachable } : {}) };
}
