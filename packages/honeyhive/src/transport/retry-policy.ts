/**
 * When may a failed attempt be sent again? Retrying a request the server may already have applied
 * duplicates its write (a second run, a second event), so a non-idempotent request is retried only when
 * it provably never reached the server, or the server said it did not process it.
 */

/** Error codes meaning the request never left this machine (no connection was ever made). */
const NEVER_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL", "ENETUNREACH", "EHOSTUNREACH"]);

/**
 * Error codes Node gives a request it refuses to build (a header name or value it cannot send, a bad URL or
 * argument): thrown before a byte is sent, and the same on every attempt, so never retried.
 */
const UNBUILDABLE_CODES = new Set([
  "ERR_INVALID_CHAR", "ERR_INVALID_HTTP_TOKEN", "ERR_HTTP_INVALID_HEADER_VALUE", "ERR_INVALID_URL", "ERR_INVALID_PROTOCOL",
  "ERR_UNESCAPED_CHARACTERS", "ERR_INVALID_ARG_TYPE", "ERR_INVALID_ARG_VALUE",
]);

/** Statuses meaning "not processed, try again": the only ones a non-idempotent request is retried on. */
const NOT_PROCESSED_STATUSES = new Set([429, 503]);

/** What one attempt ended with. */
type AttemptFailure =
  | { kind: "status"; status: number }
  | { kind: "error"; error: unknown; timedOut: boolean };

function codeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when a network error proves the request was never sent (connection refused, DNS failure). */
export function neverReachedServer(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && NEVER_SENT_CODES.has(code);
}

/** True when the request could not even be built (see {@link UNBUILDABLE_CODES}): another attempt fails the same way. */
function requestUnbuildable(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && UNBUILDABLE_CODES.has(code);
}

/**
 * The one rule for "the write may have landed, or may yet succeed": no answer (`status` undefined: a network error, a
 * timeout, an open breaker, an abort), 408, 429 or 5xx. Any other answer refused the request itself: sending it again
 * fails the same way. An idempotent request is retried on these; a kept session write is replayed; a delete answered
 * 404 after one of these counts as this push's own removal.
 */
export function isTransientStatus(status: number | undefined): boolean {
  return status === undefined || status === 408 || status === 429 || status >= 500;
}

/**
 * Decides whether a failed attempt may be retried (never when the request could not be built).
 * - `idempotent` requests (GET, PUT, DELETE, searches, creates whose id the client chose): network errors,
 *   timeouts, 408, 429 and 5xx.
 * - other requests (creating a run, a dataset, an event without a client id): only connection refused /
 *   DNS failures and 429 / 503, because any other failure may come after the server applied the write.
 */
export function isRetryableFailure(failure: AttemptFailure, idempotent: boolean): boolean {
  if (failure.kind === "status") {
    if (!idempotent) return NOT_PROCESSED_STATUSES.has(failure.status);
    return isTransientStatus(failure.status);
  }
  if (requestUnbuildable(failure.error)) return false;
  if (idempotent) return true;
  return !failure.timedOut && neverReachedServer(failure.error);
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before the next attempt: the server's Retry-After when it gave one, else `backoff` with jitter
 * (50–100 % of it); never more than `maxBackoffMs`. Callers double `backoff` after each retry.
 */
export function retryDelayMs(backoff: number, maxBackoffMs: number, retryAfterMs: number | undefined): number {
  return Math.min(maxBackoffMs, retryAfterMs ?? backoff * (0.5 + Math.random() * 0.5));
}
