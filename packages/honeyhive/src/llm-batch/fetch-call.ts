/** What a fetch call says: its URL, method, headers, body text and signal, read without consuming the caller's request. */
import { UncacheableRequest, bodyText } from "../llm-cache/request-key";

/** A fetch call, read. */
export interface FetchCall {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  /** The body as text; null when there is none or it is a stream or form that reading would consume. */
  readonly body: string | null;
  readonly signal: AbortSignal | undefined;
}

/** The body's text, or null when there is none or reading it would consume it (a stream, form data). */
async function textOf(body: unknown): Promise<string | null> {
  const text = await bodyText(body);
  return text instanceof UncacheableRequest ? null : text;
}

/** A `Request` input's parts, `init` overriding (its body read through a clone). */
async function fromRequest(request: Request, init: RequestInit | undefined): Promise<FetchCall> {
  const own = init?.body !== undefined && init.body !== null;
  return {
    url: request.url,
    method: (init?.method ?? request.method).toUpperCase(),
    headers: new Headers(init?.headers ?? request.headers),
    body: own ? await textOf(init.body) : request.body !== null ? await request.clone().text() : null,
    signal: init?.signal ?? request.signal,
  };
}

/** Reads a fetch call's parts; undefined when the input is not a URL or a request. */
export async function readFetchCall(input: string | URL | Request, init: RequestInit | undefined): Promise<FetchCall | undefined> {
  if (typeof Request !== "undefined" && input instanceof Request) return fromRequest(input, init);
  if (typeof input !== "string" && !(input instanceof URL)) return undefined;
  return {
    url: String(input),
    method: (init?.method ?? "GET").toUpperCase(),
    headers: new Headers(init?.headers),
    body: await textOf(init?.body),
    signal: init?.signal ?? undefined,
  };
}
