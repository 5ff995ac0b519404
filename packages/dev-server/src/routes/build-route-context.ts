/**
 * Builds the context of one API request: the body is read once on demand (within the size limit and the
 * server-wide buffer budget) and JSON bodies are refused past a nesting depth.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "@honeyhive/core/log/logger";
import type { PriceTable } from "@honeyhive/core/pricing/call-cost";
import { exceedsDepth } from "../domain/json";
import type { ProjectRecord } from "../domain/records";
import { type BodyAccount, parseJsonBody, readBody } from "../http/body";
import { HttpError } from "../http/http-error";
import type { Store } from "../store/store";
import type { RouteContext } from "./route-context";
import type { RouteCaches } from "./server-caches";

const MAX_JSON_DEPTH = 64;

/** What every request of one server shares. */
export interface ServerScope {
  readonly store: Store;
  readonly caches: RouteCaches;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
  readonly prices: PriceTable;
  readonly now: () => number;
  readonly stalledRunAfterMs: number;
}

/** What one request brings. */
interface RequestScope {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly project: ProjectRecord;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly path: string;
  /** The share of the server's body budget this request may hold. */
  readonly account: BodyAccount;
}

/** The route context of one request. */
export function buildRouteContext(server: ServerScope, request: RequestScope): RouteContext {
  let body: Promise<Buffer> | undefined;
  const { req, account } = request;
  const rawBody = (limit = server.maxBodyBytes): Promise<Buffer> => (body ??= readBody(req, limit, account));
  return {
    req, res: request.res, store: server.store, caches: server.caches, project: request.project, params: request.params,
    query: request.query, path: request.path, logger: server.logger, maxBodyBytes: server.maxBodyBytes, prices: server.prices,
    now: server.now, stalledRunAfterMs: server.stalledRunAfterMs, rawBody,
    jsonBody: async () => {
      const value = parseJsonBody(req, await rawBody());
      if (exceedsDepth(value, MAX_JSON_DEPTH)) throw new HttpError(400, `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
      return value;
    },
  };
}
