/**
 * A real OTLP/HTTP trace receiver for tests: a `node:http` server on 127.0.0.1 (port 0 by default) that
 * decodes every request with the SDK's own decoder (`decodeTraceRequest`) and records it.
 *
 * ```ts
 * const receiver = await startOtlpReceiver();
 * const pipeline = new SpanPipeline({ endpoint: `${receiver.url}/opentelemetry/v1/traces`, ... });
 * ...
 * const spans = await receiver.waitForSpans(2);     // event-driven, no sleeps
 * expect(receiver.requests[0]!.headers.authorization).toBe("Bearer key");
 * receiver.respondWith(503, {}, 2);                 // the next 2 requests get 503, then back to 200
 * receiver.respondWith(429, { "retry-after": "0" }); // every request from now on gets 429
 * receiver.respondWith(200);                         // back to normal
 * await receiver.close();
 * ```
 *
 * Any path and content type are accepted; gzip bodies (`Content-Encoding: gzip`) are inflated. Bodies that
 * fail to decode get a 400 and are recorded with `decodeError`. Non-POST requests get 405.
 */
import { type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gunzipSync } from "node:zlib";
import { type DecodedSpan, decodeTraceRequest, otlpBodyFormat } from "../../packages/dev-server/src/otlp/index";
import { readBody } from "./read-body";

/** One request the receiver got. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, e.g. `/opentelemetry/v1/traces`. */
  path: string;
  /** Lowercased header names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  /** The `Content-Type` header ("" when absent). */
  contentType: string;
  /** The (inflated) body bytes. */
  body: Uint8Array;
  /** Decoded spans (empty when decoding failed). */
  spans: DecodedSpan[];
  /** The decoder's message when the body could not be decoded (the response was 400). */
  decodeError?: string;
  /** The status the receiver answers (or answered) with. */
  status: number;
  /** False while the response is still being delayed (see `setDelay`). */
  answered: boolean;
  /** `performance.now()` when the request body had arrived. */
  receivedAt: number;
}

/** Options of {@link startOtlpReceiver}. */
export interface OtlpReceiverOptions {
  /** @defaultValue 0 (an ephemeral port); pass a previous receiver's port to "bring a backend back up". */
  port?: number;
  /** Response delay in ms for every request. @defaultValue 0 */
  delayMs?: number;
}

/** A running receiver. */
export interface OtlpReceiver {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** Every request received, in arrival order (including rejected and not yet answered ones). */
  readonly requests: ReceivedRequest[];
  /** Spans of the requests that were answered with a 2xx status, in arrival order. */
  spans(): DecodedSpan[];
  /** Number of requests received but not answered yet (in flight at the server). */
  pending(): number;
  /**
   * Sets the status (and extra headers) of the next responses: the next `times` requests when given,
   * after which responses revert to the previous sticky setting; otherwise every request from now on.
   */
  respondWith(status: number, headers?: Record<string, string>, times?: number): void;
  /** Delays every response by `ms` from now on (0 to stop). */
  setDelay(ms: number): void;
  /** Resolves with {@link spans} once at least `count` spans were accepted; rejects after `timeoutMs`. */
  waitForSpans(count: number, timeoutMs?: number): Promise<DecodedSpan[]>;
  /** Resolves once at least `count` requests arrived (answered or not); rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  /** Forgets recorded requests (not the response settings). */
  clear(): void;
  /** Stops listening and destroys open connections (pending delayed responses are dropped). */
  close(): Promise<void>;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
}

interface Waiter {
  ready: () => boolean;
  resolve: () => void;
}


function decodeBody(body: Buffer, contentType: string, encoding: string | undefined): { spans: DecodedSpan[]; error?: string } {
  try {
    const raw = encoding === "gzip" ? gunzipSync(body) : body;
    return { spans: decodeTraceRequest(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), contentType) };
  } catch (error) {
    return { spans: [], error: error instanceof Error ? error.message : String(error) };
  }
}

/** Starts a receiver on 127.0.0.1. Always `close()` it (e.g. in `afterEach`). */
export async function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
  const requests: ReceivedRequest[] = [];
  let sticky: Reply = { status: 200, headers: {} };
  const queued: Reply[] = [];
  let delayMs = options.delayMs ?? 0;
  const waiters = new Set<Waiter>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const accepted = (): DecodedSpan[] =>
    requests.filter((r) => r.answered && r.status >= 200 && r.status < 300).flatMap((r) => r.spans);
  const notify = (): void => {
    for (const waiter of [...waiters]) {
      if (waiter.ready()) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const contentType = String(req.headers["content-type"] ?? "");
    const reply = queued.shift() ?? sticky;
    const record: ReceivedRequest = {
      method: req.method ?? "", path: req.url ?? "", headers: req.headers, contentType, body: new Uint8Array(body), spans: [],
      status: reply.status, answered: false, receivedAt: performance.now(),
    };
    if (req.method !== "POST") record.status = 405;
    else {
      const decoded = decodeBody(body, contentType, req.headers["content-encoding"]);
      record.spans = decoded.spans;
      if (decoded.error !== undefined) {
        record.decodeError = decoded.error;
        record.status = 400;
      }
    }
    requests.push(record);
    notify();
    const send = (): void => {
      record.answered = true;
      const isJson = otlpBodyFormat(contentType) === "json";
      res.writeHead(record.status, { "content-type": isJson ? "application/json" : "application/x-protobuf", ...reply.headers });
      res.end(record.status === 200 && isJson ? "{}" : record.decodeError ?? "");
      notify();
    };
    if (delayMs > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, delayMs);
      timers.add(timer);
    } else send();
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const waitFor = <T>(ready: () => boolean, value: () => T, timeoutMs: number, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (ready()) return resolve(value());
      const waiter: Waiter = {
        ready,
        resolve: () => {
          clearTimeout(timer);
          resolve(value());
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`otlp-receiver: timed out after ${timeoutMs} ms waiting for ${what} (have ${requests.length} requests, ${accepted().length} accepted spans)`));
      }, timeoutMs);
      waiters.add(waiter);
    });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    spans: accepted,
    pending: () => requests.filter((r) => !r.answered).length,
    respondWith(status, headers = {}, times) {
      const reply = { status, headers };
      if (times === undefined) {
        sticky = reply;
        queued.length = 0;
      } else for (let i = 0; i < times; i++) queued.push(reply);
    },
    setDelay(ms) {
      delayMs = ms;
    },
    waitForSpans: (count, timeoutMs = 5000) => waitFor(() => accepted().length >= count, accepted, timeoutMs, `${count} spans`),
    waitForRequests: (count, timeoutMs = 5000) => waitFor(() => requests.length >= count, () => [...requests], timeoutMs, `${count} requests`),
    clear() {
      requests.length = 0;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
    },
  };
}
