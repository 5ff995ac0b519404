/**
 * The SQLite schema. Every table carries its project (events: the project's integer key, to keep the
 * indexes small) and every index starts with it, so each query is scoped to one project. Free-form fields
 * are JSON text; indexed fields are real columns. Only a few indexes exist on `events`, because each costs
 * ingest throughput: children are found through the session index (parent and child share a session),
 * and `span_ref` is only set (and indexed) for spans that named their own event id. `events_by_run_type` holds only
 * the events of a run (decision record 0104): a run's events of one type, in the event order, with their names.
 */
import type { Database } from "./sqlite-driver";
import { CONFIGURATIONS_SCHEMA } from "./sqlite-configurations";
import { DATASET_LINKS_SCHEMA, moveDatasetLinksOutOfDocuments } from "./sqlite-dataset-links";

/** Schema version stored in `PRAGMA user_version`. */
const SCHEMA_VERSION = 5;
/**
 * The oldest stored schema this version upgrades in place (3 only added an index to 2; 4 moved each dataset's
 * datapoint list from its document into the `dataset_datapoints` table; 5 added the events' `roll_up` and
 * `own_writes` columns and a trigger).
 */
const OLDEST_UPGRADABLE = 2;
/** The first schema whose datasets keep their datapoints in `dataset_datapoints`. */
const DATASET_LINKS_SINCE = 4;
/**
 * The first schema whose events record their roll-up inputs (`roll_up`, `domain/roll-up-input.ts`) and count the
 * server's own writes of their objects (`own_writes`, {@link OWN_TEXT_TRIGGER_SQL}). Rows written before keep both
 * NULL and are read as before; a server of an earlier schema, which would write rows without them, refuses the
 * upgraded file.
 */
const ROLL_UP_SINCE = 5;

/**
 * `own_writes` counts the server's writes of a row (every insert and update of an event sets it, each update to a
 * new value), so a row whose count is set holds object columns the server wrote itself, with `JSON.stringify`: valid
 * JSON, which the event reads need not check again (`store/sqlite-event-rows.ts`). Any other change of an object
 * column (another tool editing the file, the server's own `json_set` of a link) leaves the count as it was, and this
 * trigger then clears it: the row's text is checked on every read again, as rows written before schema 5 are.
 */
const OWN_TEXT_TRIGGER_SQL = `CREATE TRIGGER IF NOT EXISTS events_foreign_text
  AFTER UPDATE OF inputs, outputs, config, metadata, metrics, feedback, user_properties, roll_up ON events
  WHEN NEW.own_writes IS OLD.own_writes AND NEW.own_writes IS NOT NULL
  BEGIN UPDATE events SET own_writes = NULL WHERE seq = NEW.seq; END`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS projects (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
  key_hash TEXT PRIMARY KEY,
  project_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY,
  project INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  parent_id TEXT,
  span_ref TEXT,
  event_type TEXT NOT NULL,
  event_name TEXT NOT NULL,
  source TEXT NOT NULL,
  run_id TEXT,
  datapoint_id TEXT,
  start_time REAL,
  end_time REAL,
  duration REAL,
  error TEXT,
  inputs TEXT NOT NULL,
  outputs TEXT NOT NULL,
  config TEXT NOT NULL,
  metadata TEXT NOT NULL,
  metrics TEXT NOT NULL,
  feedback TEXT NOT NULL,
  user_properties TEXT NOT NULL,
  children_ids TEXT NOT NULL,
  roll_up TEXT,
  own_writes INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS events_by_id ON events(project, event_id);
CREATE INDEX IF NOT EXISTS events_by_session ON events(project, session_id);
DROP INDEX IF EXISTS events_by_run;
CREATE INDEX IF NOT EXISTS events_by_run_session ON events(project, run_id, session_id);
CREATE INDEX IF NOT EXISTS events_by_run_type ON events(project, run_id, event_type, start_time, event_name) WHERE run_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_by_span ON events(project, span_ref) WHERE span_ref IS NOT NULL;
CREATE INDEX IF NOT EXISTS sessions_by_start ON events(project, start_time) WHERE event_type = 'session';
CREATE INDEX IF NOT EXISTS events_by_time ON events(project, start_time);
CREATE TABLE IF NOT EXISTS runs (
  project_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  dataset_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (project_id, id)
);
CREATE TABLE IF NOT EXISTS datasets (
  project_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (project_id, id)
);
CREATE TABLE IF NOT EXISTS datapoints (
  project_id TEXT NOT NULL,
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (project_id, id)
);
CREATE TABLE IF NOT EXISTS attachments (
  project_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY (project_id, sha256)
);
`;

/** Thrown when the data directory holds a database this version cannot use (written by a newer one). */
export class IncompatibleDataError extends Error {
  override readonly name = "IncompatibleDataError";
}

/**
 * Refuses a database written by a newer (or a too old) dev server before anything is written to it, so the
 * file stays exactly as it was.
 */
function checkSchemaVersion(db: Database, location: string): void {
  const version = Number(db.pragma("user_version", { simple: true }));
  if (version === 0 || (version >= OLDEST_UPGRADABLE && version <= SCHEMA_VERSION)) return;
  const newer = version > SCHEMA_VERSION;
  throw new IncompatibleDataError(
    `${location} was written by a${newer ? " newer" : "n older"} dev server (data format ${version}, this one ` +
      `reads ${OLDEST_UPGRADABLE}..${SCHEMA_VERSION}): ${newer ? "upgrade honeyhive" : "delete it"} or use another --data-dir.`,
  );
}

/**
 * Page size of a new database file (SQLite's default is 4 KiB). An ingest commit writes each page it changed to the
 * WAL, one frame at a time: 16 KiB pages hold four times the rows, so a batch of spans writes far fewer frames
 * (decision record 0039). A database created by an earlier version keeps its page size.
 */
const NEW_DATABASE_PAGE_SIZE = 16384;
/** WAL size (bytes) at which a commit checkpoints it: 4000 pages of 4 KiB, whatever the file's page size. */
const WAL_CHECKPOINT_BYTES = 4000 * 4096;

/** Configures the connection (WAL, busy timeout) and creates missing tables (after {@link checkSchemaVersion}). */
export function prepareDatabase(db: Database, inMemory: boolean, location = ":memory:"): void {
  checkSchemaVersion(db, location);
  db.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`); // before anything is written; a no-op on an existing database
  if (!inMemory) db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("cache_size = -32768");
  db.pragma(`wal_autocheckpoint = ${Math.ceil(WAL_CHECKPOINT_BYTES / Number(db.pragma("page_size", { simple: true })))}`);
  db.pragma("foreign_keys = OFF");
  const stored = Number(db.pragma("user_version", { simple: true }));
  db.exec(SCHEMA);
  db.exec(CONFIGURATIONS_SCHEMA);
  db.exec(DATASET_LINKS_SCHEMA);
  if (stored !== 0 && stored < DATASET_LINKS_SINCE) db.transaction(() => moveDatasetLinksOutOfDocuments(db))();
  if (stored !== 0 && stored < ROLL_UP_SINCE) addRollUpColumns(db);
  db.exec(OWN_TEXT_TRIGGER_SQL);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}

/** Adds `roll_up` and `own_writes` to the events of a database written before {@link ROLL_UP_SINCE} (its rows keep them NULL). */
function addRollUpColumns(db: Database): void {
  const columns = db.prepare("SELECT name FROM pragma_table_info('events')").pluck(true).all() as string[];
  if (!columns.includes("roll_up")) db.exec("ALTER TABLE events ADD COLUMN roll_up TEXT");
  if (!columns.includes("own_writes")) db.exec("ALTER TABLE events ADD COLUMN own_writes INTEGER");
}
