/**
 * The dev server's request handler: health check, optional static handler (the viewer), bounded
 * concurrency (503 `{"error":"busy"}` when saturated), authentication, routing and error replies.
 * Every failure becomes a JSON `{"error": ...}` reply; nothing a client sends can crash the process.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "@honeyhive/core/log/logger";
import { createPriceTable, type PriceTable } from "@honeyhive/core/pricing/call-cost";
import type { Authenticator } from "./routes/auth";
import { ValidationError } from "./domain/validation-error";
import { BodyBudget, discardRest } from "./http/body";
import type { HostCheck } from "./http/host-check";
import { HttpError, badRequest, httpErrorOf } from "./http/http-error";
import { InFlightRequests } from "./http/in-flight";
import { requestUrl } from "./http/request-url";
import { JsonChunksReply } from "./http/json-chunks";
import { acceptsGzip } from "./http/accept-gzip";
import { sendBytes, sendEmptyBinary, sendError, sendJson, sendJsonChunks } from "./http/reply";
import { BinaryReply, BytesReply, Router, StatusReply } from "./http/router";
import { apiRoutes } from "./routes/all-routes";
import { buildRouteContext, type ServerScope } from "./routes/build-route-context";
import type { ApiRoute, RouteContext } from "./routes/route-context";
import { ServerCaches, type RouteCaches } from "./routes/server-caches";
import type { Store } from "./store/store";
import { storageFailureOf } from "./store/storage-failure";
import { DEFAULT_STALLED_RUN_MS } from "./viewer/server/run-stalled";

import type { StaticHandler } from "./http/static-handler";

export type { StaticHandler } from "./http/static-handler";

/** Options of {@link createRequestHandler}. */
export interface RequestHandlerOptions {
  store: Store;
  /** The server's own caches, handed to every route (a fresh set per handler when omitted). */
  caches?: RouteCaches;
  authenticate: Authenticator;
  logger: Logger;
  maxBodyBytes: number;
  maxConcurrentRequests: number;
  /** Most body bytes held by all in-flight requests together; default max(64 MB, 4 × maxBodyBytes). */
  maxBufferedBytes?: number;
  staticHandler?: StaticHandler;
  /** Extra API routes (authenticated like the built-in ones). */
  routes?: readonly ApiRoute[];
  /** Model prices for the cost of model events; default: the built-in table. */
  prices?: PriceTable;
  /** Rejects (403) requests whose `Host` or `Origin` does not name this server (DNS rebinding, other sites). */
  hostCheck?: HostCheck;
  /** The server's clock (Unix ms) routes read through `RouteContext.now`; default `Date.now`. */
  clock?: () => number;
  /** See `DevServerOptions.stalledRunAfterMs`; default {@link DEFAULT_STALLED_RUN_MS}. */
  stalledRunAfterMs?: number;
}

/** A request handler with the bookkeeping needed for a graceful close. */
export interface DevServerRequestHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Requests currently being handled. */
  inFlight(): number;
  /** Resolves when no request is in flight. */
  idle(): Promise<void>;
  /** From now on every request gets 503 "shutting down". */
  beginShutdown(): void;
}

/** Request body encodings every route decodes (`http/body.ts`), advertised on every answer. */
const ACCEPTED_ENCODINGS = "gzip";
const BUILT_IN_PRICES = createPriceTable();
const FOREIGN_HOST =
  "forbidden: the Host or Origin header does not name this server (add it with allowedHosts / --allowed-host)";

function passesHostCheck(check: HostCheck, req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  return check.allowsHost(req.headers.host) && check.allowsOrigin(typeof origin === "string" ? origin : undefined);
}

function isHealthCheck(method: string, url: URL): boolean {
  return (method === "GET" || method === "HEAD") && (url.pathname === "/health" || url.pathname === "/v1/health");
}

/** Step 1, before any work: the URL parses, the host is this server's, the server is not closing. */
function admissionRefusal(req: IncomingMessage, options: RequestHandlerOptions, shuttingDown: boolean): { url: URL } | { status: number; message: string; close: boolean } {
  let url: URL;
  try {
    url = requestUrl(req.url);
  } catch {
    return { status: 400, message: "malformed request URL", close: false };
  }
  if (options.hostCheck && !passesHostCheck(options.hostCheck, req)) return { status: 403, message: FOREIGN_HOST, close: true };
  if (shuttingDown) return { status: 503, message: "the server is shutting down", close: true };
  return { url };
}

/**
 * Step 5, the reply: a route's value as 200 JSON (or with its own status, JSON it serialised itself, or bytes; a large
 * body built in chunks gzipped when the client accepts it).
 */
async function reply(req: IncomingMessage, res: ServerResponse, result: unknown): Promise<void> {
  if (result instanceof BinaryReply) sendEmptyBinary(res, result.contentType);
  else if (result instanceof BytesReply) sendBytes(res, result.bytes, result.headers);
  else if (result instanceof JsonChunksReply) await sendJsonChunks(res, 200, result, acceptsGzip(req.headers["accept-encoding"]));
  else if (result instanceof StatusReply) sendJson(res, result.status, result.body ?? {});
  else sendJson(res, 200, result ?? {});
}

/**
 * A failure as a JSON error reply: HttpError as it is, a ValidationError as 400, a storage failure as its own status
 * (507 disk full, 503 data directory lost; logged once each), anything else a logged 500.
 */
function replyError(res: ServerResponse, req: IncomingMessage, url: URL, thrown: unknown, logger: Logger, location: string): void {
  const storage = storageFailureOf(thrown, location);
  const error = thrown instanceof ValidationError ? badRequest(thrown.message) : httpErrorOf(thrown) ?? storage;
  if (error !== undefined) {
    if (storage !== undefined && storage.status === 507) logger.warnOnce("disk-full", storage.message);
    else if (error.status >= 500 && error.status !== 503) logger.error(`${req.method} ${url.pathname}: ${error.message}`);
    else logger.debug(`${req.method} ${url.pathname} -> ${error.status}: ${error.message}`);
    sendError(res, error.status, error.message, error.headers);
    return;
  }
  const message = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  logger.error(`${req.method} ${url.pathname} failed: ${message}`);
  sendError(res, 500, "internal error");
}

/** Creates the handler for `node:http` servers (also usable in tests with any `http.Server`). */
export function createRequestHandler(options: RequestHandlerOptions): DevServerRequestHandler {
  const router = new Router<RouteContext>().add(apiRoutes).add(options.routes ?? []);
  const scope: ServerScope = {
    store: options.store, caches: options.caches ?? new ServerCaches(), logger: options.logger, maxBodyBytes: options.maxBodyBytes,
    prices: options.prices ?? BUILT_IN_PRICES, now: options.clock ?? Date.now,
    stalledRunAfterMs: options.stalledRunAfterMs ?? DEFAULT_STALLED_RUN_MS,
  };
  const budget = new BodyBudget(options.maxBufferedBytes ?? Math.max(64 * 1024 * 1024, 4 * options.maxBodyBytes));
  const requests = new InFlightRequests();
  let active = 0;
  let shuttingDown = false;

  /** Steps 2 to 5: match, authenticate, build the context, run the route and reply. */
  async function serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    if (isHealthCheck(method, url)) return sendJson(res, 200, { ok: true });
    const match = router.match(method, url.pathname);
    if (match.kind !== "found") {
      if (options.staticHandler && (method === "GET" || method === "HEAD") && (await options.staticHandler(req, res))) return;
      if (match.kind === "method-not-allowed") throw new HttpError(405, `method ${method} not allowed here`, { allow: match.allowed.join(", ") });
      throw new HttpError(404, `no route for ${method} ${url.pathname.slice(0, 200)}`);
    }
    if (active >= options.maxConcurrentRequests) throw new HttpError(503, "busy", { "retry-after": "1" });
    active += 1;
    const account = budget.account();
    try {
      const project = await options.authenticate(req, { method, path: url.pathname });
      const ctx = buildRouteContext(scope, { req, res, project, params: match.params, query: url.searchParams, path: match.path, account });
      await reply(req, res, await match.route.handler(ctx));
    } finally {
      account.release();
      active -= 1;
    }
  }

  const handler = ((req: IncomingMessage, res: ServerResponse) => {
    requests.enter();
    res.setHeader("accept-encoding", ACCEPTED_ENCODINGS); // RFC 7694: clients may gzip their request bodies here
    const admitted = admissionRefusal(req, options, shuttingDown);
    if (!("url" in admitted)) {
      sendError(res, admitted.status, admitted.message, admitted.close ? { connection: "close" } : undefined);
      discardRest(req);
      requests.settle();
      return;
    }
    serve(req, res, admitted.url)
      .catch((thrown: unknown) => replyError(res, req, admitted.url, thrown, options.logger, options.store.location))
      .finally(() => {
        discardRest(req);
        requests.settle();
      });
  }) as DevServerRequestHandler;
  handler.inFlight = () => requests.count;
  handler.idle = () => requests.idle();
  handler.beginShutdown = () => {
    shuttingDown = true;
  };
  return handler;
}
