/**
 * The `node:sqlite` driver: a thin adapter from Node's built-in `DatabaseSync` to the {@link Database}
 * interface the store's SQL is written against. What differs from better-sqlite3 and is bridged here:
 * parameters (an array is spread into positional ones; named-parameter objects are narrowed to the names the
 * statement uses, as node:sqlite refuses unknown ones; undefined binds NULL), `raw()`/`pluck()` (rows are
 * reshaped), `iterate()` (falls back to `all()` on Node versions without it), `pragma()` and nested
 * `transaction()` (BEGIN/COMMIT, savepoints inside).
 */
import type { Database, RunResult, SqliteDriver, Statement } from "./sqlite-driver";

/** The part of node:sqlite's `StatementSync` the adapter uses. */
interface NodeStatementSync {
  run(...params: unknown[]): { changes: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate?(...params: unknown[]): IterableIterator<unknown>;
}

/** The part of node:sqlite's `DatabaseSync` the adapter uses. */
interface NodeDatabaseSync {
  prepare(sql: string): NodeStatementSync;
  exec(sql: string): void;
  close(): void;
}

type NodeDatabaseConstructor = new (filename: string, options?: { timeout?: number }) => NodeDatabaseSync;

/** Names of the `@name` / `:name` / `$name` parameters in `sql`. */
export function namedParameters(sql: string): Set<string> {
  const names = new Set<string>();
  for (const match of sql.matchAll(/[@:$]([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(match[1] as string);
  return names;
}

function bindable(value: unknown): unknown {
  return value === undefined ? null : value;
}

/** better-sqlite3-style arguments → node:sqlite arguments. */
export function adaptParams(args: readonly unknown[], names: ReadonlySet<string>): unknown[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const first = list[0];
  if (list.length === 1 && first !== null && typeof first === "object" && !(first instanceof Uint8Array)) {
    const named: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(first)) if (names.has(key)) named[key] = bindable(value);
    return [named];
  }
  return list.map(bindable);
}

class AdaptedStatement implements Statement {
  private mode: "object" | "raw" | "pluck" = "object";
  private readonly names: Set<string>;

  constructor(private readonly inner: NodeStatementSync, sql: string) {
    this.names = namedParameters(sql);
  }

  run(...params: unknown[]): RunResult {
    return { changes: Number(this.inner.run(...adaptParams(params, this.names)).changes) };
  }

  get(...params: unknown[]): unknown {
    const row = this.inner.get(...adaptParams(params, this.names));
    return row === undefined ? undefined : this.shape(row);
  }

  all(...params: unknown[]): unknown[] {
    return this.inner.all(...adaptParams(params, this.names)).map((row) => this.shape(row));
  }

  *iterate(...params: unknown[]): IterableIterator<unknown> {
    const args = adaptParams(params, this.names);
    const rows = this.inner.iterate ? this.inner.iterate(...args) : this.inner.all(...args);
    for (const row of rows) yield this.shape(row);
  }

  raw(toggle = true): Statement {
    this.mode = toggle ? "raw" : "object";
    return this;
  }

  pluck(toggle = true): Statement {
    this.mode = toggle ? "pluck" : "object";
    return this;
  }

  private shape(row: unknown): unknown {
    if (this.mode === "object") return row;
    const values = Object.values(row as Record<string, unknown>);
    return this.mode === "raw" ? values : values[0];
  }
}

/** Wraps a node:sqlite connection into the store's {@link Database} interface. */
function adaptNodeDatabase(db: NodeDatabaseSync): Database {
  let open = true;
  let depth = 0;
  return {
    get open() {
      return open;
    },
    prepare: (sql) => new AdaptedStatement(db.prepare(sql), sql),
    exec: (sql) => db.exec(sql),
    pragma(sql, options) {
      const rows = db.prepare(`PRAGMA ${sql}`).all() as Record<string, unknown>[];
      if (!options?.simple) return rows;
      const first = rows[0];
      return first === undefined ? undefined : Object.values(first)[0];
    },
    transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
      return (...args: A): R => {
        const savepoint = `hh_sp_${depth}`;
        db.exec(depth === 0 ? "BEGIN" : `SAVEPOINT ${savepoint}`);
        depth += 1;
        let result: R;
        try {
          result = fn(...args);
        } catch (error) {
          depth -= 1;
          db.exec(depth === 0 ? "ROLLBACK" : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
          throw error;
        }
        depth -= 1;
        try {
          db.exec(depth === 0 ? "COMMIT" : `RELEASE ${savepoint}`);
        } catch (error) {
          if (depth === 0) db.exec("ROLLBACK");
          throw error;
        }
        return result;
      };
    },
    close() {
      if (!open) return;
      open = false;
      db.close();
    },
  };
}

/** Whether a `process.emitWarning` call is Node's "SQLite is an experimental feature" warning. */
export function isSqliteExperimentalWarning(warning: unknown, typeOrOptions: unknown): boolean {
  const message = typeof warning === "string" ? warning : warning instanceof Error ? warning.message : "";
  const type = typeof typeOrOptions === "string" ? typeOrOptions
    : warning instanceof Error ? warning.name : (typeOrOptions as { type?: unknown } | undefined)?.type;
  return type === "ExperimentalWarning" && /\bSQLite\b/.test(message);
}

/**
 * Imports `node:sqlite` without Node's one-time ExperimentalWarning on stderr (the dev server's stderr promises
 * one line per failure; the driver choice is reported through the store instead). Only that warning is dropped,
 * only while the import runs; every other warning passes through.
 */
async function importNodeSqlite(): Promise<{ DatabaseSync?: unknown }> {
  const original = process.emitWarning;
  const filtered = function (this: unknown, warning: unknown, ...rest: unknown[]): void {
    if (isSqliteExperimentalWarning(warning, rest[0])) return;
    (original as (...args: unknown[]) => void).call(process, warning, ...rest);
  };
  process.emitWarning = filtered as typeof process.emitWarning;
  try {
    const name: string = "node:sqlite";
    return (await import(name)) as { DatabaseSync?: unknown };
  } finally {
    if (process.emitWarning === filtered) process.emitWarning = original;
  }
}

/** Loads `node:sqlite` when the running Node has it (without a flag); undefined otherwise. */
export async function loadNodeSqlite(): Promise<SqliteDriver | undefined> {
  let mod: { DatabaseSync?: unknown };
  try {
    mod = await importNodeSqlite();
  } catch {
    return undefined;
  }
  if (typeof mod.DatabaseSync !== "function") return undefined;
  const DatabaseSync = mod.DatabaseSync as NodeDatabaseConstructor;
  return {
    name: "node:sqlite",
    open: (filename, options) => adaptNodeDatabase(new DatabaseSync(filename, { timeout: options.timeout })),
  };
}
