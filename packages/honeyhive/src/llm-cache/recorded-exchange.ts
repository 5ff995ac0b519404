import { decodeUtf8Strict, encodeUtf8 } from "../internal/utf8";
/**
 * One recorded LLM call as stored: the request that keyed it and the response to replay, as readable JSON.
 * Stored data is untrusted: {@link parseRecordedExchange} checks the shape before anything is replayed.
 */

/** The parts of a request that key a recording (headers never do: they hold API keys and client versions). */
export interface RecordedRequest {
  method: string;
  /** Path and sorted query, without scheme, host and port (so a recording replays against another base URL). */
  path: string;
  /** The JSON body as a value, or the text body, or null. */
  body: unknown;
}

/** The stored response. */
export interface RecordedResponse {
  status: number;
  contentType: string | null;
  /** `json`: `body` is the parsed JSON; `text`: a string (e.g. server-sent events); `base64`: binary. */
  bodyEncoding: "json" | "text" | "base64";
  body: unknown;
}

/** One file of the cache. */
export interface RecordedExchange {
  version: 1;
  datapointId: string;
  key: string;
  request: RecordedRequest;
  response: RecordedResponse;
}

// Integers beyond 2^53 would be rounded by JSON.parse: such bodies are kept as text.
const UNSAFE_INTEGER = /\d{16,}/;

/** Encodes a response body for storage: JSON as a value when it round-trips, text as text, anything else base64. */
export function encodeBody(bytes: Uint8Array, contentType: string | null): Pick<RecordedResponse, "bodyEncoding" | "body"> {
  const type = (contentType ?? "").toLowerCase();
  const textual = type.includes("json") || type.startsWith("text/") || type.includes("event-stream") || type === "";
  let text: string | undefined;
  if (textual) {
    try {
      text = decodeUtf8Strict(bytes);
    } catch {
      text = undefined;
    }
  }
  if (text === undefined) return { bodyEncoding: "base64", body: toBase64(bytes) };
  if (type.includes("json") && !UNSAFE_INTEGER.test(text)) {
    try {
      return { bodyEncoding: "json", body: JSON.parse(text) as unknown };
    } catch {
      // not JSON after all: stored as text
    }
  }
  return { bodyEncoding: "text", body: text };
}

/** The stored body as bytes to replay. */
export function decodeBody(response: RecordedResponse): Uint8Array {
  if (response.bodyEncoding === "json") return encodeUtf8(JSON.stringify(response.body));
  if (response.bodyEncoding === "text") return encodeUtf8(response.body as string);
  return fromBase64(response.body as string);
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function responseProblem(response: unknown): string | undefined {
  if (!isRecord(response)) return "response missing";
  if (typeof response.status !== "number" || !Number.isInteger(response.status) || response.status < 200 || response.status > 599) return "response.status must be an HTTP status";
  if (response.contentType !== null && typeof response.contentType !== "string") return "response.contentType must be a string or null";
  if (response.bodyEncoding !== "json" && response.bodyEncoding !== "text" && response.bodyEncoding !== "base64") return "response.bodyEncoding must be json, text or base64";
  if (response.bodyEncoding !== "json" && typeof response.body !== "string") return `response.body must be a string for ${response.bodyEncoding}`;
  if (response.bodyEncoding === "base64" && !/^[A-Za-z0-9+/]*={0,2}$/.test(response.body as string)) return "response.body is not base64";
  return undefined;
}

/** Checks a stored value; returns the exchange or a reason it cannot be replayed. */
export function parseRecordedExchange(value: unknown): RecordedExchange | string {
  if (!isRecord(value)) return "not a JSON object";
  if (value.version !== 1) return `unsupported version ${JSON.stringify(value.version)}`;
  if (typeof value.key !== "string" || typeof value.datapointId !== "string") return "key and datapointId must be strings";
  const { request } = value;
  if (!isRecord(request) || typeof request.method !== "string" || typeof request.path !== "string") return "request must have method and path";
  return responseProblem(value.response) ?? (value as unknown as RecordedExchange);
}
