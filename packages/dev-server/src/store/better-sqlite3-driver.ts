/**
 * The `better-sqlite3` driver: the optional package, loaded lazily on first use. Its `Database` already has
 * the interface the store is written against, so no adapter is needed.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { SqliteUnavailableError, type Database, type SqliteDriver } from "./sqlite-driver";

type DatabaseConstructor = new (filename: string, options?: { timeout?: number }) => Database;

const MODULE_NAME = "better-sqlite3";
let cached: SqliteDriver | undefined;

/** Requires `better-sqlite3` as seen from the current directory (the user's project). */
function requireFromCwd(): unknown {
  return createRequire(join(process.cwd(), "package.json"))(MODULE_NAME);
}

/**
 * Loads `better-sqlite3`: resolved from this package (dynamic import, works from the ESM and CommonJS builds
 * alike), else from the current directory; throws {@link SqliteUnavailableError} with install advice.
 */
export async function loadBetterSqlite3(): Promise<SqliteDriver> {
  if (cached) return cached;
  let mod: unknown;
  try {
    const name: string = MODULE_NAME;
    mod = await import(name).catch(() => requireFromCwd());
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").slice(0, 300);
    throw new SqliteUnavailableError(
      `The HoneyHive dev server stores data with Node's built-in node:sqlite (Node 22.13 or newer) or else the ` +
        `optional dependency "better-sqlite3", which could not be loaded (${reason}). Install it with ` +
        `"npm install better-sqlite3" (it needs a prebuilt binary or a C++ toolchain), or use a newer Node.`,
    );
  }
  const candidate = (mod as { default?: unknown }).default ?? mod;
  if (typeof candidate !== "function") {
    throw new SqliteUnavailableError(`"better-sqlite3" loaded but does not export a Database constructor.`);
  }
  const Ctor = candidate as DatabaseConstructor;
  try {
    new Ctor(":memory:").close(); // the native binding loads here: fail now, with advice, if it cannot
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").slice(0, 300);
    throw new SqliteUnavailableError(
      `"better-sqlite3" is installed but cannot run on Node ${process.versions.node} (${reason}). Rebuild it ` +
        `("npm rebuild better-sqlite3"), or use Node 22.13 or newer, which has node:sqlite built in.`,
    );
  }
  cached = { name: "better-sqlite3", open: (filename, options) => new Ctor(filename, options) };
  return cached;
}
