/**
 * Lazy loading of the optional `better-sqlite3` dependency, typed with the small subset the store uses.
 * The SDK core never loads it; only creating a SQLite store does.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { registerModuleCache } from "../../internal/process-state";

/** Result of a write statement. */
export interface RunResult {
  changes: number;
}

/** A prepared statement (the subset of better-sqlite3's `Statement` we use). */
export interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  /** Makes the statement return rows as arrays of column values (in SELECT order). */
  raw(toggle?: boolean): Statement;
  /** Makes the statement return only the first column of each row. */
  pluck(toggle?: boolean): Statement;
}

/** A database connection (the subset of better-sqlite3's `Database` we use). */
export interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): void;
  pragma(sql: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  close(): void;
  readonly open: boolean;
}

type DatabaseConstructor = new (filename: string, options?: { timeout?: number }) => Database;

const MODULE_NAME = "better-sqlite3";
let cached: DatabaseConstructor | undefined;
registerModuleCache("dev-server/sqlite-driver", {
  clear: () => {
    cached = undefined;
  },
  size: () => (cached === undefined ? 0 : 1),
});

/** Thrown when `better-sqlite3` is not installed or its native binding cannot load. */
export class SqliteUnavailableError extends Error {
  override readonly name = "SqliteUnavailableError";
}

/** Requires `better-sqlite3` as seen from the current directory (the user's project). */
function requireFromCwd(): unknown {
  return createRequire(join(process.cwd(), "package.json"))(MODULE_NAME);
}

/**
 * Loads `better-sqlite3` on first use: resolved from this package (dynamic import, works from the ESM and
 * CommonJS builds alike), else from the current directory; throws {@link SqliteUnavailableError} with
 * install advice when neither has it.
 */
export async function loadSqlite(): Promise<DatabaseConstructor> {
  if (cached) return cached;
  let mod: unknown;
  try {
    const name: string = MODULE_NAME;
    mod = await import(name).catch(() => requireFromCwd());
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new SqliteUnavailableError(
      `The HoneyHive dev server stores data with the optional dependency "better-sqlite3", which could not be ` +
        `loaded (${reason}). Install it with "npm install better-sqlite3" (it needs a prebuilt binary or a C++ ` +
        `toolchain for your Node version).`,
    );
  }
  const candidate = (mod as { default?: unknown }).default ?? mod;
  if (typeof candidate !== "function") {
    throw new SqliteUnavailableError(`"better-sqlite3" loaded but does not export a Database constructor.`);
  }
  cached = candidate as DatabaseConstructor;
  return cached;
}
