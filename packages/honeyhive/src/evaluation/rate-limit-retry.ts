/**
 * Backoff for rate-limited calls made by user code (an LLM judge, a provider call): an error that carries HTTP
 * status 429 (`status`, `statusCode` or `response.status`, as the openai and Anthropic clients and fetch
 * wrappers throw) is retried after the provider's `retry-after` (or an exponential backoff with jitter), a few
 * times, stopping at once when its call stops. Any other error is thrown as it is.
 */
import { parseRetryAfter } from "../transport/send-http";
import { type CallStop, waitUnlessStopped } from "../internal/call-stop";

/** How {@link retryOnRateLimit} retries. */
interface RateLimitPolicy {
  /** Retries after the first attempt. @defaultValue 4 */
  retries?: number;
  /** First backoff without `retry-after`; doubled each retry, with jitter. @defaultValue 500 */
  initialBackoffMs?: number;
  /** Cap of one wait (also of a `retry-after`). @defaultValue 20000 */
  maxBackoffMs?: number;
  /** Ends the waits (and the retries) when it stops. */
  stop?: CallStop;
}

function field(value: unknown, key: string): unknown {
  try {
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

function headerOf(headers: unknown, name: string): string | null {
  try {
    if (headers && typeof (headers as Headers).get === "function") return (headers as Headers).get(name);
    const value = field(headers, name);
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

/** The wait a rate-limit error asks for: `undefined` when `error` is not a 429, else its `retry-after` (ms) or `null`. */
export function rateLimitWait(error: unknown): number | null | undefined {
  const status = field(error, "status") ?? field(error, "statusCode") ?? field(field(error, "response"), "status");
  if (status !== 429) return undefined;
  const headers = field(error, "headers") ?? field(field(error, "response"), "headers");
  return parseRetryAfter(headerOf(headers, "retry-after")) ?? null;
}

/** `task`'s outcome as a promise (a synchronous throw as a rejection). */
function attempted<T>(task: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(task());
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Calls `task`, retrying it while it throws a rate-limit (429) error (see the module comment). `task` may return a
 * value or a promise, and may throw. Chained rather than an async loop: every evaluator call of a run goes through
 * here, and an attempt that succeeds then costs one promise beyond `task`'s own.
 */
export function retryOnRateLimit<T>(task: () => T | Promise<T>, policy: RateLimitPolicy = {}): Promise<T> {
  const retries = policy.retries ?? 4;
  const maxBackoff = policy.maxBackoffMs ?? 20_000;
  const attempt = (index: number, backoff: number): Promise<T> => attempted(task).catch((error: unknown) => {
    const asked = rateLimitWait(error);
    if (asked === undefined || index >= retries || policy.stop?.stopped) throw error;
    return waitUnlessStopped(Math.min(maxBackoff, asked ?? backoff * (0.5 + Math.random() * 0.5)), policy.stop, false).then(() => {
      if (policy.stop?.stopped) throw error;
      return attempt(index + 1, backoff * 2);
    });
  });
  return attempt(0, policy.initialBackoffMs ?? 500);
}
