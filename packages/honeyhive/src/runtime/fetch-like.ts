import type { PruneSpec } from "../internal/prune-spec";

/** The part of a fetch `Response` the SDK reads. */
export interface HttpResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/**
 * An answer the SDK's own transport read whole: its body is at hand (`bodyText`), so the SDK takes it without awaiting
 * `text()` (an await less per request). Headers are read through `headers.get`, as with any fetch.
 */
export class WholeAnswer implements HttpResponseLike {
  readonly ok: boolean;

  constructor(
    readonly status: number,
    readonly headers: { get(name: string): string | null },
    readonly bodyText: string,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  text(): Promise<string> {
    return Promise.resolve(this.bodyText);
  }
}

/** What stops one request of the SDK's own transport (cheaper than an `AbortSignal` per request). */
export interface RequestStop {
  /** Runs `hook` when the request must stop (at once when it must already); returns its removal. */
  whenStopped(hook: (reason: unknown) => void): () => void;
}

/** Request options the SDK passes to its transport (a subset of fetch's `RequestInit`). */
export interface HttpRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  /** The SDK's own transport: stops the request when the call stops (other fetches are given `signal` instead). */
  stop?: RequestStop;
  /** Handled natively by the SDK's own transport (cheaper than an AbortSignal timer); other fetches ignore it. */
  timeoutMs?: number;
  /** The SDK's own transport: the request is background work and its socket does not keep the process alive. */
  background?: boolean;
  /**
   * The SDK's own transport: largest answer body held (a larger one is an error, never cut); with `prune`, the bytes
   * kept of it.
   */
  maxResponseBytes?: number;
  /**
   * The SDK's own transport: a 2xx answer's JSON body is pruned as it arrives (`internal/json-pruner.ts`), so only its
   * kept text is ever held, and that is the body read; a body that is not JSON rejects with a {@link MalformedAnswerError}.
   */
  prune?: PruneSpec;
  /**
   * The SDK's own transport: repeating the request duplicates nothing, so a pipelining transport may write it again
   * when its socket closes before the answer. @defaultValue false
   */
  idempotent?: boolean;
}

/**
 * A fetch implementation: the transport seam for tests, proxies and custom agents. The global `fetch`
 * fits; the SDK's default is a keep-alive node:http client.
 */
export type FetchLike = (input: string, init: HttpRequestInit) => Promise<HttpResponseLike>;

/** Raised when a request of the SDK's own transport exceeds its `timeoutMs`. */
export class HttpTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    this.name = "HttpTimeoutError";
  }
}

/** Raised when an answer's body is larger than the request's `maxResponseBytes` (it is not read further). */
export class ResponseTooLargeError extends Error {
  constructor(
    readonly limitBytes: number,
    readonly status: number,
  ) {
    super(`response body larger than ${limitBytes} bytes (HTTP ${status})`);
    this.name = "ResponseTooLargeError";
  }
}

/** Raised when an answer read pruned (`HttpRequestInit.prune`) is not JSON (it is not read further). */
export class MalformedAnswerError extends Error {
  constructor(readonly status: number) {
    super("response is not JSON");
    this.name = "MalformedAnswerError";
  }
}
