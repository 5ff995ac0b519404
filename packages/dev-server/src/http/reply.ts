/**
 * Writing responses: every reply is JSON (`{"error": ...}` for failures), except the empty protobuf
 * reply an OTLP/protobuf exporter expects.
 */
import type { ServerResponse } from "node:http";
import { gzip } from "node:zlib";
import type { JsonChunksReply } from "./json-chunks";

/**
 * Headers of every JSON answer: its type, never cached, and `nosniff` so that no browser reads a JSON answer (which
 * may hold user text) as HTML or script.
 */
const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
});

/** Sends `body` as JSON with `status` (never throws, even on a closed socket). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.headersSent || res.writableEnded) return;
  let text: string;
  try {
    text = JSON.stringify(body) ?? "null";
  } catch {
    status = 500;
    text = JSON.stringify({ error: "response could not be serialised" });
  }
  sendJsonText(res, status, text, headers);
}

/** Sends `text`, a serialised JSON body, with `status` (never throws, even on a closed socket). */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.headersSent || res.writableEnded) return;
  try {
    const body = Buffer.from(text, "utf8"); // encoded once: its length, then its bytes (a large body is not encoded twice)
    res.writeHead(status, { ...JSON_HEADERS, "content-length": body.length, ...headers });
    res.end(body);
  } catch {
    // the client went away
  }
}

/** Bodies from this size up are gzipped for a client that accepts it ({@link sendJsonChunks}). */
export const GZIP_MIN_BYTES = 256 * 1024;

/**
 * Sends a body built as chunks ({@link JsonChunksReply}) with `status` (never throws, even on a closed socket), as
 * one buffer: copying the chunks together cost far less than writing them one by one through the response (a
 * `res.write` per 64 KB chunk cost about a third of an export's CPU). A body of {@link GZIP_MIN_BYTES} or more goes
 * gzipped (level 1, on libuv's thread pool) when `gzip` (the client accepts it): a 10,000-event session tree of
 * 11.5 MB travels as about 0.8 MB, for less CPU than writing the 11.5 MB to the socket (decision record 0073).
 * Resolves once the body is handed to the socket.
 */
export async function sendJsonChunks(res: ServerResponse, status: number, body: JsonChunksReply, gzip = false): Promise<void> {
  if (res.headersSent || res.writableEnded) return;
  const whole = body.chunks.length === 1 ? body.chunks[0]! : Buffer.concat(body.chunks, body.byteLength);
  const packed = gzip && whole.length >= GZIP_MIN_BYTES ? await gzipped(whole) : undefined;
  if (res.headersSent || res.writableEnded) return;
  try {
    const encoding = packed === undefined ? {} : { "content-encoding": "gzip" };
    res.writeHead(status, { ...JSON_HEADERS, vary: "accept-encoding", ...encoding, "content-length": (packed ?? whole).length });
    res.end(packed ?? whole);
  } catch {
    // the client went away
  }
}

/**
 * zlib's output chunk for a body of `bytes`: an eighth of it (JSON pages shrink about 15 times, so the whole output
 * fits in one chunk), at least zlib's default 16 KB and at most 1 MB. Each chunk is a round trip between the
 * thread pool and the event loop: the default 16 KB made 50 of them for a 10,000-event session tree, which cost a
 * third of its gzip CPU (decision record 0097). The compressed bytes do not depend on it.
 */
function gzipChunkBytes(bytes: number): number {
  return Math.min(1024 * 1024, Math.max(16 * 1024, Math.ceil(bytes / 8)));
}

/** `bytes` gzipped at level 1 (fast: JSON pages shrink about 15 times), or undefined if zlib fails. */
function gzipped(bytes: Buffer): Promise<Buffer | undefined> {
  const options = { level: 1, chunkSize: gzipChunkBytes(bytes.length) };
  return new Promise((resolve) => gzip(bytes, options, (error, out) => resolve(error ? undefined : out)));
}

/** Sends `{"error": message}`. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(res, status, { error: message }, headers);
}

/** Sends an empty binary body with a content type (an empty OTLP protobuf response). */
export function sendEmptyBinary(res: ServerResponse, contentType: string): void {
  if (res.headersSent || res.writableEnded) return;
  try {
    res.writeHead(200, { "content-type": contentType, "content-length": 0, "x-content-type-options": "nosniff" });
    res.end();
  } catch {
    // the client went away
  }
}

/** Sends `bytes` with `headers` (a served file). */
export function sendBytes(res: ServerResponse, bytes: Uint8Array, headers: Readonly<Record<string, string>>): void {
  if (res.headersSent || res.writableEnded) return;
  try {
    res.writeHead(200, { ...headers, "content-length": bytes.byteLength });
    res.end(bytes);
  } catch {
    // the client went away
  }
}
