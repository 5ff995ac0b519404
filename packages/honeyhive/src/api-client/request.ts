import { createLogger, scrubSecrets, type Logger } from "../internal/logger";
import { describeError } from "../internal/safe-invoke";
import { sendHttp, type FetchLike } from "../transport/send-http";
import type { ApiCall, Requester } from "./api-call";
import { withLegacyFallback } from "./legacy-fallback";
import { buildQuery } from "./query-string";
import { SDK_VERSION } from "./sdk-version";
import type { ApiResult } from "./types";

export type { ApiCall, LegacyRoute, Requester } from "./api-call";

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

/** Creates the requester shared by all resource groups of one client. */
export function createRequester(options: ApiClientOptions): Requester {
  const apiKey = typeof options.apiKey === "string" ? options.apiKey.trim() : "";
  const base = String(options.serverUrl ?? "").replace(/\/+$/, "");
  const logger = options.logger ?? createLogger({ secrets: apiKey ? [apiKey] : [] });
  const headers: Record<string, string> = {
    Authorization: `Bearer ${apiKey}`,
    "Content-Type": "application/json",
    Accept: "application/json",
    "hh-sdk-language": "typescript",
    "hh-sdk-version": SDK_VERSION,
  };
  const scrub = (message: string): string => scrubSecrets(message, apiKey ? [apiKey] : []);

  const sendOnce = async <T>(call: ApiCall): Promise<ApiResult<T>> => {
    const label = `${call.method} ${call.path}`;
    try {
      if (!apiKey) return { ok: false, error: `${label}: no HoneyHive API key configured` };
      if (!/^https?:\/\//i.test(base)) return { ok: false, error: `${label}: invalid server URL "${scrub(base)}"` };
      let body: string | undefined;
      if (call.body !== undefined) {
        try {
          body = JSON.stringify(call.body);
        } catch (error) {
          return { ok: false, error: `${label}: request body is not serialisable (${scrub(describeError(error))})` };
        }
      }
      const result = await sendHttp(
        { url: `${base}${call.path}${buildQuery(call.query)}`, method: call.method, headers, body },
        {
          fetch: options.fetch,
          timeoutMs: options.timeoutMs ?? 10_000,
          maxRetries: options.maxRetries ?? 3,
          initialBackoffMs: options.initialBackoffMs,
          signal: call.signal,
          idempotent: call.idempotent ?? call.method !== "POST",
        },
      );
      if (!result.ok) {
        const detail = result.body ? ` ${result.body.slice(0, 200)}` : "";
        const error = scrub(`${label} failed after ${result.attempts} attempt(s): ${result.error}${detail}`);
        logger.debug(error);
        return result.status === undefined ? { ok: false, error } : { ok: false, status: result.status, error };
      }
      const parsed = parseBody<T>(result.body);
      if (!parsed.ok) return { ok: false, status: result.status, error: `${label}: response is not JSON` };
      logger.debug(`${label} -> ${result.status}`);
      return { ok: true, data: parsed.value };
    } catch (error) {
      return { ok: false, error: scrub(`${label}: ${describeError(error)}`) };
    }
  };
  return withLegacyFallback(sendOnce, logger);
}
