/**
 * An incremental HTTP/1.1 response reader for the pipelining transport (`pipelined-fetch.ts`): the answers of one
 * socket, in order, each framed by its `content-length`, by chunked transfer coding, or by the socket's end; interim
 * (1xx) answers skipped; no body for a HEAD request, a 204 or a 304. The header section is bounded (64 KiB) and so is
 * each body (the request's `maxResponseBytes`): the reader never holds more than that.
 */

/** Largest header section read (status line and headers). */
const MAX_HEAD_BYTES = 64 * 1024;
const CRLF_CRLF = Buffer.from("\r\n\r\n", "latin1");
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})/;

/** One answer read whole. */
export interface ParsedResponse {
  readonly status: number;
  /** Header values by lower-case name (repeated headers joined with ", "). */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
  /** False when the server closes the connection after this answer (`connection: close`, HTTP/1.0, read to the end). */
  readonly keepAlive: boolean;
}

/** Why a socket's answers cannot be read on: a malformed answer, or one too large. */
export class ResponseFramingError extends Error {
  constructor(
    message: string,
    /** The answer's status when it was known (a body over its limit). */
    readonly status?: number,
    /** True when the body was over the request's limit (not a protocol error). */
    readonly tooLarge = false,
  ) {
    super(message);
    this.name = "ResponseFramingError";
  }
}

/** What the reader asks of the request the next answer belongs to. */
export interface AnswerExpectation {
  /** The request was a HEAD: its answer has no body whatever its headers say. */
  readonly head: boolean;
  readonly maxBodyBytes: number;
}

type Framing = { kind: "length"; left: number } | { kind: "chunked"; left: number; phase: "size" | "data" | "crlf" | "trailers" } | { kind: "close" };

interface Current {
  status: number;
  headers: Map<string, string>;
  keepAlive: boolean;
  framing: Framing;
  chunks: Buffer[];
  size: number;
  limit: number;
}

/**
 * Reads answers from a socket's bytes. `expect()` describes the request of the next answer (undefined when none is
 * waiting: bytes then are a protocol error); `answered` receives each answer; `feed` throws a
 * {@link ResponseFramingError} when the bytes cannot be read (the socket is then to be closed).
 */
export class HttpResponseParser {
  private pending: Buffer | undefined;
  private current: Current | undefined;

  constructor(
    private readonly expect: () => AnswerExpectation | undefined,
    private readonly answered: (response: ParsedResponse) => void,
  ) {}

  /** Bytes held that belong to no finished answer (0 between answers). */
  get buffered(): number {
    return (this.pending?.length ?? 0) + (this.current?.size ?? 0);
  }

  /** True while an answer read until the socket's end is being read: the end completes it. */
  get readsToEnd(): boolean {
    return this.current?.framing.kind === "close";
  }

  /** Reads `chunk`; every answer it completes is passed on before this returns. */
  feed(chunk: Buffer): void {
    let data = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = undefined;
    while (data.length > 0) {
      if (this.current === undefined) {
        const end = data.indexOf(CRLF_CRLF);
        if (end < 0) {
          if (data.length > MAX_HEAD_BYTES) throw new ResponseFramingError("response header section too large");
          this.pending = data;
          return;
        }
        this.current = this.startAnswer(data.toString("latin1", 0, end));
        data = data.subarray(end + 4);
        if (this.current === undefined) continue; // an interim answer
      } else {
        data = this.readBody(this.current, data);
      }
      if (this.current !== undefined && this.isComplete(this.current)) this.finish(this.current);
    }
    if (this.current !== undefined && this.isComplete(this.current)) this.finish(this.current);
  }

  /** The socket ended: completes an answer read to the end; true when nothing was left half-read. */
  end(): boolean {
    const current = this.current;
    if (current?.framing.kind === "close") {
      current.keepAlive = false;
      this.finish(current);
      return true;
    }
    return current === undefined && this.pending === undefined;
  }

  /** Parses a header section: the answer it starts, or undefined for an interim (1xx) one. */
  private startAnswer(head: string): Current | undefined {
    const lines = head.split("\r\n");
    const statusLine = STATUS_LINE.exec(lines[0]!);
    if (statusLine === null) throw new ResponseFramingError("malformed response status line");
    const status = Number(statusLine[2]);
    const expectation = this.expect();
    if (expectation === undefined) throw new ResponseFramingError("response without a request");
    if (status >= 100 && status < 200) return undefined;
    const headers = new Map<string, string>();
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(":");
      if (colon <= 0) throw new ResponseFramingError("malformed response header");
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const before = headers.get(name);
      headers.set(name, before === undefined ? value : `${before}, ${value}`);
    }
    const connection = headers.get("connection")?.toLowerCase() ?? "";
    const keepAlive = statusLine[1] === "1" ? !connection.includes("close") : connection.includes("keep-alive");
    return { status, headers, keepAlive, framing: framingOf(status, headers, expectation.head), chunks: [], size: 0, limit: expectation.maxBodyBytes };
  }

  /** Reads what of `data` belongs to the current answer's body; returns the rest. */
  private readBody(current: Current, data: Buffer): Buffer {
    const framing = current.framing;
    if (framing.kind === "close") {
      this.take(current, data);
      return data.subarray(data.length);
    }
    if (framing.kind === "length") {
      const taken = Math.min(framing.left, data.length);
      this.take(current, data.subarray(0, taken));
      framing.left -= taken;
      return data.subarray(taken);
    }
    return this.readChunked(current, framing, data);
  }

  /** One step of a chunked body: a size line, chunk data, a chunk's closing CRLF, or the trailers. */
  private readChunked(current: Current, framing: Framing & { kind: "chunked" }, data: Buffer): Buffer {
    if (framing.phase === "data") {
      const taken = Math.min(framing.left, data.length);
      this.take(current, data.subarray(0, taken));
      framing.left -= taken;
      if (framing.left === 0) framing.phase = "crlf";
      return data.subarray(taken);
    }
    const lineEnd = data.indexOf("\r\n", 0, "latin1");
    if (lineEnd < 0) {
      if (data.length > MAX_HEAD_BYTES) throw new ResponseFramingError("malformed chunked response");
      this.pending = data;
      return data.subarray(data.length);
    }
    const line = data.toString("latin1", 0, lineEnd);
    const rest = data.subarray(lineEnd + 2);
    if (framing.phase === "crlf") {
      if (line !== "") throw new ResponseFramingError("malformed chunked response");
      framing.phase = "size";
    } else if (framing.phase === "size") {
      const size = Number.parseInt(line.split(";", 1)[0]!.trim(), 16);
      if (!Number.isFinite(size) || size < 0) throw new ResponseFramingError("malformed chunk size");
      framing.left = size;
      framing.phase = size === 0 ? "trailers" : "data";
    } else if (line === "") {
      framing.left = -1; // the trailers' closing empty line: the body is complete
    }
    return rest;
  }

  private take(current: Current, bytes: Buffer): void {
    if (bytes.length === 0) return;
    current.size += bytes.length;
    if (current.size > current.limit) {
      throw new ResponseFramingError(`response body larger than ${current.limit} bytes (HTTP ${current.status})`, current.status, true);
    }
    current.chunks.push(bytes);
  }

  private isComplete(current: Current): boolean {
    const framing = current.framing;
    if (framing.kind === "length") return framing.left === 0;
    if (framing.kind === "chunked") return framing.phase === "trailers" && framing.left === -1;
    return false;
  }

  private finish(current: Current): void {
    this.current = undefined;
    const body = current.chunks.length === 1 ? current.chunks[0]!.toString("utf8") : Buffer.concat(current.chunks).toString("utf8");
    this.answered({ status: current.status, headers: current.headers, body, keepAlive: current.keepAlive && current.framing.kind !== "close" });
  }
}

/** How an answer's body is delimited (RFC 9112 section 6.3). */
function framingOf(status: number, headers: Map<string, string>, head: boolean): Framing {
  if (head || status === 204 || status === 304) return { kind: "length", left: 0 };
  const coding = headers.get("transfer-encoding");
  if (coding !== undefined) {
    if (!/(?:^|,)\s*chunked\s*$/i.test(coding)) return { kind: "close" };
    return { kind: "chunked", left: 0, phase: "size" };
  }
  const length = headers.get("content-length");
  if (length === undefined) return { kind: "close" };
  if (!/^\d+$/.test(length)) throw new ResponseFramingError("malformed content-length");
  return { kind: "length", left: Number(length) };
}
