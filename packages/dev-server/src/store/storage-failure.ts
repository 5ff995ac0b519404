/**
 * Storage failures a client must hear about as such, not as `500 internal error`: a full disk (or a database at its
 * `maxDatabaseBytes`) is 507 `disk full: …`; a server that lost its data directory to another server is 503.
 */
import { HttpError } from "../http/http-error";
import { DataDirLostError } from "./data-dir";

/** SQLite's result code SQLITE_FULL ("database or disk is full"), as node:sqlite reports it in `errcode`. */
const SQLITE_FULL = 13;

/** True for a full disk or a full database: SQLITE_FULL from either driver, or a file system's ENOSPC. */
export function isDiskFull(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, errcode } = error as { code?: unknown; errcode?: unknown };
  return code === "SQLITE_FULL" || code === "ENOSPC" || (typeof errcode === "number" && (errcode & 0xff) === SQLITE_FULL);
}

/** The HTTP answer of a storage failure (`location`: the database file), or undefined for any other error. */
export function storageFailureOf(error: unknown, location: string): HttpError | undefined {
  if (error instanceof DataDirLostError) return new HttpError(503, error.message);
  if (isDiskFull(error)) {
    return new HttpError(507, `disk full: the database ${location} cannot grow (the disk, or its maxDatabaseBytes, is full): free space and send again`);
  }
  return undefined;
}
