import { clampTimeout } from "../../internal/timer-delay";
import type { Agent as HttpAgent, ClientRequest, IncomingMessage } from "node:http";
import type * as Http from "node:http";
import type * as Https from "node:https";
import type { Socket } from "node:net";
import { HttpTimeoutError, type HttpRequestInit, type HttpResponseLike, WholeAnswer } from "../fetch-like";
import { registerModuleCache } from "../../internal/process-state";
import { requestOptions } from "./request-target";
import { AnswerBody } from "../answer-body";
import type { JsonPruner } from "../../internal/json-pruner";
import { jsonPrunerModule } from "../../internal/json-pruner-on-first-use";
import { onDemand } from "../../internal/on-demand";
import { type ConnectionPool as Pool, POOL_CONNECTIONS } from "../connection-pools";
import { lazyBuiltin } from "./lazy-builtin";
import { IDLE_SOCKET_TIMEOUT_MS, idleLimitOf, isIdleOverdue } from "./idle-socket-rule";
import type * as PipelinedFetch from "./pipelined-fetch";

type PipelinedModule = typeof PipelinedFetch;


/** Default bound of an answer's body (span export answers are tiny; the API client passes its own, larger bound). */
const DEFAULT_MAX_RESPONSE_BYTES = 1_000_000;
const GUARDED = Symbol("honeyhive.socketGuarded");
/** node:https (and its TLS stack) loads with the first `https:` request: a process sending only to `http:` never pays it. */
const https = lazyBuiltin<typeof Https>("node:https");
/** node:http (and node:net under it) loads with the first request: after a cold start's first traced call, not before. */
const http = lazyBuiltin<typeof Http>("node:http");
/** A pool's agents; the `https` one is made with the pool's first `https:` request. */
type Agents = { http: HttpAgent; https?: Https.Agent };
const pools = new Map<Pool, Agents>();
registerModuleCache("transport/agents", {
  clear: () => {
    for (const agents of pools.values()) {
      agents.http.destroy();
      agents.https?.destroy();
    }
    pools.clear();
  },
  size: () => pools.size,
});

const FREED_AT = Symbol("honeyhive.socketFreedAt");
const KEEP_ALIVE_HINT = Symbol("honeyhive.keepAliveHint");
/** A pooled socket, stamped with when it last went idle and with its last answer's `Keep-Alive` header. */
type PooledSocket = Socket & { [FREED_AT]?: number; [KEEP_ALIVE_HINT]?: string };
/** TCP keep-alive probes of a pooled socket start after this long. */
const KEEP_ALIVE_PROBE_MS = 1000;

/**
 * Idle keep-alive sockets follow the SDK's idle rule (`idle-socket-rule.ts`, shared with the pipelined sockets): each
 * is kept for its last answer's `Keep-Alive` hint less a second, at most IDLE_SOCKET_TIMEOUT_MS, and not kept when the
 * hint leaves nothing. This replaces node:http's own reading of the hint (it reads only a hint that starts the header,
 * and only shortens an agent timeout that is set). Idle sockets are unref'ed (they never keep the process alive) and
 * stamped with when they went idle.
 */
function followIdleRule<A extends HttpAgent>(agent: A): A {
  agent.keepSocketAlive = (duplex) => {
    const socket = duplex as PooledSocket;
    socket.setKeepAlive(true, KEEP_ALIVE_PROBE_MS);
    const limitMs = idleLimitOf(socket[KEEP_ALIVE_HINT]);
    socket[KEEP_ALIVE_HINT] = undefined;
    if (limitMs === 0) return false; // the agent closes it
    if (socket.timeout !== limitMs) socket.setTimeout(limitMs);
    return true;
  };
  agent.on("free", (socket: PooledSocket) => {
    socket.unref();
    socket[FREED_AT] = Date.now();
  });
  return agent;
}

/**
 * Closes the agent's idle sockets whose idle timeout has passed although their timer has not run yet (the event loop
 * was busy: the app's own synchronous work, a big dataset parsed). The agent would hand one of them to the next request,
 * which the server, whose own timeout did pass, answers with a reset; a POST is then lost for good.
 */
function closeOverdueIdleSockets(agent: HttpAgent): void {
  const now = Date.now();
  const pools = agent.freeSockets as Record<string, PooledSocket[] | undefined>;
  for (const name in pools) {
    const sockets = pools[name];
    if (sockets === undefined || !sockets.some((s) => isOverdue(s, now))) continue; // the usual case: nothing allocated
    // out of the free list now (the agent would hand out a destroyed one at its end), counted out as its 'close' would
    const kept = sockets.filter((s) => !isOverdue(s, now));
    const overdue = sockets.length - kept.length;
    if (kept.length === 0) delete pools[name];
    else pools[name] = kept;
    const counted = agent as { totalSocketCount?: number };
    if (typeof counted.totalSocketCount === "number") counted.totalSocketCount -= overdue;
    for (const socket of sockets) if (!kept.includes(socket)) socket.destroy();
  }
}

/** True when the pooled socket is overdue by the idle rule ({@link isIdleOverdue}; its timeout is its idle limit). */
function isOverdue(socket: PooledSocket, now: number): boolean {
  const freedAt = socket[FREED_AT];
  return freedAt !== undefined && isIdleOverdue(now - freedAt, socket.timeout ?? IDLE_SOCKET_TIMEOUT_MS);
}

const agentOptions = (pool: Pool): { keepAlive: true; maxSockets: number; keepAliveMsecs: number; timeout: number } => ({
  keepAlive: true, maxSockets: POOL_CONNECTIONS[pool], keepAliveMsecs: KEEP_ALIVE_PROBE_MS, timeout: IDLE_SOCKET_TIMEOUT_MS,
});

/** `pool`'s keep-alive agent for the request's scheme (each made on its first use). */
function agentOf(pool: Pool, secure: boolean): HttpAgent {
  let agents = pools.get(pool);
  if (agents === undefined) {
    agents = { http: followIdleRule(new (http().Agent)(agentOptions(pool))) };
    pools.set(pool, agents);
  }
  if (!secure) return agents.http;
  agents.https ??= followIdleRule(new (https().Agent)(agentOptions(pool)));
  return agents.https;
}

function ignoreSocketError(): void {
  // The request that owns the socket reports the error; a late one (EPIPE/ECONNRESET of a body still being
  // written after an early answer, a reset of a pooled socket) has nobody to report to.
}

/**
 * Gives a socket one permanent 'error' listener, once: an error emitted after its request let go of it
 * (early 413-and-close while the body is still being written) would otherwise be an uncaught exception.
 */
function guardSocket(socket: Socket & { [GUARDED]?: true }, background: boolean): void {
  if (!socket[GUARDED]) {
    socket[GUARDED] = true;
    socket.on("error", ignoreSocketError);
  }
  if (background) socket.unref();
  else socket.ref();
}

function responseOf(res: IncomingMessage, body: string): HttpResponseLike {
  const headers = {
    get: (name: string): string | null => {
      const value = res.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
  return new WholeAnswer(res.statusCode ?? 0, headers, body);
}

/** The body as node:http takes it: a string as it is (its UTF-8 length computed, not copied), bytes without a copy. */
function bodyOf(init: HttpRequestInit): { body: string | Buffer; length: number } | undefined {
  const body = init.body;
  if (body === undefined) return undefined;
  if (typeof body === "string") return { body, length: Buffer.byteLength(body) };
  return { body: Buffer.from(body.buffer, body.byteOffset, body.byteLength), length: body.byteLength };
}

function readResponse(
  res: IncomingMessage, init: HttpRequestInit, resolve: (response: HttpResponseLike) => void, fail: (error: unknown) => void, pruner?: () => JsonPruner,
): void {
  // Never a silently cut body (it would parse as "not JSON"): the whole answer (or its kept text) or a clear error.
  const body = new AnswerBody(res.statusCode ?? 0, init.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, pruner);
  res.on("data", (chunk: Buffer) => {
    try {
      body.add(chunk);
    } catch (error) {
      fail(error);
      res.destroy();
    }
  });
  res.on("end", () => {
    try {
      resolve(responseOf(res, body.text()));
    } catch (error) {
      fail(error);
    }
  });
  res.on("error", fail);
  res.on("aborted", () => fail(new Error("response aborted")));
}

/**
 * A deadline for the whole exchange once the request has its socket: connecting, sending and the answer (a server
 * dripping one byte a second never resets it).
 */
function armDeadline(req: ClientRequest, timeoutMs: number | undefined): (() => void) | undefined {
  if (timeoutMs === undefined) return undefined;
  const timer = setTimeout(() => req.destroy(new HttpTimeoutError(timeoutMs)), clampTimeout(Math.max(1, timeoutMs)));
  timer.unref();
  return () => clearTimeout(timer);
}

/** The error a stopped request rejects with (the stop's reason when it is an Error). */
function stopError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(`request stopped: ${String(reason)}`);
}

/**
 * A small fetch-like client on node:http/https with keep-alive agents: the SDK's default transport. It
 * sends a Uint8Array body without copying it, reads the whole answer up to `maxResponseBytes` (default 1 MB;
 * a larger answer rejects with a `ResponseTooLargeError`, never a cut body; with `prune`, a 2xx answer is pruned as
 * it arrives and only its kept text is held and bounded), and never throws outside
 * its promise: every socket and request error (EPIPE, ECONNRESET, an early answer while the body is being
 * written, TLS errors) rejects it or is absorbed once it has settled. `timeoutMs` bounds the whole exchange;
 * `stop` (or `signal`) cancels it.
 * Idle keep-alive sockets never keep the process alive; with `background: true` a socket in use does not
 * either.
 */
export function nodeHttpFetch(url: string, init: HttpRequestInit = {}): Promise<HttpResponseLike> {
  const prune = init.prune;
  if (prune === undefined) return requestIn("api", url, init);
  return jsonPrunerModule().then(({ JsonPruner }) => requestIn("api", url, init, undefined, () => new JsonPruner(prune, "bytes")));
}

/** One request through `pool`'s keep-alive agents (see {@link nodeHttpFetch}); `background` as `init.background`. */
function requestIn(
  pool: Pool, url: string, init: HttpRequestInit, background = init.background === true, pruner?: () => JsonPruner,
): Promise<HttpResponseLike> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let clearDeadline: (() => void) | undefined;
    let unhookStop: (() => void) | undefined;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearDeadline?.();
      unhookStop?.();
      fn();
    };
    const ok = (response: HttpResponseLike): void => finish(() => resolve(response));
    const fail = (error: unknown): void => finish(() => reject(error));
    try {
      const options = requestOptions(url);
      const secure = options.protocol === "https:";
      const body = bodyOf(init);
      // Object.assign, not a spread: on Node 20 adding a property to a spread copy costs about a microsecond
      const headers: Record<string, string | number> = Object.assign({}, init.headers);
      if (body) headers["content-length"] = body.length;
      options.method = init.method ?? "GET";
      options.headers = headers;
      const agent = agentOf(pool, secure);
      closeOverdueIdleSockets(agent);
      options.agent = agent;
      options.signal = init.signal;
      const req = (secure ? https().request : http().request)(options, (res) => {
        const hint = res.headers["keep-alive"]; // read when the socket goes idle (repeated ones come joined)
        (res.socket as PooledSocket)[KEEP_ALIVE_HINT] = typeof hint === "string" ? hint : undefined;
        readResponse(res, init, ok, fail, pruner);
      });
      req.on("error", fail);
      // the deadline starts when the request is handed a socket (new or pooled), never while it waits in the pool's
      // queue: a burst of requests to a healthy backend does not time out waiting its turn (decision record 0043)
      req.on("socket", (socket) => {
        guardSocket(socket, background);
        if (!settled) clearDeadline = armDeadline(req, init.timeoutMs);
      });
      let stopped = false;
      unhookStop = init.stop?.whenStopped((reason) => {
        stopped = true;
        req.destroy(stopError(reason));
      });
      if (!stopped) req.end(body?.body);
    } catch (error) {
      fail(error);
    }
  });
}

/** The pipelining transport, once loaded (with the first background request). */
let pipelined: PipelinedModule | undefined;
/** The pipelining transport's chunk, imported on the first background request; a failed import is tried again later. */
const loadPipelined = onDemand(() => import("./pipelined-fetch"));

/** The request through node:http's lane of API calls, as background work (the pipelining transport's fallback). */
const backgroundThroughAgent = (url: string, init: HttpRequestInit): Promise<HttpResponseLike> => requestIn("api", url, init, true);

/**
 * Background work (session starts and updates): pipelined on a few keep-alive sockets (`pipelined-fetch.ts`, loaded
 * with the first such request; decision record 0087), sockets in use unref'ed. Measured in an evaluate() run: a third
 * of node:http's client CPU for the same requests.
 */
export function backgroundHttpFetch(url: string, init: HttpRequestInit = {}): Promise<HttpResponseLike> {
  if (pipelined !== undefined) return pipelined.pipelinedFetch(url, init, true, backgroundThroughAgent);
  // A chunk that failed to load (a disk hiccup, a package replaced under the running process) costs this request its
  // pipelining, never the request: it goes through node:http, and the next request imports the chunk again.
  return loadPipelined().then(
    (loaded) => (pipelined = loaded).pipelinedFetch(url, init, true, backgroundThroughAgent),
    () => backgroundThroughAgent(url, init),
  );
}

/**
 * Span export (batches and the spool's files): background work on a connection pool of its own, so an export never
 * waits for a socket behind queued API calls (hundreds of session starts of per-request sessions), nor they behind it.
 */
export function exportHttpFetch(url: string, init: HttpRequestInit = {}): Promise<HttpResponseLike> {
  return requestIn("export", url, init, true);
}
