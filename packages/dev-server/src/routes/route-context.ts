/**
 * What an API route handler gets: the request, this server's store, caches and prices, the authenticated
 * project, and the body readers. The generic router (`http/router.ts`) knows none of these types.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "@honeyhive/core/log/logger";
import type { PriceTable } from "@honeyhive/core/pricing/call-cost";
import type { ProjectRecord } from "../domain/records";
import type { RouteDefinition } from "../http/router";
import type { Store } from "../store/store";
import type { RouteCaches } from "./server-caches";

/** Everything a route handler gets. */
export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly store: Store;
  /** This server's caches (dropped when it closes; never shared with another server). */
  readonly caches: RouteCaches;
  readonly project: ProjectRecord;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The normalised path that matched. */
  readonly path: string;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
  /** Model prices this server costs model events with (built-in table plus the server's `prices`). */
  readonly prices: PriceTable;
  /** The server's clock in Unix ms (`createDevServer({ clock })`, default `Date.now`): read times through it. */
  now(): number;
  /** How long a run that never finished may go without a write before the viewer shows it stalled (ms). */
  readonly stalledRunAfterMs: number;
  /**
   * The decompressed body bytes, read once, within the size limit (`maxBodyBytes`, or `limit` for a route that takes
   * larger bodies) and the server's shared budget of body bytes in flight (503 busy beyond it).
   */
  rawBody(limit?: number): Promise<Buffer>;
  /** The body parsed as JSON (`{}` when empty); 400/413/415 as HttpError. */
  jsonBody(): Promise<unknown>;
}

/** One API route of the dev server. */
export type ApiRoute = RouteDefinition<RouteContext>;

/** The handler of an API route. */
export type ApiRouteHandler = ApiRoute["handler"];
