/**
 * The data directory: created when missing, checked for writability, and owned by one server at a time
 * through a lock file (`honeyhive.lock`) naming the owner's pid and start token, refreshed by the owner while it runs.
 * A lock its writer no longer holds is taken over, by core's owner rule (`@honeyhive/core/process/owner-record`): its
 * process is gone, or it names this process's pid but an earlier start (a container restarted after `kill -9` gets
 * its pid back), or nobody refreshed it for 30 s (its pid now belongs to another process). Every refusal is one line
 * naming the directory and what to do. Decision record: docs/decisions/0032-data-dir-lock-owner.md.
 */
import { accessSync, constants, mkdirSync, openSync, readFileSync, rmdirSync, statSync, unlinkSync, utimesSync, writeSync, closeSync } from "node:fs";
import { dirname, join } from "node:path";
import { OWNER_HEARTBEAT_MS, OWNER_STALE_MS, ownerState, processStartToken, type OwnerMark } from "@honeyhive/core/process/owner-record";

/** The data directory when none is given (relative to the working directory). */
export const DEFAULT_DATA_DIR = ".honeyhive";
/** File name of the database inside the data directory. */
export const DATABASE_FILE = "honeyhive.db";
/** File name of the lock inside the data directory. */
export const LOCK_FILE = "honeyhive.lock";

/** Thrown when the data directory cannot be used (not a directory, read-only, owned by another server). */
export class DataDirError extends Error {
  override readonly name: string = "DataDirError";
}

/**
 * Thrown by every write of a server that lost its data directory's lock to another server (it was paused, say by
 * Ctrl-Z or `docker pause`, for longer than the staleness interval, and another server took the directory over).
 */
export class DataDirLostError extends DataDirError {
  override readonly name = "DataDirLostError";
}

/** A held lock; `release()` removes it (idempotent; never throws). */
export interface DataDirLock {
  readonly path: string;
  /**
   * Throws {@link DataDirLostError} once the lock is another process's. Checks the lock file again when it was last
   * checked more than a heartbeat ago (so the first write after a pause checks, before the heartbeat catches up).
   */
  assertHeld(): void;
  release(): void;
}

/** Options of {@link lockDataDir}. */
export interface LockOptions {
  /** Hears once, with the message writes get, that the lock was lost to another process. */
  onLost?: (message: string) => void;
  /** How long a lock may go unrefreshed before it is taken over; default `OWNER_STALE_MS` (30 s). */
  staleMs?: number;
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
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The writer the lock names (`<pid>\n<start token>\n`; older versions wrote the pid alone), and its age. */
function ownerOf(path: string): (OwnerMark & { ageMs: number }) | undefined {
  try {
    const [pidText, token] = readFileSync(path, "utf8").split("\n");
    const pid = Number(pidText?.trim());
    const ageMs = Date.now() - statSync(path).mtimeMs;
    return Number.isSafeInteger(pid) && pid > 0 ? { pid, token: token?.trim() || undefined, ageMs } : undefined;
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
    writeSync(fd, `${process.pid}\n${processStartToken()}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Takes the lock of `dir`, or throws {@link DataDirError} when another live server holds it. `onLost` hears once that
 * the lock was lost to another process (see {@link DataDirLock.assertHeld}).
 */
export function lockDataDir(dir: string, options: LockOptions = {}): DataDirLock {
  const staleMs = options.staleMs ?? OWNER_STALE_MS;
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    let created: boolean;
    try {
      created = tryCreate(path);
    } catch (error) {
      throw new DataDirError(`Cannot lock the data directory ${dir}: ${reason(error)}.`);
    }
    if (created) return held(dir, path, Math.min(OWNER_HEARTBEAT_MS, Math.floor(staleMs / 3)), options.onLost);
    const owner = ownerOf(path);
    if (owner !== undefined && ownerState(owner, owner.ageMs, { pid: process.pid, isProcessAlive, staleMs }) === "held") {
      throw new DataDirError(
        `Another dev server (pid ${owner.pid}) is using the data directory ${dir}: stop it or use another --data-dir ` +
          `(if no such server runs, delete ${path}).`,
      );
    }
    try {
      unlinkSync(path); // stale: its writer is gone, or an earlier process with this pid, or nobody refreshes it
    } catch {
      // another starter removed it first; try again
    }
  }
  throw new DataDirError(`Cannot lock the data directory ${dir}: another process keeps taking ${path}.`);
}

/**
 * The lock just created at `path`: checked and refreshed every few seconds (so other starters see it held) until
 * released. A lock file that names another process is lost for good; one removed by hand is created again.
 */
function held(dir: string, path: string, heartbeatMs: number, onLost: (message: string) => void = () => undefined): DataDirLock {
  let lostTo: string | undefined;
  let checkedAt = Date.now();
  const check = (): void => {
    checkedAt = Date.now();
    if (lostTo !== undefined) return;
    const owner = ownerOf(path) ?? (recreate(path) ? undefined : ownerOf(path));
    if (owner === undefined || (owner.pid === process.pid && owner.token === processStartToken())) return refresh(path);
    lostTo = `This dev server lost the data directory ${dir} to another server (pid ${owner.pid}) while it was paused or ` +
      `stalled; it no longer writes there (reads still work): stop it and use the other server.`;
    clearInterval(heartbeat);
    onLost(lostTo);
  };
  const heartbeat = setInterval(check, heartbeatMs);
  heartbeat.unref();
  return {
    path,
    assertHeld: () => {
      if (lostTo === undefined && Date.now() - checkedAt > heartbeatMs) check();
      if (lostTo !== undefined) throw new DataDirLostError(lostTo);
    },
    release: () => {
      clearInterval(heartbeat);
      if (lostTo === undefined) release(path);
    },
  };
}

/** Creates the lock file again after it was removed by hand; false when another process created it first. */
function recreate(path: string): boolean {
  try {
    return tryCreate(path);
  } catch {
    return true; // the directory is unusable: nothing to refresh, no other owner either
  }
}

function refresh(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // removed meanwhile; the next check creates it again
  }
}

function release(path: string): void {
  try {
    const owner = ownerOf(path);
    if (owner?.pid === process.pid && owner.token === processStartToken()) unlinkSync(path);
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
