import type { Socket } from "node:net";
import { clampTimeout } from "../../internal/timer-delay";
import { HttpTimeoutError, ResponseTooLargeError } from "../fetch-like";
import { HttpResponseParser, type ParsedResponse, ResponseFramingError } from "./http-response-parser";
import { IDLE_SOCKET_TIMEOUT_MS, idleLimitOf, isIdleOverdue } from "./idle-socket-rule";

/** One request of the pipelining transport: its bytes, its limits, and how its caller learns the outcome. */
export interface PipelinedRequest {
  /** Request line and headers, ending with the empty line. */
  readonly head: string;
  readonly body: string | Buffer | undefined;
  readonly isHead: boolean;
  readonly maxResponseBytes: number;
  readonly timeoutMs: number | undefined;
  /** Background work: while in flight it does not keep the process alive. */
  readonly background: boolean;
  /** Safe to write again (its repetition duplicates nothing): written once more when its socket closes unanswered. */
  readonly idempotent: boolean;
  /** Written again already after an abrupt close (a second one fails it). */
  resent: boolean;
  /** When its answer is late (ms, `performance.now()`), once written. */
  deadline: number;
  /** Settled (answered, failed or stopped): a late answer is read and dropped. */
  done: boolean;
  answer(response: ParsedResponse): void;
  fail(error: unknown): void;
}

/** What a connection tells its origin's pool. */
export interface ConnectionOwner {
  /** A request was answered (the connection has room for another). */
  freed(connection: PipelinedConnection): void;
  /** The connection is closed; `again` are to be written again on another socket. */
  closed(connection: PipelinedConnection, again: PipelinedRequest[]): void;
}

/** Error of the requests a closed connection leaves unanswered (they may have reached the server). */
export function socketClosedError(cause?: unknown): Error & { code: string } {
  const error = Object.assign(new Error(`socket closed before the answer${cause instanceof Error ? ` (${cause.message})` : ""}`), { code: "ECONNRESET" });
  if (cause instanceof Error && typeof (cause as unknown as { code?: unknown }).code === "string") error.code = (cause as unknown as { code: string }).code;
  return error;
}

/**
 * One keep-alive socket with several requests written before their answers come (HTTP/1.1 pipelining: the bytes of
 * each request are those of a plain request; the answers come in the order of the requests). Requests written in one
 * turn of the event loop leave in one write (the socket is corked until the next turn). One timer per connection
 * bounds the answers: each request's time runs from its write or from the answer before it, whichever is later; a late
 * one fails its request, and the socket is closed (the answers behind it would be
 * late too). When the socket closes, the requests left unanswered that are safe to repeat go back to the pool once, to
 * be written again on another socket (one socket's close is not one failure per request pipelined on it); the others
 * fail with a connection error, and their caller's retry rules decide. A Node server handles pipelined requests as
 * they come, even behind an answer that closes the connection, so no unanswered request is known unprocessed.
 * An idle connection follows the idle rule of the SDK's node:http pools (`idle-socket-rule.ts`): its last answer's
 * `Keep-Alive` hint less a second, at most 4 s; past it (less the overdue margin) it is closed, never written to.
 */
export class PipelinedConnection {
  /** Written and not answered yet, oldest first. */
  private readonly inFlight: PipelinedRequest[] = [];
  private readonly parser = new HttpResponseParser(() => this.expectation(), (response) => this.answered(response));
  private timer: NodeJS.Timeout | undefined;
  private corked = false;
  private closing = false;
  private failure: unknown;
  /** The socket connected (a request written before it did was never sent when it fails to). */
  private connected = false;
  /** The socket was closed because an answer said it would be (not by an error or a timeout). */
  private closedByAnswer = false;
  /** Requests in flight that keep the process alive. */
  private foreground = 0;
  /** When the connection last had nothing in flight (ms, `performance.now()`). */
  private idleSince = performance.now();
  /** How long it may sit idle, by its last answer's `Keep-Alive` hint (ms, {@link idleLimitOf}). */
  private idleLimitMs = IDLE_SOCKET_TIMEOUT_MS;

  constructor(
    private readonly socket: Socket,
    private readonly owner: ConnectionOwner,
    secure: boolean,
  ) {
    socket.setNoDelay(true);
    socket.unref();
    socket.once(secure ? "secureConnect" : "connect", () => (this.connected = true));
    socket.on("data", (chunk: Buffer) => this.read(chunk));
    socket.on("error", (error) => {
      this.failure ??= error;
    });
    socket.on("end", () => this.ended());
    socket.on("close", () => this.closed());
  }

  /** Requests written and not answered. */
  get load(): number {
    return this.inFlight.length;
  }

  /** False once the connection is closing: it takes no more requests. */
  get usable(): boolean {
    return !this.closing;
  }

  /** True when nothing is in flight and the connection's idle limit is near or past: to be closed, not written to. */
  idleOverdue(now: number): boolean {
    return this.inFlight.length === 0 && isIdleOverdue(now - this.idleSince, this.idleLimitMs);
  }

  /** Writes `request` (with the others of this turn of the event loop) and waits for its answer. */
  send(request: PipelinedRequest): void {
    const now = performance.now();
    request.deadline = request.timeoutMs === undefined ? Number.POSITIVE_INFINITY : now + request.timeoutMs;
    this.inFlight.push(request);
    if (!request.background && this.foreground++ === 0) this.socket.ref();
    if (this.timer === undefined && request.timeoutMs !== undefined) this.armTimer(request.timeoutMs);
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      setImmediate(() => this.uncork());
    }
    if (request.body === undefined) this.socket.write(request.head, "latin1");
    else if (typeof request.body === "string") this.socket.write(request.head + request.body, "utf8");
    else {
      this.socket.write(request.head, "latin1");
      this.socket.write(request.body);
    }
  }

  /**
   * Closes the socket when every request written on it was stopped (nobody waits for an answer): a backend that never
   * answers does not keep it open until the requests' timeouts, as a stopped request of node:http closes its socket.
   */
  closeIfUnwanted(): void {
    if (this.inFlight.length > 0 && this.inFlight.every((request) => request.done)) this.destroy();
  }

  /** Closes the socket; the requests in flight fail with `error`. */
  destroy(error?: unknown): void {
    this.closing = true;
    if (error !== undefined) this.failure ??= error;
    this.socket.destroy();
  }

  private uncork(): void {
    this.corked = false;
    this.socket.uncork();
  }

  private expectation(): { head: boolean; maxBodyBytes: number } | undefined {
    const next = this.inFlight[0];
    return next === undefined ? undefined : { head: next.isHead, maxBodyBytes: next.maxResponseBytes };
  }

  private read(chunk: Buffer): void {
    try {
      this.parser.feed(chunk);
    } catch (error) {
      this.failHead(error);
    }
  }

  /** An unreadable answer: its request fails with that error (a body over its limit: ResponseTooLargeError). */
  private failHead(error: unknown): void {
    const request = this.takeHead();
    if (request !== undefined && !request.done) {
      const tooLarge = error instanceof ResponseFramingError && error.tooLarge;
      request.fail(tooLarge ? new ResponseTooLargeError(request.maxResponseBytes, error.status ?? 0) : error);
    }
    this.destroy(error);
  }

  private answered(response: ParsedResponse): void {
    this.idleLimitMs = idleLimitOf(response.headers.get("keep-alive")); // the hint of the server's latest answer
    const request = this.takeHead();
    if (request !== undefined && !request.done) request.answer(response);
    if (!response.keepAlive) {
      this.closing = true;
      this.closedByAnswer = this.failure === undefined;
      this.socket.destroy();
      return;
    }
    this.owner.freed(this);
  }

  private takeHead(): PipelinedRequest | undefined {
    const request = this.inFlight.shift();
    if (request !== undefined && !request.background && --this.foreground === 0) this.socket.unref();
    const next = this.inFlight[0];
    if (next === undefined) {
      this.idleSince = performance.now();
      this.clearTimer();
    } else if (next.timeoutMs !== undefined) {
      // its time runs from its write or from the answer before it, whichever is later: waiting behind a slow answer
      // is waiting for the socket, which never counts (as with node:http's pool)
      next.deadline = Math.max(next.deadline, performance.now() + next.timeoutMs);
    }
    return request;
  }

  private ended(): void {
    this.closing = true;
    if (this.parser.readsToEnd) this.parser.end();
  }

  private closed(): void {
    this.closing = true;
    this.clearTimer();
    const left = this.inFlight.splice(0);
    this.foreground = 0;
    const again: PipelinedRequest[] = [];
    let head = true;
    for (const request of left) {
      if (request.done) continue;
      // the first unanswered request is the one the close may be about: written again once after an abrupt close;
      // those behind it, and all of them behind an answer that announced the close, as often as it takes (each such
      // close fails or answers the request at its head, so the resends end)
      const blamed = head && !this.closedByAnswer;
      head = false;
      // a socket that never connected sent nothing: its connect error says so (the caller's retry rules apply)
      if (this.connected && request.idempotent && !(blamed && request.resent)) {
        if (blamed) request.resent = true;
        again.push(request);
      } else request.fail(socketClosedError(this.failure));
    }
    this.owner.closed(this, again);
  }

  private armTimer(afterMs: number): void {
    this.timer = setTimeout(() => this.checkDeadlines(), clampTimeout(Math.max(1, afterMs)));
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The timer fired: a late request fails (and the connection closes), else the timer waits for the next deadline. */
  private checkDeadlines(): void {
    this.timer = undefined;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const request of this.inFlight) {
      if (request.done) continue;
      if (request.deadline <= now) {
        request.fail(new HttpTimeoutError(request.timeoutMs ?? 0));
        this.destroy(new HttpTimeoutError(request.timeoutMs ?? 0));
        return;
      }
      next = Math.min(next, request.deadline);
    }
    if (next !== Number.POSITIVE_INFINITY) this.armTimer(next - now);
  }
}
