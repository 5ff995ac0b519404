/**
 * {@link Store} on SQLite (WAL mode) through either driver (node:sqlite or better-sqlite3; one SQL for both).
 * Data lives in `<dataDir>/honeyhive.db`, or in memory. Both drivers are synchronous, so every method runs to
 * completion (and commits) before it resolves.
 */
import { join, resolve } from "node:path";
import { existsSync } from "node:fs";
import {
  DATABASE_FILE, DataDirError, DEFAULT_DATA_DIR, ensureWritableDir, lockDataDir, removeEmptyDirs, removeFiles, type DataDirLock,
} from "./data-dir";
import type { Database, SqliteDriverPreference } from "./sqlite-driver";
import { loadSqliteDriver } from "./load-sqlite-driver";
import { IncompatibleDataError, prepareDatabase } from "./sqlite-schema";
import { SqliteEvents } from "./sqlite-events";
import { SqliteRuns } from "./sqlite-runs";
import { SqliteDatasets } from "./sqlite-datasets";
import { SqliteAttachments } from "./sqlite-attachments";
import { SqliteConfigurations } from "./sqlite-configurations";
import { SqliteProjects } from "./sqlite-projects";
import { SqliteGroupRecords } from "./sqlite-records";
import type { Store } from "./store";

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** Directory of `honeyhive.db` (created when missing). Ignored with `inMemory`. */
  dataDir?: string;
  /** Keep everything in memory (lost on close). */
  inMemory?: boolean;
  /** SQLite driver; default `auto`: Node's built-in node:sqlite where available, else better-sqlite3. */
  driver?: SqliteDriverPreference;
  /**
   * Hears once that another server took the data directory over (this one was paused past the lock's staleness
   * interval); from then on every write rejects with `DataDirLostError`, reads still work.
   */
  onLockLost?: (message: string) => void;
  /** How long the data directory's lock may go unrefreshed before another server may take it; default 30 s. */
  lockStaleMs?: number;
  /** Most bytes the database file may grow to (SQLite's `max_page_count`); a write beyond fails with SQLITE_FULL. */
  maxDatabaseBytes?: number;
}

export { DATABASE_FILE } from "./data-dir";

/**
 * Opens (creating if needed) a SQLite-backed {@link Store}. Loads better-sqlite3 lazily. A data directory is
 * locked for this store until it closes; refusals (read-only, locked by another server, written by a newer
 * version) are one-line errors that leave the directory as it was.
 */
export function openSqliteStore(options: SqliteStoreOptions = {}): Promise<Store> {
  return openDiscardableStore(options);
}

/** A {@link Store} that can also be discarded: the dev server's own start uses it (not published). */
export interface DiscardableStore extends Store {
  /**
   * Closes the store and removes what opening it created: a new database file, new (then empty) directories. For
   * a server whose start failed after the store opened (a port in use), so the directory is left as it was.
   * Idempotent; after `close()` it does nothing.
   */
  discard(): Promise<void>;
}

/** {@link openSqliteStore}, with {@link DiscardableStore.discard}. */
export async function openDiscardableStore(options: SqliteStoreOptions = {}): Promise<DiscardableStore> {
  const driver = await loadSqliteDriver(options.driver ?? "auto");
  const inMemory = options.inMemory === true;
  if (inMemory) {
    return createSqliteStore(openDatabase(() => driver.open(":memory:", { timeout: 5000 }), ":memory:", true, options.maxDatabaseBytes), ":memory:", driver.name);
  }
  const dir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const outermostDir = ensureWritableDir(dir);
  const lock = lockDataDir(dir, { onLost: options.onLockLost, staleMs: options.lockStaleMs });
  const location = join(dir, DATABASE_FILE);
  const created: Created = { dir, database: !existsSync(location), outermostDir };
  try {
    const db = openDatabase(() => driver.open(location, { timeout: 5000 }), location, false, options.maxDatabaseBytes);
    return createSqliteStore(db, location, driver.name, lock, created);
  } catch (error) {
    takeBack(created, lock);
    throw error;
  }
}

/** What opening a file-backed store created in its data directory. */
interface Created {
  readonly dir: string;
  /** The database file did not exist before. */
  readonly database: boolean;
  /** The outermost directory created for the data directory (itself or a parent), if any. */
  readonly outermostDir: string | undefined;
}

const DATABASE_FILES = [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`];

/**
 * Removes what opening created (the database files while the lock is still held, so no other server can have
 * opened them), releases the lock, then removes the directories opening created, each if it is empty.
 */
function takeBack(created: Created, lock: DataDirLock): void {
  if (created.database) removeFiles(created.dir, DATABASE_FILES);
  lock.release();
  if (created.outermostDir !== undefined) removeEmptyDirs(created.dir, created.outermostDir);
}

/** Opens and prepares the database; errors other than our own refusals become one line naming the file. */
function openDatabase(open: () => Database, location: string, inMemory: boolean, maxBytes: number | undefined): Database {
  let db: Database | undefined;
  try {
    db = open();
    prepareDatabase(db, inMemory, location);
    if (maxBytes !== undefined) db.pragma(`max_page_count = ${Math.max(1, Math.floor(maxBytes / Number(db.pragma("page_size", { simple: true }))))}`);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof IncompatibleDataError) throw error;
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new DataDirError(`Cannot open the database ${location}: ${message}.`);
  }
}

/** Runs a synchronous store operation as a promise, refused once the store is closed. */
function guarded(isClosed: () => boolean): <T>(fn: () => T) => Promise<T> {
  return <T>(fn: () => T): Promise<T> => {
    try {
      if (isClosed()) throw new Error("the store is closed");
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/** Closes the database: checkpoints the WAL (a busy checkpoint is replayed on next open). */
function closeDatabase(db: Database, location: string): void {
  try {
    if (location !== ":memory:") db.pragma("wal_checkpoint(TRUNCATE)");
  } catch {
    // a busy checkpoint is not an error: the WAL is replayed on next open
  }
  db.close();
}

type Runner = <T>(fn: () => T) => Promise<T>;
type RecordStoreParts = Pick<Store, "listRecords" | "getRecord" | "putRecord" | "updateRecord" | "upsertRecord" | "deleteRecord" | "putAttachment" | "getAttachment" | "configurations">;

/** The parts of the Store API over the 1.x group records, attachments and configurations (writes through `write`). */
function recordStoreParts(db: Database, run: Runner, write: Runner): RecordStoreParts {
  const records = new SqliteGroupRecords(db);
  const attachments = new SqliteAttachments(db);
  return {
    listRecords: (p, kind) => run(() => records.list(p, kind)),
    getRecord: (p, kind, id) => run(() => records.get(p, kind, id)),
    putRecord: (p, kind, record) => write(() => records.save(p, kind, record)),
    updateRecord: (p, kind, id, fn) => write(() => records.update(p, kind, id, fn)),
    upsertRecord: (p, kind, id, fn) => write(() => records.upsert(p, kind, id, fn)),
    deleteRecord: (p, kind, id) => write(() => records.delete(p, kind, id)),
    putAttachment: (p, a) => write(() => attachments.put(p, a)),
    getAttachment: (p, sha256) => run(() => attachments.get(p, sha256)),
    configurations: new SqliteConfigurations(db).store(run, write),
  };
}

/** Builds the parts (projects, events, runs, datasets), then one object delegating the Store API to them. */
function createSqliteStore(db: Database, location: string, driver: string, lock?: DataDirLock, created?: Created): DiscardableStore {
  const projects = new SqliteProjects(db);
  const events = new SqliteEvents(db);
  const runs = new SqliteRuns(db);
  const datasets = new SqliteDatasets(db);
  const pk = (projectId: string): number => projects.pk(projectId);
  let closed = false;
  const run = guarded(() => closed);
  const assertHeld = (): void => lock?.assertHeld();
  /** A write: refused (DataDirLostError) once another server owns the data directory. */
  const write = <T>(fn: () => T): Promise<T> => run(() => (assertHeld(), fn()));
  /** Closes once; releases the lock, after taking back what opening created when `discard`. */
  const shutDown = (discard: boolean): Promise<void> => {
    if (closed) return Promise.resolve();
    closed = true;
    closeDatabase(db, location);
    return Promise.resolve(discard && created && lock ? takeBack(created, lock) : lock?.release());
  };
  return {
    location,
    driver,
    projectForKey: (keyHash, name) => run(() => projects.forKey(keyHash, name, assertHeld)),
    writeEvents: (p, batch) =>
      write(() => {
        const key = pk(p);
        if (key < 0) throw new Error(`unknown project ${p}`);
        return events.write(key, batch);
      }),
    getEvent: (p, id, options) => run(() => events.get(pk(p), id, options?.children !== false)),
    updateEvent: (p, id, fn) => write(() => events.updateOne(pk(p), id, fn)),
    queryEvents: (p, q) => run(() => events.query(pk(p), q)),
    queryEventTexts: (p, q) => run(() => events.queryTexts(pk(p), q)),
    sessionEventTexts: (p, sessionId, keep) => run(() => events.sessionTexts(pk(p), sessionId, keep)),
    sessionTreeRows: (p, sessionId, limit) => run(() => events.treeRowsFor(pk(p), sessionId, limit)),
    runMetricRows: (p, runId, sessionIds) => run(() => events.metricRowsFor(pk(p), runId, sessionIds)),
    runLastEventTime: (p, runId, sessionIds) => run(() => events.lastEventTimeFor(pk(p), runId, sessionIds)),
    metricNames: (p, runIds) => run(() => events.metricNamesFor(pk(p), runIds)),
    dataPresence: (p) => run(() => events.presenceFor(pk(p))),
    createRun: (p, r) => write(() => runs.create(p, r)),
    getRun: (p, id) => run(() => runs.get(p, id)),
    updateRun: (p, id, fn) => write(() => runs.update(p, id, fn)),
    listRuns: (p, q) => run(() => runs.list(p, q)),
    deleteRun: (p, id) => write(() => runs.delete(p, id)),
    createDataset: (p, d) => write(() => (datasets.saveDataset(p, d), d)),
    getDataset: (p, id) => run(() => datasets.dataset(p, id)),
    hasDataset: (p, id) => run(() => datasets.hasDataset(p, id)),
    listDatasets: (p, f) => run(() => datasets.datasets(p, f)),
    updateDataset: (p, id, fn) => write(() => datasets.updateDataset(p, id, fn)),
    deleteDataset: (p, id) => write(() => datasets.deleteDataset(p, id)),
    createDatapoints: (p, dps) => write(() => datasets.createDatapoints(p, dps)),
    getDatapoints: (p, ids) => run(() => ids.map((id) => datasets.datapoint(p, id)).filter((d) => d !== undefined)),
    listDatapoints: (p, f) => run(() => datasets.datapoints(p, f)),
    updateDatapoint: (p, id, fn) => write(() => datasets.updateDatapoint(p, id, fn)),
    deleteDatapoint: (p, id) => write(() => datasets.deleteDatapoint(p, id)),
    unlinkDatapoint: (p, ds, dp) => write(() => datasets.unlink(p, ds, dp)),
    ...recordStoreParts(db, run, write),
    close: () => shutDown(false),
    discard: () => shutDown(true),
  };
}
