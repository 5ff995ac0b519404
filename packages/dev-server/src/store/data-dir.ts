/**
 * The data directory: created when missing, checked for writability, and owned by one server at a time
 * through a lock file holding the owner's pid (`honeyhive.lock`). A lock left by a process that no longer
 * runs (killed, crashed) is taken over. Every refusal is one line naming the directory and what to do.
 */
import { accessSync, constants, mkdirSync, openSync, readFileSync, rmdirSync, statSync, unlinkSync, writeSync, closeSync } from "node:fs";
import { dirname, join } from "node:path";

/** The data directory when none is given (relative to the working directory). */
export const DEFAULT_DATA_DIR = ".honeyhive";
/** File name of the database inside the data directory. */
export const DATABASE_FILE = "honeyhive.db";
/** File name of the lock inside the data directory. */
export const LOCK_FILE = "honeyhive.lock";

/** Thrown when the data directory cannot be used (not a directory, read-only, owned by another server). */
export class DataDirError extends Error {
  override readonly name = "DataDirError";
}

/** A held lock; `release()` removes it (idempotent; never throws). */
export interface DataDirLock {
  readonly path: string;
  release(): void;
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EROFS") return "it is on a read-only file system";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOTDIR" || code === "EEXIST") return "a file is in the way (not a directory)";
  if (code === "ENOSPC") return "the disk is full";
  return error instanceof Error ? error.message.split("\n")[0] ?? String(error) : String(error);
}

/**
 * Creates `dir` (and missing parents) when missing and checks that it is a writable directory; throws
 * {@link DataDirError}. Returns the outermost directory it created, or undefined when `dir` existed.
 */
export function ensureWritableDir(dir: string): string | undefined {
  const advice = "choose another --data-dir (dataDir) or use --in-memory";
  try {
    const created = mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    accessSync(dir, constants.W_OK); // EROFS on a read-only mount, even for root
    return created;
  } catch (error) {
    throw new DataDirError(`Cannot use the data directory ${dir}: ${reason(error)}; ${advice}.`);
  }
}

/** True when a process with this pid runs (EPERM: it exists, owned by someone else). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function ownerOf(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, "utf8").trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Takes the lock of `dir`, or throws {@link DataDirError} when another live server holds it. */
export function lockDataDir(dir: string): DataDirLock {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    let created: boolean;
    try {
      created = tryCreate(path);
    } catch (error) {
      throw new DataDirError(`Cannot lock the data directory ${dir}: ${reason(error)}.`);
    }
    if (created) return { path, release: () => release(path) };
    const owner = ownerOf(path);
    if (owner !== undefined && isRunning(owner)) {
      throw new DataDirError(
        `Another dev server (pid ${owner}) is using the data directory ${dir}: stop it or use another --data-dir ` +
          `(if no such server runs, delete ${path}).`,
      );
    }
    try {
      unlinkSync(path); // stale: its process is gone
    } catch {
      // another starter removed it first; try again
    }
  }
  throw new DataDirError(`Cannot lock the data directory ${dir}: another process keeps taking ${path}.`);
}

function release(path: string): void {
  try {
    if (ownerOf(path) === process.pid) unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Removes `files` of `dir` (what a store created for a server whose start then failed). Never throws. */
export function removeFiles(dir: string, files: readonly string[]): void {
  for (const file of files) {
    try {
      unlinkSync(join(dir, file));
    } catch {
      // not there (SQLite removes its -wal and -shm files on close)
    }
  }
}

/**
 * Removes `dir` and its parents up to `outermost` (the directories {@link ensureWritableDir} created), each only when
 * empty. Never throws: a directory with anything in it stays, and so do its parents.
 */
export function removeEmptyDirs(dir: string, outermost: string): void {
  for (let at = dir; ; at = dirname(at)) {
    try {
      rmdirSync(at); // only an empty directory
    } catch {
      return; // not empty, or gone
    }
    if (at === outermost || dirname(at) === at) return;
  }
}
