import { createLogger, scrubSecrets, type Logger } from "../internal/logger";
import { describeError } from "../internal/safe-invoke";
import { holdProcessUntilSettled } from "../internal/hold-process";
import { CircuitBreaker } from "../transport/circuit-breaker";
import { sendHttp, type FetchLike, type HttpResult, type RetryPolicy } from "../transport/send-http";
import { BodyCompression, type Compression } from "../transport/compression";
import type { ApiCall, Requester } from "./api-call";
import { withLegacyFallback } from "./legacy-fallback";
import type { PruneSpec } from "../internal/prune-spec";
import { onDemand } from "../seam/on-demand";
import { buildQuery } from "./query-string";
import { checkServerUrl } from "../config/server-url";
import { SDK_VERSION } from "./sdk-version";
import type { ApiFailure, ApiResult } from "./types";
import { parseErrorBody } from "../transport/error-body";
import { MalformedApiKeyError } from "./api-key-errors";
import { resolveTypedKey } from "../config/api-keys";
import { missingKeyMessage, type ApiKeyKind } from "@honeyhive/core/keys/api-key-kinds";
import { operationKeyKinds } from "@honeyhive/core/keys/operation-keys";
import { DEFAULT_TIMEOUT_MS } from "../config/request-timeout";

export type { Requester } from "./api-call";

/** Options of {@link createApiClient}. */
export interface ApiClientOptions {
  /** Base URL, e.g. `https://api.honeyhive.ai` or `http://127.0.0.1:4318`; a trailing slash is ignored. */
  serverUrl: string;
  /**
   * The project API key, sent as `Authorization: Bearer <key>` on every operation but those below; never logged or put
   * in an error. A client without it sends only what its other keys may (the rest fail with `missingApiKey`).
   */
  apiKey?: string;
  /**
   * An ingestion API key (`hh_ingst_...`): sent instead of the project key on the operations that send traces, sessions
   * and events (starting a session, writing or updating events), as HoneyHive's API expects. A value that is not a
   * complete ingestion key makes the client's creation throw a `MalformedApiKeyError`.
   */
  ingestionApiKey?: string;
  /**
   * A data plane API key (`hh_fgdp_...`): the only key of the project-scoped operations (`/v1/projects/{project_id}/...`,
   * e.g. `charts` with a `projectId`). A value that is not a complete data plane key makes the client's creation throw.
   */
  dataPlaneApiKey?: string;
  /** fetch seam (tests, proxies); it is given a copy of the headers on each request. @defaultValue the SDK's own transport (on Node; the platform's `fetch` elsewhere) */
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

/** The pruned parse (`pruned-json.ts`), imported on the first pruned read: only the evaluation engine reads runs pruned. */
const prunedJson = onDemand(() => import("./pruned-json"));

/** The parse of an answer read pruned by `prune` (loaded on first use; any other answer is read by `JSON.parse`). */
async function prunedParser(prune: PruneSpec): Promise<(text: string) => unknown> {
  const { parsePrunedJson } = await prunedJson();
  return (text) => parsePrunedJson(text, prune);
}

function parseBody<T>(text: string, parse: (text: string) => unknown): { ok: true; value: T } | { ok: false } {
  if (text.trim() === "") return { ok: true, value: {} as T };
  try {
    return { ok: true, value: parse(text) as T };
  } catch {
    return { ok: false };
  }
}

/** Said after a 404: what it can mean (a key of another project reads the same as a missing resource). */
const NOT_FOUND_HINT = " (the resource does not exist, or this API key cannot reach it)";

/**
 * The failed call's error: `GET /v1/runs/r failed after 3 attempt(s): HTTP 503: <the server's message>`, or, for a
 * call that was never sent (the circuit breaker had already found the backend unreachable through another request,
 * which it names), `PUT /v1/runs/r was not sent: backend unreachable (found by PUT /v1/events/s: … ECONNREFUSED …)`.
 * The server's message and code are read from its answer's body (`error-body.ts`).
 */
function failureOf(label: string, result: Extract<HttpResult, { ok: false }>, scrub: (m: string) => string): ApiFailure {
  const said = parseErrorBody(result.body);
  const message = said.message === undefined ? undefined : scrub(said.message);
  const detail = (message !== undefined ? `: ${message}` : "") + (result.status === 404 ? NOT_FOUND_HINT : "");
  const what = result.attempts === 0 ? `was not sent: ${result.error.replace(/^stopped: /, "")}` : `failed after ${result.attempts} attempt(s): ${result.error}`;
  const failure: ApiFailure = { ok: false, error: scrub(`${label} ${what}${detail}`) };
  if (result.status !== undefined) failure.status = result.status;
  if (message !== undefined) failure.serverMessage = message;
  if (said.code !== undefined) failure.errorCode = scrub(said.code);
  return failure;
}

/** The keys of a client, by kind (empty ones left out). */
type ClientKeys = Partial<Record<ApiKeyKind, string>>;

/** A key option's value, trimmed; undefined when absent or blank. */
function keyValue(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * The client's keys; a typed key that is set and malformed throws a {@link MalformedApiKeyError} (the one check of
 * `config/api-keys.ts`, against the options only: a client reads no environment variable).
 */
export function clientKeys(options: Pick<ApiClientOptions, "apiKey" | "ingestionApiKey" | "dataPlaneApiKey">): ClientKeys {
  const keys: ClientKeys = {};
  const project = keyValue(options.apiKey);
  if (project !== undefined) keys.project = project;
  for (const kind of ["ingestion", "dataPlane"] as const) {
    const typed = resolveTypedKey(kind, kind === "ingestion" ? options.ingestionApiKey : options.dataPlaneApiKey, {});
    if (typed.problem) throw new MalformedApiKeyError(typed.problem);
    if (typed.key !== undefined) keys[kind] = typed.key;
  }
  return keys;
}

/** The key `call` is sent with (the first kind its operation takes that the client has), or the kind it lacks. */
function keyFor(call: ApiCall, keys: ClientKeys): { key: string } | { missing: ApiKeyKind } {
  const kinds = operationKeyKinds(call.method, call.path);
  for (const kind of kinds) {
    const key = keys[kind];
    if (key !== undefined) return { key };
  }
  return { missing: kinds[0]! };
}

/** The client's retry policy for the settings every call shares. */
type ClientPolicy = Required<Pick<RetryPolicy, "timeoutMs" | "maxRetries" | "maxResponseBytes" | "compression">> & Pick<RetryPolicy, "fetch" | "initialBackoffMs">;

/**
 * One call's retry policy: the client's, with the call's signal, idempotence and attempt listener. Written out, not
 * spread: on Node 20 an object spread followed by more properties costs microseconds (the copy's shape is rebuilt).
 */
function callPolicy(policy: ClientPolicy, call: ApiCall, idempotent: boolean, breaker: CircuitBreaker): RetryPolicy {
  return {
    fetch: policy.fetch, timeoutMs: Math.max(policy.timeoutMs, call.minTimeoutMs ?? 0), maxRetries: policy.maxRetries, initialBackoffMs: policy.initialBackoffMs,
    maxResponseBytes: policy.maxResponseBytes, compression: policy.compression, signal: call.signal, idempotent, breaker, onAttempt: call.onAttempt,
    waitForBreaker: call.waitForBreaker,
  };
}

/**
 * Creates the requester shared by all resource groups of one client: each call carries the key its operation takes
 * (`@honeyhive/core/keys/operation-keys`); a call whose key the client lacks is not sent (`missingApiKey`).
 */
export function createRequester(options: ApiClientOptions, mode: RequesterMode = {}, keys: ClientKeys = clientKeys(options)): Requester {
  const secrets = Object.values(keys) as string[];
  const checked = checkServerUrl(String(options.serverUrl ?? ""), mode.serverUrlName ?? "serverUrl");
  const base = checked.url;
  const refused = checked.errors.length > 0 ? checked.errors.join("; ") : undefined;
  const httpBase = /^https?:\/\//i.test(base);
  const logger = options.logger ?? createLogger({ secrets });
  const breaker = mode.breaker ?? new CircuitBreaker();
  // frozen: the SDK's transport writes a frozen headers object's lines once, not per request (`request-head.ts`)
  const headersByKey = new Map<string, Record<string, string>>(secrets.map((key) => [key, Object.freeze({
    Authorization: `Bearer ${key}`,
    "Content-Type": "application/json",
    Accept: "application/json",
    "hh-sdk-language": "typescript",
    "hh-sdk-version": SDK_VERSION,
  })]));
  const scrub = (message: string): string => scrubSecrets(message, secrets);
  const policy: ClientPolicy = {
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? 3,
    initialBackoffMs: options.initialBackoffMs,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_API_MAX_RESPONSE_BYTES,
    compression: new BodyCompression(options.compression === "none" ? "none" : "gzip", false),
  };

  const sendOnce = async <T>(call: ApiCall): Promise<ApiResult<T>> => {
    const label = `${call.method} ${call.path}`;
    try {
      const chosen = keyFor(call, keys);
      if ("missing" in chosen) return { ok: false, error: missingKeyMessage(chosen.missing, label), missingApiKey: chosen.missing };
      const headers = headersByKey.get(chosen.key)!;
      if (refused !== undefined) return { ok: false, error: scrub(`${label} was not sent: ${refused}`) };
      if (!httpBase) return { ok: false, error: `${label}: invalid server URL "${scrub(base)}"` };
      let body: string | undefined;
      if (call.body !== undefined) {
        try {
          body = JSON.stringify(call.body);
        } catch (error) {
          return { ok: false, error: `${label}: request body is not serialisable (${scrub(describeError(error))})` };
        }
      }
      const request = { url: `${base}${call.path}${buildQuery(call.query)}`, method: call.method, headers, body, prune: call.prune };
      const idempotent = call.idempotent ?? call.method !== "POST";
      const result = await sendHttp(request, callPolicy(policy, call, idempotent, breaker));
      if (!result.ok) {
        const failure = failureOf(label, result, scrub);
        logger.debug(failure.ok ? label : failure.error);
        return failure;
      }
      const parsed = parseBody<T>(result.body, call.prune === undefined ? JSON.parse : await prunedParser(call.prune));
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
