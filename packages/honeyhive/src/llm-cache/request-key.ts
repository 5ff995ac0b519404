import { hexOfBytes } from "@honeyhive/core/ids/random";
import { stableJson } from "@honeyhive/core/values/stable-json";
import type { RecordedRequest } from "./recorded-exchange";
import { decodeUtf8, encodeUtf8 } from "../internal/utf8";

/** Why a request cannot be recorded (its body is a stream or form data that reading would consume). */
export class UncacheableRequest {
  constructor(readonly reason: string) {}
}

/** A fetch body's text (null when there is none); a stream or form that reading would consume is an {@link UncacheableRequest}. */
export async function bodyText(body: unknown): Promise<string | null | UncacheableRequest> {
  if (body === undefined || body === null) return null;
  if (typeof body === "string") return body;
  if (body instanceof ArrayBuffer) return decodeUtf8(body);
  if (ArrayBuffer.isView(body)) return decodeUtf8(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
  if (body instanceof URLSearchParams) return body.toString();
  if (typeof Blob !== "undefined" && body instanceof Blob) return body.text();
  return new UncacheableRequest(`a ${Object.prototype.toString.call(body).slice(8, -1)} body`);
}

function pathOf(url: string): string {
  const parsed = new URL(url, "http://localhost");
  const query = [...parsed.searchParams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return query.length === 0 ? parsed.pathname : `${parsed.pathname}?${new URLSearchParams(query).toString()}`;
}

/**
 * The keyed part of a fetch call: method, path with sorted query, and the body (parsed when it is JSON). A
 * `Request` input is read through a clone, so the caller's request is untouched.
 */
export async function describeRequest(input: string | URL | Request, init: RequestInit | undefined): Promise<RecordedRequest | UncacheableRequest> {
  const isRequest = typeof Request !== "undefined" && input instanceof Request;
  const url = isRequest ? input.url : String(input);
  const method = (init?.method ?? (isRequest ? input.method : "GET")).toUpperCase();
  const text = init?.body !== undefined ? await bodyText(init.body) : isRequest ? await input.clone().text() : null;
  if (text instanceof UncacheableRequest) return text;
  let body: unknown = text === "" ? null : text;
  if (typeof text === "string" && text !== "") {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = text;
    }
  }
  return { method, path: pathOf(url), body };
}

/** The request key: SHA-256 (hex) of the request's canonical JSON (object keys sorted). Web Crypto, any runtime. */
export async function requestKey(request: RecordedRequest): Promise<string> {
  const canonical = stableJson({ method: request.method, path: request.path, body: request.body }) ?? "";
  const digest = await crypto.subtle.digest("SHA-256", encodeUtf8(canonical));
  return hexOfBytes(new Uint8Array(digest));
}

/** A short description of a request for messages: method, path and the model when the body names one. */
export function describeForHumans(request: RecordedRequest): string {
  const model = typeof request.body === "object" && request.body !== null ? (request.body as { model?: unknown }).model : undefined;
  return `${request.method} ${request.path}${typeof model === "string" ? ` (model ${JSON.stringify(model)})` : ""}`;
}
