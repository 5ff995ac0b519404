/**
 * The SQLite driver seam. The store's SQL is written once against the small {@link Database} interface (the
 * subset of better-sqlite3's API it uses); a driver opens a connection with that interface. Two drivers:
 * Node's built-in `node:sqlite` (Node ≥ 22.5, where it loads without a flag) through a thin adapter, and the
 * optional `better-sqlite3` package. `auto` picks the built-in one when the running Node has it
 * (see `load-sqlite-driver.ts`).
 */
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

/** Names of the SQLite drivers. */
export type SqliteDriverName = "node:sqlite" | "better-sqlite3";
/** Which driver to use: a name, or `auto` (node:sqlite where available, else better-sqlite3). */
export type SqliteDriverPreference = SqliteDriverName | "auto";

/** An available driver: opens connections. */
export interface SqliteDriver {
  readonly name: SqliteDriverName;
  /** Opens (creating if needed) the database file, or `:memory:`. */
  open(filename: string, options: { timeout: number }): Database;
}

/** Thrown when no usable SQLite driver can be loaded (or the one asked for is missing). */
export class SqliteUnavailableError extends Error {
  override readonly name = "SqliteUnavailableError";
}
