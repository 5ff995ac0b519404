import { createLogger, scrubSecrets, type Logger } from "../internal/logger";
import { describeError } from "../internal/safe-invoke";
import { holdProcessUntilSettled } from "../internal/hold-process";
import { CircuitBreaker } from "../transport/circuit-breaker";
import { sendHttp, type FetchLike, type HttpResult, type RetryPolicy } from "../transport/send-http";
import { BodyCompression, type Compression } from "../transport/compression";
import type { ApiCall, Requester } from "./api-call";
import { withLegacyFallback } from "./legacy-fallback";
import { buildQuery } from "./query-string";
import { checkServerUrl } from "../config/server-url";
import { SDK_VERSION } from "./sdk-version";
import type { ApiResult } from "./types";

export type { Requester } from "./api-call";

/** Options of {@link createApiClient}. */
export interface ApiClientOptions {
  /** Base URL, e.g. `https://api.honeyhive.ai` or `http://127.0.0.1:4318`; a trailing slash is ignored. */
  serverUrl: string;
  /** HoneyHive API key, sent as `Authorization: Bearer <key>`; never logged or put in an error. */
  apiKey: string;
  /** fetch seam (tests, proxies). @defaultValue the global `fetch` */
  fetch?: FetchLike;
  /** Per-attempt timeout. @defaultValue 10000 */
  timeoutMs?: number;
  /**
   * Retries after the first attempt for network errors, 408, 429 and 5xx; a non-idempotent call (see
   * {@link ApiCall.idempotent}) only for refused connections, DNS failures, 429 and 503. @defaultValue 3
   */
  maxRetries?: number;
  /** First retry backoff (doubles each retry). @defaultValue 200 */
  initialBackoffMs?: number;
  /** Where debug lines and warnings go. @defaultValue a stderr logger (debug lines only when verbose) */
  logger?: Logger;
  /**
   * Largest response body read (with the SDK's own transport); a larger answer fails the call with an error
   * naming the route, never a cut body. The default fits a run, its results or a comparison of well over
   * 100,000 datapoints. @defaultValue 268435456 (256 MiB)
   */
  maxResponseBytes?: number;
  /**
   * `gzip`: request bodies of 1 KB or more are gzipped once the server has said it accepts gzip (an `Accept-Encoding`
   * answer header, RFC 7694; the dev server sends one), until it answers a gzipped body with 415. @defaultValue "gzip"
   */
  compression?: Compression;
}

/** Default {@link ApiClientOptions.maxResponseBytes}: a run of 100,000 datapoints reads back in a few tens of MB. */
const DEFAULT_API_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/** How a requester's calls relate to the process (internal; not an option of the public client). */
export interface RequesterMode {
  /**
   * Background work (session starts nobody awaits): the process is not held while calls are pending. Otherwise a
   * pending call keeps the process alive until it settles (bounded by its timeouts and the circuit breaker).
   */
  background?: boolean;
  /** The backend's circuit breaker when it is shared (evaluate(): one per run); else the client has its own. */
  breaker?: CircuitBreaker;
  /** Where the server URL came from, for the error refusing a bad one (`HH_API_URL`, `--server-url`). @defaultValue "serverUrl" */
  serverUrlName?: string;
}

/** Encodes a path segment (ids from users may contain anything). */
export function pathSegment(value: string): string {
  return encodeURIComponent(value);
}

function parseBody<T>(text: string): { ok: true; value: T } | { ok: false } {
  if (text.trim() === "") return { ok: true, value: {} as T };
  try {
    return { ok: true, value: JSON.parse(text) as T };
  } catch {
    return { ok: false };
  }
}

/**
 * The failed call's error: `GET /v1/runs/r failed after 3 attempt(s): HTTP 503 …`, or, for a call that was never sent
 * (the circuit breaker had already found the backend unreachable through another request, which it names),
 * `PUT /v1/runs/r was not sent: backend unreachable (found by PUT /v1/events/s: … ECONNREFUSED …)`.
 */
function failureOf(label: string, result: Extract<HttpResult, { ok: false }>, scrub: (m: string) => string): ApiResult<never> {
  const detail = result.body ? ` ${result.body.slice(0, 200)}` : "";
  const what = result.attempts === 0 ? `was not sent: ${result.error.replace(/^stopped: /, "")}` : `failed after ${result.attempts} attempt(s): ${result.error}`;
  const error = scrub(`${label} ${what}${detail}`);
  return result.status === undefined ? { ok: false, error } : { ok: false, status: result.status, error };
}

/** The client's retry policy for the settings every call shares. */
type ClientPolicy = Required<Pick<RetryPolicy, "timeoutMs" | "maxRetries" | "maxResponseBytes" | "compression">> & Pick<RetryPolicy, "fetch" | "initialBackoffMs">;

/**
 * One call's retry policy: the client's, with the call's signal, idempotence and attempt listener. Written out, not
 * spread: on Node 20 an object spread followed by more properties costs microseconds (the copy's shape is rebuilt).
 */
function callPolicy(policy: ClientPolicy, call: ApiCall, idempotent: boolean, breaker: CircuitBreaker): RetryPolicy {
  return {
    fetch: policy.fetch, timeoutMs: policy.timeoutMs, maxRetries: policy.maxRetries, initialBackoffMs: policy.initialBackoffMs,
    maxResponseBytes: policy.maxResponseBytes, compression: policy.compression, signal: call.signal, idempotent, breaker, onAttempt: call.onAttempt,
  };
}

/** Creates the requester shared by all resource groups of one client. */
export function createRequester(options: ApiClientOptions, mode: RequesterMode = {}): Requester {
  const apiKey = typeof options.apiKey === "string" ? options.apiKey.trim() : "";
  const checked = checkServerUrl(String(options.serverUrl ?? ""), mode.serverUrlName ?? "serverUrl");
  const base = checked.url;
  const refused = checked.errors.length > 0 ? checked.errors.join("; ") : undefined;
  const logger = options.logger ?? createLogger({ secrets: apiKey ? [apiKey] : [] });
  const breaker = mode.breaker ?? new CircuitBreaker();
  const headers: Record<string, string> = {
    Authorization: `Bearer ${apiKey}`,
    "Content-Type": "application/json",
    Accept: "application/json",
    "hh-sdk-language": "typescript",
    "hh-sdk-version": SDK_VERSION,
  };
  const scrub = (message: string): string => scrubSecrets(message, apiKey ? [apiKey] : []);
  const policy: ClientPolicy = {
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? 10_000,
    maxRetries: options.maxRetries ?? 3,
    initialBackoffMs: options.initialBackoffMs,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_API_MAX_RESPONSE_BYTES,
    compression: new BodyCompression(options.compression === "none" ? "none" : "gzip", false),
  };

  const sendOnce = async <T>(call: ApiCall): Promise<ApiResult<T>> => {
    const label = `${call.method} ${call.path}`;
    try {
      if (!apiKey) return { ok: false, error: `${label}: no HoneyHive API key configured` };
      if (refused !== undefined) return { ok: false, error: scrub(`${label} was not sent: ${refused}`) };
      let body: string | undefined;
      if (call.body !== undefined) {
        try {
          body = JSON.stringify(call.body);
        } catch (error) {
          return { ok: false, error: `${label}: request body is not serialisable (${scrub(describeError(error))})` };
        }
      }
      const request = { url: `${base}${call.path}${buildQuery(call.query)}`, method: call.method, headers, body };
      const idempotent = call.idempotent ?? call.method !== "POST";
      const result = await sendHttp(request, callPolicy(policy, call, idempotent, breaker));
      if (!result.ok) {
        const failure = failureOf(label, result, scrub);
        logger.debug(failure.ok ? label : failure.error);
        return failure;
      }
      const parsed = parseBody<T>(result.body);
      if (!parsed.ok) return { ok: false, status: result.status, error: `${label}: response is not JSON` };
      logger.debug(`${label} -> ${result.status}`);
      return { ok: true, data: parsed.value };
    } catch (error) {
      return { ok: false, error: scrub(`${label}: ${describeError(error)}`) };
    }
  };
  const requester = withLegacyFallback(sendOnce, logger);
  if (mode.background) return requester;
  return <T>(call: ApiCall): Promise<ApiResult<T>> => holdProcessUntilSettled(requester<T>(call));
}
