/**
 * Options of `createDevServer` and their validation: a non-loopback host needs `allowRemote: true` and
 * an explicit API key list, so a dev server is never exposed without authentication by accident.
 */
import type { Logger } from "@honeyhive/core/log/logger";
import { unknownKeyMessage, unknownKeys } from "@honeyhive/core/text/closest-key";
import { isLoopbackHost } from "@honeyhive/core/net/loopback";
import type { PriceOverrides, PriceTable } from "@honeyhive/core/pricing/call-cost";
import type { ApiKeyConfig } from "./routes/auth";
import { priceTableFrom, readPriceOverrides } from "./price-overrides";
import type { ApiRoute } from "./routes/route-context";
import type { StaticHandler } from "./http/static-handler";
import { OWNER_STALE_MS } from "@honeyhive/core/process/owner-record";
import { DEFAULT_DATA_DIR } from "./store/data-dir";
import { parseSqliteDriverPreference } from "./store/load-sqlite-driver";
import type { SqliteDriverPreference } from "./store/sqlite-driver";
import { DEFAULT_STALLED_RUN_MS } from "./viewer/server/run-stalled";

/** Options of `createDevServer`. */
export interface DevServerOptions {
  /** TCP port; 0 (the default) picks a free port. */
  port?: number;
  /** Interface to bind; default "127.0.0.1". A non-loopback host needs `allowRemote` and `apiKeys`. */
  host?: string;
  /** Directory of `honeyhive.db`; default `./.honeyhive`. */
  dataDir?: string;
  /** Keep data in memory only (nothing written to disk). */
  inMemory?: boolean;
  /**
   * SQLite driver: `auto` (default) uses Node's built-in `node:sqlite` where the running Node has it, else the
   * optional `better-sqlite3`. Default from the `HH_DEV_SERVER_SQLITE` environment variable, else `auto`.
   */
  sqliteDriver?: SqliteDriverPreference;
  /**
   * Accepted API keys: a list (each key its own project) or a map key → project name, where keys mapped to one name
   * share that project — a project key with its ingestion key (`hh_ingst_...`) and data plane key (`hh_fgdp_...`), as
   * HoneyHive issues them. Each key reaches the routes of its kind: an ingestion key only those that send traces and
   * events, a data plane key only the project-scoped ones (`/v1/projects/{project_id}/...`); another route answers 403.
   * Without it, any non-empty bearer token is accepted and each distinct token gets its own project.
   */
  apiKeys?: ApiKeyConfig;
  /** Required to bind a non-loopback host. */
  allowRemote?: boolean;
  /**
   * Host names accepted in the `Host`/`Origin` headers besides the bound address and loopback names on the
   * bound port: `name` (any port) or `name:port`, e.g. a reverse proxy's name. Any other Host gets 403
   * (protection against DNS rebinding).
   */
  allowedHosts?: readonly string[];
  /**
   * How long a data directory's lock may go without a refresh before another server may take the directory over
   * (its owner is taken as stuck: paused by Ctrl-Z or `docker pause`). Default from `HH_DEV_SERVER_LOCK_STALE_MS`,
   * else 30 s. The owner refreshes it every 5 s, or every third of this interval when shorter.
   */
  lockStaleMs?: number;
  /**
   * Most bytes the database file may grow to; a write beyond gets 507 `disk full: …`, as on a full disk. Default
   * from `HH_DEV_SERVER_MAX_DB_BYTES`, else no bound but the disk's.
   */
  maxDatabaseBytes?: number;
  /** Largest accepted request body, before and after gzip decompression; default 10 MB. */
  maxBodyBytes?: number;
  /** Requests handled at once before new ones get 503 `{"error":"busy"}`; default 64. */
  maxConcurrentRequests?: number;
  /** Body bytes all in-flight requests may hold together before new bodies get 503 busy; default max(64 MB, 4 × maxBodyBytes). */
  maxBufferedBytes?: number;
  /** How long `close()` waits for in-flight requests before cutting their connections; default 10 s. */
  closeGraceMs?: number;
  /** Where log lines go; default: the SDK logger on stderr (warnings and errors only). */
  logger?: Logger;
  /** Serves non-API GET requests (e.g. the viewer's `/` and `/assets/*`). */
  staticHandler?: StaticHandler;
  /** Extra authenticated API routes. */
  routes?: readonly ApiRoute[];
  /**
   * Model prices (US dollars per million tokens) added to, or replacing entries of, the built-in price table:
   * provider → model → `{input, output, cacheRead?, cacheWrite?, reasoning?}`. Default: read from the JSON file
   * named by the `HH_DEV_SERVER_PRICES` environment variable, else none (built-in prices only).
   */
  prices?: PriceOverrides;
  /**
   * How long (ms) a run that never finished (status `pending` or `running`) may go without a write before the viewer
   * shows it as stalled (its client stopped before completing it) rather than in progress. Default from the
   * `HH_DEV_SERVER_STALLED_RUN_MS` environment variable, else 10 minutes ({@link DEFAULT_STALLED_RUN_MS}).
   */
  stalledRunAfterMs?: number;
  /** The server's clock in Unix milliseconds (stored times, the viewer's stalled runs); default `Date.now`. For tests. */
  clock?: () => number;
}

/** Every key of {@link DevServerOptions}: any other key is an error naming the closest one. */
const OPTION_KEYS = [
  "port", "host", "dataDir", "inMemory", "sqliteDriver", "apiKeys", "allowRemote", "allowedHosts", "maxBodyBytes",
  "maxConcurrentRequests", "maxBufferedBytes", "closeGraceMs", "logger", "staticHandler", "routes", "prices",
  "stalledRunAfterMs", "clock", "lockStaleMs", "maxDatabaseBytes",
] as const satisfies readonly (keyof DevServerOptions)[];
/** Compiles only while {@link OPTION_KEYS} lists every option. */
const EVERY_OPTION_LISTED: Exclude<keyof DevServerOptions, (typeof OPTION_KEYS)[number]> extends never ? true : never = true;
void EVERY_OPTION_LISTED;

/** Options with defaults applied. */
export interface ResolvedDevServerOptions {
  port: number;
  host: string;
  dataDir: string;
  inMemory: boolean;
  sqliteDriver: SqliteDriverPreference;
  apiKeys: ApiKeyConfig | undefined;
  allowedHosts: readonly string[];
  maxBodyBytes: number;
  maxConcurrentRequests: number;
  maxBufferedBytes: number;
  closeGraceMs: number;
  /** The price table model events are costed with. */
  prices: PriceTable;
  /** How long a run that never finished may go without a write before the viewer shows it stalled. */
  stalledRunAfterMs: number;
  /** Staleness interval of the data directory lock. */
  lockStaleMs: number;
  /** Bound of the database file's size; undefined: none. */
  maxDatabaseBytes: number | undefined;
  /** The server's clock (Unix ms). */
  clock: () => number;
}

/** Default body limit: 10 MB. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Default grace period of `close()` for in-flight requests. */
const DEFAULT_CLOSE_GRACE_MS = 10_000;
/** Default concurrency bound. */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 64;

export { isLoopbackHost, DEFAULT_STALLED_RUN_MS };

function hasKeys(keys: ApiKeyConfig | undefined): boolean {
  if (keys === undefined) return false;
  return Array.isArray(keys) ? keys.length > 0 : Object.keys(keys).length > 0;
}

function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

function allowedHosts(value: readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((h) => typeof h !== "string" || h.trim() === "")) {
    throw new Error("allowedHosts must be a list of host names (name or name:port)");
  }
  return value.map((h: string) => h.trim());
}

function resolvePrices(prices: PriceOverrides | undefined): PriceTable {
  if (prices !== undefined) return priceTableFrom(prices, "prices");
  const file = process.env.HH_DEV_SERVER_PRICES?.trim();
  return priceTableFrom(file ? readPriceOverrides(file) : undefined, file ? `prices file ${file} (HH_DEV_SERVER_PRICES)` : "prices");
}

/** `value` (named `name`) > the environment variable `envName` > `fallback`: a positive integer, else a clear Error. */
function positiveOrEnv<F extends number | undefined>(value: number | undefined, name: string, envName: string, fallback: F): number | F {
  if (value !== undefined) return positive(value, name, 1);
  const env = process.env[envName]?.trim();
  if (!env) return fallback;
  const number = Number(env);
  if (!Number.isInteger(number) || number < 1) throw new Error(`${envName} must be a positive integer, got "${env}"`);
  return number;
}

function resolveClock(clock: (() => number) | undefined): () => number {
  if (clock === undefined) return Date.now;
  if (typeof clock !== "function") throw new TypeError("clock must be a function returning Unix milliseconds");
  return clock;
}

/** Validates options and applies defaults; throws a clear Error on an unsafe or invalid configuration. */
export function resolveDevServerOptions(options: DevServerOptions): ResolvedDevServerOptions {
  const unknown = unknownKeys(options, OPTION_KEYS);
  if (unknown.length > 0) throw new TypeError(`createDevServer: ${unknownKeyMessage(unknown[0]!, OPTION_KEYS)}`);
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port must be an integer in 0..65535`);
  if (!isLoopbackHost(host)) {
    if (options.allowRemote !== true) {
      throw new Error(
        `Refusing to bind the dev server to non-loopback host "${host}": pass allowRemote: true (--allow-remote) ` +
          `and an explicit API key list to expose it on the network.`,
      );
    }
    if (!hasKeys(options.apiKeys)) {
      throw new Error(`A dev server on non-loopback host "${host}" needs an explicit apiKeys list (--api-key).`);
    }
  }
  const maxBodyBytes = positive(options.maxBodyBytes, "maxBodyBytes", DEFAULT_MAX_BODY_BYTES);
  return {
    port,
    host,
    dataDir: options.dataDir ?? DEFAULT_DATA_DIR,
    inMemory: options.inMemory === true,
    sqliteDriver: parseSqliteDriverPreference(options.sqliteDriver ?? process.env.HH_DEV_SERVER_SQLITE),
    apiKeys: options.apiKeys,
    allowedHosts: allowedHosts(options.allowedHosts),
    maxBodyBytes,
    maxConcurrentRequests: positive(options.maxConcurrentRequests, "maxConcurrentRequests", DEFAULT_MAX_CONCURRENT_REQUESTS),
    maxBufferedBytes: positive(options.maxBufferedBytes, "maxBufferedBytes", Math.max(64 * 1024 * 1024, 4 * maxBodyBytes)),
    closeGraceMs: positive(options.closeGraceMs, "closeGraceMs", DEFAULT_CLOSE_GRACE_MS),
    prices: resolvePrices(options.prices),
    stalledRunAfterMs: positiveOrEnv(options.stalledRunAfterMs, "stalledRunAfterMs", "HH_DEV_SERVER_STALLED_RUN_MS", DEFAULT_STALLED_RUN_MS),
    lockStaleMs: positiveOrEnv(options.lockStaleMs, "lockStaleMs", "HH_DEV_SERVER_LOCK_STALE_MS", OWNER_STALE_MS),
    maxDatabaseBytes: positiveOrEnv(options.maxDatabaseBytes, "maxDatabaseBytes", "HH_DEV_SERVER_MAX_DB_BYTES", undefined),
    clock: resolveClock(options.clock),
  };
}
