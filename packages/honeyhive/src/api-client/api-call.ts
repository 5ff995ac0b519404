/** The shape of one REST call of the API client, shared by the requester and its legacy fallback. */
import type { QueryValue } from "./query-string";
import type { ApiResult } from "./types";
import type { CallerStop } from "../internal/call-stop";
import type { PruneSpec } from "../internal/prune-spec";

/** Where a call goes on a server that lacks its canonical `/v1` route (404 or 405 there). */
export interface LegacyRoute {
  method: ApiCall["method"];
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
}

/** One call of {@link Requester}. */
export interface ApiCall {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Stops the call: the caller's signal, or the SDK's own stop (its session requests: no EventTarget per request). */
  signal?: CallerStop;
  /**
   * Whether sending the call twice is harmless. Default: true for GET/PUT/DELETE, false for POST. A
   * non-idempotent call is retried only when it provably never reached the server (see `retry-policy.ts`).
   */
  idempotent?: boolean;
  /**
   * The deprecated twin of this `/v1` operation. `operation` (e.g. `"POST /v1/sessions"`) names it: once a
   * server answered 404/405 to it and the legacy route worked, this client sends the legacy form directly.
   */
  fallback?: { operation: string; legacy: LegacyRoute };
  /** False: never waits for the client's circuit breaker to close (see `RetryPolicy.waitForBreaker`). */
  waitForBreaker?: boolean;
  /**
   * The members of the JSON answer left out (`pruned-json.ts`): the SDK's transports prune the answer as it arrives, so
   * what is left out is never held whole, and the rest is read as `JSON.parse` reads it. @defaultValue nothing left out
   * (an empty answer reads as `{}`)
   */
  prune?: PruneSpec;
  /**
   * The least per-attempt timeout of this call: the client's `timeoutMs` when larger (an answer known to be large).
   * @defaultValue the client's `timeoutMs`
   */
  minTimeoutMs?: number;
  /** Told how each attempt ended: its HTTP status, or `undefined` when none came (timeout, reset, refused). */
  onAttempt?: (status: number | undefined) => void;
}

/** Sends one API call and parses the JSON answer; never throws. */
export type Requester = <T>(call: ApiCall) => Promise<ApiResult<T>>;
