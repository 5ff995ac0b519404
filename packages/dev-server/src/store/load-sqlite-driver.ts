/**
 * Choosing and loading the SQLite driver at run time: `auto` uses Node's built-in `node:sqlite` where the
 * running Node has it, else the optional `better-sqlite3`.
 */
import { loadBetterSqlite3 } from "./better-sqlite3-driver";
import { loadNodeSqlite } from "./node-sqlite-driver";
import {
  SqliteUnavailableError, type SqliteDriver, type SqliteDriverName, type SqliteDriverPreference,
} from "./sqlite-driver";

/**
 * The driver to load for a preference, given whether the running Node has `node:sqlite`: `auto` means
 * node:sqlite when available, else better-sqlite3; a named driver is used as asked.
 */
export function chooseSqliteDriver(preference: SqliteDriverPreference, nodeSqliteAvailable: boolean): SqliteDriverName {
  if (preference === "auto") return nodeSqliteAvailable ? "node:sqlite" : "better-sqlite3";
  return preference;
}

/** Parses a driver preference (option or `HH_DEV_SERVER_SQLITE`); throws on an unknown name. */
export function parseSqliteDriverPreference(value: string | undefined): SqliteDriverPreference {
  if (value === undefined || value.trim() === "") return "auto";
  const name = value.trim();
  if (name === "auto" || name === "node:sqlite" || name === "better-sqlite3") return name;
  throw new Error(`unknown SQLite driver "${name}": use auto, node:sqlite or better-sqlite3`);
}

/** Loads the driver for `preference`; throws {@link SqliteUnavailableError} with advice when it cannot. */
export async function loadSqliteDriver(preference: SqliteDriverPreference = "auto"): Promise<SqliteDriver> {
  const builtIn = preference === "better-sqlite3" ? undefined : await loadNodeSqlite();
  const name = chooseSqliteDriver(preference, builtIn !== undefined);
  if (name === "better-sqlite3") return loadBetterSqlite3();
  if (!builtIn) {
    throw new SqliteUnavailableError(
      `node:sqlite is not available in Node ${process.versions.node} (it needs Node 22.13 or newer, or 22.5 with ` +
        `--experimental-sqlite): use the better-sqlite3 driver instead.`,
    );
  }
  return builtIn;
}
