import type * as Net from "node:net";
import type * as Tls from "node:tls";
import type { HttpRequestInit, HttpResponseLike } from "../fetch-like";
import { registerModuleCache } from "../../internal/process-state";
import { requestOptions } from "./request-target";
import { lazyBuiltin } from "./lazy-builtin";
import { PIPELINE_DEPTH, PIPELINED_SOCKETS as SOCKETS_PER_ORIGIN } from "../connection-pools";
import { type ConnectionOwner, PipelinedConnection, type PipelinedRequest } from "./pipelined-connection";
import { PendingRequest } from "./pending-request";
import { requestHead } from "./request-head";

const DEFAULT_MAX_RESPONSE_BYTES = 1_000_000;
const tls = lazyBuiltin<typeof Tls>("node:tls");
/** node:net loads with the first connection: after a cold start's first traced call, not before. */
const net = lazyBuiltin<typeof Net>("node:net");

/** Where an origin's sockets connect. */
interface Endpoint {
  readonly secure: boolean;
  readonly hostname: string;
  readonly port: number;
  readonly hostHeader: string;
}

/** One origin's sockets and the requests waiting for room on them. */
class OriginPipelines implements ConnectionOwner {
  private readonly connections: PipelinedConnection[] = [];
  private readonly waiting: PipelinedRequest[] = [];

  constructor(private readonly endpoint: Endpoint) {}

  /**
   * Writes `request` on the least loaded socket with room, opening one only when every open one has half its depth in
   * flight (a light load keeps one socket and writes its requests together); else it waits.
   */
  dispatch(request: PipelinedRequest): void {
    if (request.done) return;
    const connection = this.connectionWithRoom();
    if (connection === undefined) this.waiting.push(request);
    else connection.send(request);
  }

  /** Removes a waiting request (stopped before it was written); true when it was waiting. */
  withdraw(request: PipelinedRequest): boolean {
    const index = this.waiting.indexOf(request);
    if (index < 0) return false;
    this.waiting.splice(index, 1);
    return true;
  }

  freed(connection: PipelinedConnection): void {
    while (this.waiting.length > 0 && connection.usable && connection.load < PIPELINE_DEPTH) {
      const next = this.waiting.shift()!;
      if (!next.done) connection.send(next);
    }
  }

  closed(connection: PipelinedConnection, resend: PipelinedRequest[]): void {
    const index = this.connections.indexOf(connection);
    if (index >= 0) this.connections.splice(index, 1);
    const again = resend.concat(this.waiting.splice(0));
    for (const request of again) this.dispatch(request);
  }

  /** A written request was stopped: closes the sockets whose answers nobody waits for any more. */
  abandoned(): void {
    for (const connection of this.connections.slice()) connection.closeIfUnwanted();
  }

  /** Closes every socket (the process state's reset). */
  destroy(): void {
    for (const connection of this.connections.slice()) connection.destroy();
  }

  private connectionWithRoom(): PipelinedConnection | undefined {
    let best: PipelinedConnection | undefined;
    const now = performance.now();
    for (let i = this.connections.length - 1; i >= 0; i--) {
      const connection = this.connections[i]!;
      if (!connection.usable) continue;
      if (connection.idleOverdue(now)) {
        connection.destroy();
        continue;
      }
      if (best === undefined || connection.load < best.load) best = connection;
    }
    if (best !== undefined && best.load < PIPELINE_DEPTH / 2) return best;
    if (this.connections.length < SOCKETS_PER_ORIGIN) return this.open();
    return best !== undefined && best.load < PIPELINE_DEPTH ? best : undefined;
  }

  private open(): PipelinedConnection {
    const { secure, hostname, port } = this.endpoint;
    const socket = secure
      ? tls().connect({ host: hostname, port, servername: net().isIP(hostname) === 0 ? hostname : undefined, ALPNProtocols: ["http/1.1"] })
      : net().connect({ host: hostname, port });
    const connection = new PipelinedConnection(socket, this, secure);
    this.connections.push(connection);
    return connection;
  }
}

const origins = new Map<string, OriginPipelines>();
registerModuleCache("transport/pipelines", {
  clear: () => {
    for (const origin of origins.values()) origin.destroy();
    origins.clear();
  },
  size: () => origins.size,
});

/** The endpoint and path of `url`, or undefined for a URL this transport leaves to node:http (user info in it). */
function targetOf(url: string): { endpoint: Endpoint; key: string; path: string } | undefined {
  const options = requestOptions(url);
  if (options.auth !== undefined || (options.protocol !== "http:" && options.protocol !== "https:")) return undefined;
  const secure = options.protocol === "https:";
  const hostname = String(options.hostname);
  const port = options.port === undefined || options.port === "" ? (secure ? 443 : 80) : Number(options.port);
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  const hostHeader = port === (secure ? 443 : 80) ? host : `${host}:${port}`;
  return { endpoint: { secure, hostname, port, hostHeader }, key: `${options.protocol}//${hostHeader}`, path: options.path };
}

/** A stop's error (its reason when that is an Error). */
function stopError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(`request stopped: ${String(reason)}`);
}

/**
 * The SDK's pipelining fetch-like transport (decision record 0087): each origin's requests share a few keep-alive
 * sockets and several are written before their answers come, those of one turn of the event loop in one write. The
 * bytes of each request are those of a plain HTTP/1.1 request. It takes what the SDK's own node:http transport takes:
 * `timeoutMs` (from the request's write to its answer), `stop`, `background` (or the `background` argument),
 * `maxResponseBytes`, and `idempotent`: a request safe to repeat is written once more on another socket when its own
 * closes before its answer; any other unanswered request fails with a connection error (ECONNRESET; ECONNREFUSED when
 * its socket never connected) and its caller's retry rules decide. A request with an AbortSignal, or to a URL with user
 * info in it, goes to `fallback`.
 */
export function pipelinedFetch(
  url: string, init: HttpRequestInit, background: boolean, fallback: (url: string, init: HttpRequestInit) => Promise<HttpResponseLike>,
): Promise<HttpResponseLike> {
  let target: ReturnType<typeof targetOf>;
  try {
    target = targetOf(url);
  } catch (error) {
    return Promise.reject(error);
  }
  if (target === undefined || init.signal !== undefined) return fallback(url, init);
  const { endpoint, key, path } = target;
  return new Promise((resolve, reject) => {
    const method = init.method ?? "GET";
    const raw = init.body;
    const body = raw === undefined || typeof raw === "string" ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const length = body === undefined ? undefined : typeof body === "string" ? Buffer.byteLength(body) : body.length;
    let origin = origins.get(key);
    if (origin === undefined) origins.set(key, (origin = new OriginPipelines(endpoint)));
    const request = new PendingRequest(
      requestHead(method, path, endpoint.hostHeader, init.headers, length), body, method === "HEAD", init.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      init.timeoutMs, background || init.background === true, init.idempotent === true, resolve, reject,
    );
    const owner = origin;
    request.unhook = init.stop?.whenStopped((reason) => {
      const waiting = owner.withdraw(request);
      request.fail(stopError(reason)); // written already: its answer is read and dropped, unless none is wanted any more
      if (!waiting) owner.abandoned();
    });
    owner.dispatch(request);
  });
}
