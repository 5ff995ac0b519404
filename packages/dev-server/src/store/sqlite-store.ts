/**
 * {@link Store} on SQLite (WAL mode) through either driver (node:sqlite or better-sqlite3; one SQL for both).
 * Data lives in `<dataDir>/honeyhive.db`, or in memory. Both drivers are synchronous, so every method runs to
 * completion (and commits) before it resolves.
 */
import { join, resolve } from "node:path";
import { DataDirError, ensureWritableDir, lockDataDir, type DataDirLock } from "./data-dir";
import type { Database, SqliteDriverPreference } from "./sqlite-driver";
import { loadSqliteDriver } from "./load-sqlite-driver";
import { IncompatibleDataError, prepareDatabase } from "./sqlite-schema";
import { SqliteEvents } from "./sqlite-events";
import { SqliteRuns } from "./sqlite-runs";
import { SqliteDatasets } from "./sqlite-datasets";
import { SqliteProjects } from "./sqlite-projects";
import type { Store } from "./store";

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** Directory of `honeyhive.db` (created when missing). Ignored with `inMemory`. */
  dataDir?: string;
  /** Keep everything in memory (lost on close). */
  inMemory?: boolean;
  /** SQLite driver; default `auto`: Node's built-in node:sqlite where available, else better-sqlite3. */
  driver?: SqliteDriverPreference;
}

/** File name of the database inside the data directory. */
export const DATABASE_FILE = "honeyhive.db";

/**
 * Opens (creating if needed) a SQLite-backed {@link Store}. Loads better-sqlite3 lazily. A data directory is
 * locked for this store until it closes; refusals (read-only, locked by another server, written by a newer
 * version) are one-line errors that leave the directory as it was.
 */
export async function openSqliteStore(options: SqliteStoreOptions = {}): Promise<Store> {
  const driver = await loadSqliteDriver(options.driver ?? "auto");
  const inMemory = options.inMemory === true;
  if (inMemory) {
    return createSqliteStore(openDatabase(() => driver.open(":memory:", { timeout: 5000 }), ":memory:", true), ":memory:", driver.name);
  }
  const dir = resolve(options.dataDir ?? ".honeyhive");
  ensureWritableDir(dir);
  const lock = lockDataDir(dir);
  const location = join(dir, DATABASE_FILE);
  try {
    const db = openDatabase(() => driver.open(location, { timeout: 5000 }), location, false);
    return createSqliteStore(db, location, driver.name, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Opens and prepares the database; errors other than our own refusals become one line naming the file. */
function openDatabase(open: () => Database, location: string, inMemory: boolean): Database {
  let db: Database | undefined;
  try {
    db = open();
    prepareDatabase(db, inMemory, location);
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

/** Closes the database once: checkpoints the WAL (a busy checkpoint is replayed on next open), releases the lock. */
function closeDatabase(db: Database, location: string, lock: DataDirLock | undefined): void {
  try {
    if (location !== ":memory:") db.pragma("wal_checkpoint(TRUNCATE)");
  } catch {
    // a busy checkpoint is not an error: the WAL is replayed on next open
  }
  db.close();
  lock?.release();
}

/** Builds the parts (projects, events, runs, datasets), then one object delegating the Store API to them. */
function createSqliteStore(db: Database, location: string, driver: string, lock?: DataDirLock): Store {
  const projects = new SqliteProjects(db);
  const events = new SqliteEvents(db);
  const runs = new SqliteRuns(db);
  const datasets = new SqliteDatasets(db);
  const pk = (projectId: string): number => projects.pk(projectId);
  let closed = false;
  const run = guarded(() => closed);
  return {
    location,
    driver,
    projectForKey: (keyHash, name) => run(() => projects.forKey(keyHash, name)),
    writeEvents: (p, batch) =>
      run(() => {
        const key = pk(p);
        if (key < 0) throw new Error(`unknown project ${p}`);
        return events.write(key, batch);
      }),
    getEvent: (p, id, options) => run(() => events.get(pk(p), id, options?.children !== false)),
    updateEvent: (p, id, fn) => run(() => events.updateOne(pk(p), id, fn)),
    queryEvents: (p, q) => run(() => events.query(pk(p), q)),
    sessionTreeRows: (p, sessionId, limit) => run(() => events.treeRowsFor(pk(p), sessionId, limit)),
    runMetricRows: (p, runId, sessionIds) => run(() => events.metricRowsFor(pk(p), runId, sessionIds)),
    metricNames: (p, runIds) => run(() => events.metricNamesFor(pk(p), runIds)),
    createRun: (p, r) => run(() => runs.create(p, r)),
    getRun: (p, id) => run(() => runs.get(p, id)),
    updateRun: (p, id, fn) => run(() => runs.update(p, id, fn)),
    listRuns: (p, q) => run(() => runs.list(p, q)),
    deleteRun: (p, id) => run(() => runs.delete(p, id)),
    createDataset: (p, d) => run(() => (datasets.saveDataset(p, d), d)),
    getDataset: (p, id) => run(() => datasets.dataset(p, id)),
    listDatasets: (p, f) => run(() => datasets.datasets(p, f)),
    updateDataset: (p, id, fn) => run(() => datasets.updateDataset(p, id, fn)),
    deleteDataset: (p, id) => run(() => datasets.deleteDataset(p, id)),
    createDatapoints: (p, dps) => run(() => datasets.createDatapoints(p, dps)),
    getDatapoints: (p, ids) => run(() => ids.map((id) => datasets.datapoint(p, id)).filter((d) => d !== undefined)),
    listDatapoints: (p, f) => run(() => datasets.datapoints(p, f)),
    updateDatapoint: (p, id, fn) => run(() => datasets.updateDatapoint(p, id, fn)),
    deleteDatapoint: (p, id) => run(() => datasets.deleteDatapoint(p, id)),
    unlinkDatapoint: (p, ds, dp) => run(() => datasets.unlink(p, ds, dp)),
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      closeDatabase(db, location, lock);
      return Promise.resolve();
    },
  };
}
