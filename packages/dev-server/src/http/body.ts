/**
 * Reading request bodies with a hard size limit (checked on Content-Length first, then while streaming,
 * then again after gzip decompression), so an oversized or compressed-bomb body is never held in memory.
 */
import type { IncomingMessage } from "node:http";
import { gunzip } from "node:zlib";
import { HttpError } from "./http-error";

/** After a rejected body, at most this many more bytes are read (and discarded) before the socket is cut. */
const MAX_DISCARD_BYTES = 64 * 1024 * 1024;

/**
 * A memory budget shared by all in-flight requests: bytes of bodies currently held. A request that would
 * push it past `max` is refused with 503 busy, so a flood of large bodies cannot exhaust memory.
 */
export class BodyBudget {
  used = 0;

  /** @param max - the most body bytes (raw and decompressed) held at once. */
  constructor(readonly max: number) {}

  /** A per-request account; call `release()` once the request is done. */
  account(): BodyAccount {
    return new BodyAccount(this);
  }
}

/** The bytes one request holds within a {@link BodyBudget}. */
export class BodyAccount {
  private held = 0;

  constructor(private readonly budget: BodyBudget) {}

  /** Reserves `bytes`; throws a 503 busy {@link HttpError} when the shared budget is exhausted. */
  take(bytes: number): void {
    if (this.budget.used + bytes > this.budget.max) {
      throw new HttpError(503, "busy", { "retry-after": "1" });
    }
    this.budget.used += bytes;
    this.held += bytes;
  }

  /** Returns everything this request reserved. Idempotent. */
  release(): void {
    this.budget.used -= this.held;
    this.held = 0;
  }
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, `request body exceeds the limit of ${limit} bytes`);
}

/** The declared body length (`Content-Length`), when the request has a valid one. */
function declaredLength(req: IncomingMessage): number | undefined {
  const declared = Number(req.headers["content-length"]);
  return Number.isSafeInteger(declared) && declared >= 0 ? declared : undefined;
}

/**
 * The chunks of one body: with a declared length, copied into one buffer of that length reserved from the budget before
 * the first byte is read (a body that cannot fit is refused at once, and no second copy is made at the end); without
 * one, kept as they come, each reserved as it arrives, and joined at the end.
 */
class BodyChunks {
  private readonly chunks: Buffer[] = [];
  private readonly whole: Buffer | undefined;
  size = 0;

  constructor(private readonly limit: number, private readonly account: BodyAccount | undefined, declared: number | undefined) {
    if (declared === undefined) return;
    account?.take(declared);
    this.whole = Buffer.allocUnsafe(declared);
  }

  /** Adds a chunk; the refusal (413, 503 busy, 400 past the declared length) when it cannot be kept. */
  add(chunk: Buffer): HttpError | undefined {
    this.size += chunk.length;
    if (this.size > this.limit) return tooLarge(this.limit);
    if (this.whole !== undefined) {
      if (this.size > this.whole.length) return new HttpError(400, "the request body is longer than its Content-Length");
      chunk.copy(this.whole, this.size - chunk.length);
      return undefined;
    }
    try {
      this.account?.take(chunk.length);
    } catch (error) {
      return error as HttpError;
    }
    this.chunks.push(chunk);
    return undefined;
  }

  /** The body read. */
  body(): Buffer {
    if (this.whole !== undefined) return this.size === this.whole.length ? this.whole : this.whole.subarray(0, this.size);
    return this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
  }

  /** Lets go of what was read. */
  drop(): void {
    this.chunks.length = 0;
  }
}

/** Reads the raw (still encoded) body, rejecting with 413 once it exceeds `limit` bytes. */
function readRawBody(req: IncomingMessage, limit: number, account?: BodyAccount): Promise<Buffer> {
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limit) return Promise.reject(tooLarge(limit));
  if (req.destroyed) return Promise.reject(new HttpError(400, "the request was aborted"));
  let chunks: BodyChunks;
  try {
    chunks = new BodyChunks(limit, account, declared);
  } catch (error) {
    return Promise.reject(error as HttpError); // 503 busy: the budget cannot hold the declared body
  }
  return new Promise<Buffer>((resolve, reject) => {
    let failed = false;
    const onData = (chunk: Buffer) => {
      if (failed) return;
      const refusal = chunks.add(chunk);
      if (refusal) {
        failed = true;
        chunks.drop();
        cleanup();
        reject(refusal);
      }
    };
    let ended = false;
    const onEnd = () => {
      ended = true;
      cleanup();
      if (!failed) resolve(chunks.body());
    };
    const onClose = () => {
      if (!ended) onError();
    };
    const onError = () => {
      cleanup();
      if (!failed) reject(new HttpError(400, "the request body could not be read"));
      failed = true;
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onError);
      req.off("close", onClose);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onError);
    req.on("close", onClose);
  });
}

/**
 * Drains whatever is left of a request body without keeping it, so the client can read our reply;
 * past {@link MAX_DISCARD_BYTES} the connection is closed instead.
 */
export function discardRest(req: IncomingMessage): void {
  if (req.complete || req.destroyed) return;
  let seen = 0;
  req.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > MAX_DISCARD_BYTES) req.socket.destroy();
  });
  req.on("error", () => undefined);
  req.resume();
}

/** Undoes `Content-Encoding` (identity or gzip); the decompressed size is capped at `limit`. */
function decodeContentEncoding(raw: Buffer, encodingHeader: string | undefined, limit: number): Promise<Buffer> {
  const encoding = (encodingHeader ?? "identity").trim().toLowerCase();
  if (encoding === "" || encoding === "identity") return Promise.resolve(raw);
  if (encoding !== "gzip" && encoding !== "x-gzip") {
    return Promise.reject(new HttpError(415, `unsupported content-encoding "${encoding.slice(0, 40)}" (use gzip or none)`));
  }
  return new Promise<Buffer>((resolve, reject) => {
    gunzip(raw, { maxOutputLength: limit }, (error, result) => {
      if (!error) return resolve(result);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) {
        reject(new HttpError(413, `decompressed request body exceeds the limit of ${limit} bytes`));
      } else {
        reject(new HttpError(400, "the gzip body is malformed"));
      }
    });
  });
}

/**
 * Reads and decompresses a body within `limit` bytes (both before and after decompression); the bytes are
 * charged to `account` when given.
 */
export async function readBody(req: IncomingMessage, limit: number, account?: BodyAccount): Promise<Buffer> {
  const raw = await readRawBody(req, limit, account);
  const encoding = req.headers["content-encoding"];
  const body = await decodeContentEncoding(raw, typeof encoding === "string" ? encoding : undefined, limit);
  if (body !== raw) account?.take(body.length);
  return body;
}

/** The media type of a request, lowercased, without parameters ("" when absent). */
export function mediaType(req: IncomingMessage): string {
  const header = req.headers["content-type"];
  return typeof header === "string" ? (header.split(";")[0] ?? "").trim().toLowerCase() : "";
}

/** True for `application/json` and `application/*+json`. */
function isJsonMediaType(type: string): boolean {
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/** Parses a JSON body (an absent or empty body reads as `{}`); 400 on malformed JSON, 415 on non-JSON. */
export function parseJsonBody(req: IncomingMessage, body: Buffer): unknown {
  const type = mediaType(req);
  if (type !== "" && !isJsonMediaType(type)) {
    throw new HttpError(415, `expected an application/json body, got "${type.slice(0, 60)}"`);
  }
  const text = body.toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, "the body is not valid JSON");
  }
}
