/**
 * `@honeyhive/dev-server`: a local HoneyHive-compatible server (OTLP ingest, sessions, events, runs,
 * datasets, results) with embedded SQLite storage, for development and tests.
 *
 * ```ts
 * const server = await createDevServer({ port: 0, inMemory: true });
 * // HH_API_URL = server.url, HH_API_KEY = any non-empty string
 * await server.close();
 * ```
 *
 * @module @honeyhive/dev-server
 */
export { createDevServer, type DevServer } from "./server";
export {
  resolveDevServerOptions, isLoopbackHost, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_STALLED_RUN_MS,
  type DevServerOptions, type ResolvedDevServerOptions,
} from "./options";
export {
  createRequestHandler, type DevServerRequestHandler, type RequestHandlerOptions, type StaticHandler,
} from "./request-handler";
/** Model prices for `createDevServer({ prices })` (US dollars per million tokens; see the Cost page, docs/guide/cost.md). */
export type { PriceOverrides, PriceTable } from "@honeyhive/core/pricing/call-cost";
export type { ModelPrice } from "@honeyhive/core/pricing/model-prices";
export { MODEL_PRICES_REVISED } from "@honeyhive/core/pricing/model-prices";
export { modelHasPrice, modelCallCost, type ModelCallForCost } from "./model-priced";
export { createAuthenticator, keyTable, hashKey, type ApiKeyConfig, type Authenticator } from "./routes/auth";
export { openSqliteStore, DATABASE_FILE, type SqliteStoreOptions } from "./store/sqlite-store";
export {
  SqliteUnavailableError, type SqliteDriver, type SqliteDriverName, type SqliteDriverPreference,
} from "./store/sqlite-driver";
export { chooseSqliteDriver, loadSqliteDriver, parseSqliteDriverPreference } from "./store/load-sqlite-driver";
export { DataDirError, LOCK_FILE } from "./store/data-dir";
export { IncompatibleDataError } from "./store/sqlite-schema";
export type { Store, Updater } from "./store/store";
export type {
  DatapointRecord, DatasetRecord, EventBatch, EventObjectField, EventPage, EventQuery, EventRecord, EventTextRecord, EventWhere, EventWrite,
  MetricEventRow, ProjectRecord, RunPage, RunQuery, RunRecord,
} from "./domain/records";
export { BinaryReply } from "./http/router";
export type { ApiRoute as RouteDefinition, ApiRouteHandler as RouteHandler, RouteContext } from "./routes/route-context";
export { HttpError } from "./http/http-error";
export type { RouteCache, RouteCaches } from "./routes/server-caches";
