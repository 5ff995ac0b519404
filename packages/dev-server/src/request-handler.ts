/**
 * The dev server's request handler: health check, optional static handler (the viewer), bounded
 * concurrency (503 `{"error":"busy"}` when saturated), authentication, routing and error replies.
 * Every failure becomes a JSON `{"error": ...}` reply; nothing a client sends can crash the process.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../../honeyhive/src/internal/logger";
import { createPriceTable, type PriceTable } from "../../honeyhive/src/semconv/call-cost";
import type { Authenticator } from "./auth";
import { BodyBudget, discardRest, parseJsonBody, readBody } from "./http/body";
import type { HostCheck } from "./http/host-check";
import { HttpError, httpErrorOf } from "./http/http-error";
import { sendEmptyBinary, sendError, sendJson } from "./http/reply";
import { BinaryReply, Router, type RouteContext, type RouteDefinition } from "./http/router";
import { exceedsDepth } from "./domain/json";
import { apiRoutes } from "./routes/all-routes";
import type { Store } from "./store/store";
import { ServerCaches, type RouteCaches } from "./http/server-caches";

/** Serves non-API requests (e.g. `GET /`, `/assets/*`); resolves true when it handled the request. */
export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

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
  routes?: readonly RouteDefinition[];
  /** Model prices for the cost of model events; default: the built-in table. */
  prices?: PriceTable;
  /** Rejects (403) requests whose `Host` or `Origin` does not name this server (DNS rebinding, other sites). */
  hostCheck?: HostCheck;
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

const MAX_JSON_DEPTH = 64;
/** Request body encodings every route decodes (`http/body.ts`), advertised on every answer. */
const ACCEPTED_ENCODINGS = "gzip";
const BUILT_IN_PRICES = createPriceTable();
const FOREIGN_HOST =
  "forbidden: the Host or Origin header does not name this server (add it with allowedHosts / --allowed-host)";

function passesHostCheck(check: HostCheck, req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  return check.allowsHost(req.headers.host) && check.allowsOrigin(typeof origin === "string" ? origin : undefined);
}

/** Creates the handler for `node:http` servers (also usable in tests with any `http.Server`). */
export function createRequestHandler(options: RequestHandlerOptions): DevServerRequestHandler {
  const router = new Router().add(apiRoutes).add(options.routes ?? []);
  const caches = options.caches ?? new ServerCaches();
  const budget = new BodyBudget(options.maxBufferedBytes ?? Math.max(64 * 1024 * 1024, 4 * options.maxBodyBytes));
  let active = 0;
  let inFlight = 0;
  let shuttingDown = false;
  let waiters: (() => void)[] = [];

  const settle = () => {
    inFlight -= 1;
    if (inFlight === 0) {
      const current = waiters;
      waiters = [];
      for (const resolve of current) resolve();
    }
  };

  async function serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    if ((method === "GET" || method === "HEAD") && (url.pathname === "/health" || url.pathname === "/v1/health")) {
      sendJson(res, 200, { ok: true });
      return;
    }
    const match = router.match(method, url.pathname);
    if (match.kind !== "found") {
      if (options.staticHandler && (method === "GET" || method === "HEAD") && (await options.staticHandler(req, res))) return;
      if (match.kind === "method-not-allowed") {
        throw new HttpError(405, `method ${method} not allowed here`, { allow: match.allowed.join(", ") });
      }
      throw new HttpError(404, `no route for ${method} ${url.pathname.slice(0, 200)}`);
    }
    if (active >= options.maxConcurrentRequests) throw new HttpError(503, "busy", { "retry-after": "1" });
    active += 1;
    const account = budget.account();
    try {
      const project = await options.authenticate(req);
      let body: Promise<Buffer> | undefined;
      const rawBody = () => (body ??= readBody(req, options.maxBodyBytes, account));
      const ctx: RouteContext = {
        req, res, store: options.store, caches, project, params: match.params, query: url.searchParams, path: match.path,
        logger: options.logger, maxBodyBytes: options.maxBodyBytes, prices: options.prices ?? BUILT_IN_PRICES, rawBody,
        jsonBody: async () => {
          const value = parseJsonBody(req, await rawBody());
          if (exceedsDepth(value, MAX_JSON_DEPTH)) throw new HttpError(400, `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
          return value;
        },
      };
      const result = await match.route.handler(ctx);
      if (result instanceof BinaryReply) sendEmptyBinary(res, result.contentType);
      else sendJson(res, 200, result ?? {});
    } finally {
      account.release();
      active -= 1;
    }
  }

  const handler = ((req: IncomingMessage, res: ServerResponse) => {
    inFlight += 1;
    res.setHeader("accept-encoding", ACCEPTED_ENCODINGS); // RFC 7694: clients may gzip their request bodies here
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://dev-server.invalid");
    } catch {
      sendError(res, 400, "malformed request URL");
      discardRest(req);
      settle();
      return;
    }
    if (options.hostCheck && !passesHostCheck(options.hostCheck, req)) {
      sendError(res, 403, FOREIGN_HOST, { connection: "close" });
      discardRest(req);
      settle();
      return;
    }
    if (shuttingDown) {
      sendError(res, 503, "the server is shutting down", { connection: "close" });
      discardRest(req);
      settle();
      return;
    }
    serve(req, res, url)
      .catch((thrown: unknown) => {
        const error = httpErrorOf(thrown);
        if (error !== undefined) {
          if (error.status >= 500 && error.status !== 503) options.logger.error(`${req.method} ${url.pathname}: ${error.message}`);
          else options.logger.debug(`${req.method} ${url.pathname} -> ${error.status}: ${error.message}`);
          sendError(res, error.status, error.message, error.headers);
        } else {
          const message = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
          options.logger.error(`${req.method} ${url.pathname} failed: ${message}`);
          sendError(res, 500, "internal error");
        }
      })
      .finally(() => {
        discardRest(req);
        settle();
      });
  }) as DevServerRequestHandler;
  handler.inFlight = () => inFlight;
  handler.idle = () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)));
  handler.beginShutdown = () => {
    shuttingDown = true;
  };
  return handler;
}
