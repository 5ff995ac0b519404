/**
 * The storage interface of the dev server. Every method is scoped by a project id and is atomic: a
 * method either applies all of its writes or none. Update methods take a pure `update` function that
 * the store calls inside its transaction with the current record, so merge rules live outside the store.
 * `SqliteStore` implements it; a server-backed store can implement the same interface.
 */
import type {
  DatapointRecord,
  DatasetRecord,
  EventBatch,
  EventPage,
  EventTextRecord,
  EventQuery,
  EventRecord,
  MetricEventRow,
  ProjectRecord,
  RunPage,
  RunQuery,
  RunRecord,
  SessionEventText,
  TreeEventRow,
} from "../domain/records";
import type { JsonObject } from "../domain/json";
import type { ConfigurationRecord, ConfigurationVersionRecord } from "../model/configuration-model";

/** A pure update: returns the new record, or undefined to leave it unchanged. */
export type Updater<T> = (current: T) => T | undefined;

/** The kinds of the 1.x API groups' small records ({@link Store.listRecords}). */
export type GroupRecordKind = "metric" | "queue" | "tool" | "project" | "chart" | "metric_versions";

/** Persistent storage for projects, events, runs, datasets and datapoints. */
/** Attachment bytes as stored: content-addressed by SHA-256, typed by their own bytes. */
export interface AttachmentRecord {
  readonly sha256: string;
  /** The type the bytes show (magic numbers), `application/octet-stream` when unknown. */
  readonly mime: string;
  readonly bytes: Uint8Array;
}

export interface Store {
  /** Where the data lives (a file path, or ":memory:"). */
  readonly location: string;
  /** The storage engine in use, e.g. "node:sqlite" or "better-sqlite3" (informational). */
  readonly driver?: string;

  /** Maps an API key hash to its project, creating both on first use; `name` names a new project. */
  projectForKey(keyHash: string, name: string): Promise<ProjectRecord>;

  /** Writes a batch of events (and missing sessions) in one transaction; returns the stored events. */
  writeEvents(projectId: string, batch: EventBatch): Promise<EventRecord[]>;
  /**
   * One event by id (its `children_ids` include events pointing at it, unless `options.children` is false: then
   * they are the stored list only, which spares a read of the session's events), or undefined.
   */
  getEvent(projectId: string, eventId: string, options?: { children?: boolean }): Promise<EventRecord | undefined>;
  /** Applies `update` to an event atomically; undefined when the event does not exist. */
  updateEvent(projectId: string, eventId: string, update: Updater<EventRecord>): Promise<EventRecord | undefined>;
  /** Events matching a query, ordered by start time, one page of them and the total. */
  queryEvents(projectId: string, query: EventQuery): Promise<EventPage>;
  /**
   * {@link queryEvents} with each event's objects as their JSON text, unparsed: for writing the page to a response
   * (a 10,000-event export spends most of its time parsing and serialising those objects otherwise).
   */
  queryEventTexts(projectId: string, query: EventQuery): Promise<EventPage<EventTextRecord>>;
  /**
   * Every event of session `sessionId`, in the event order, as {@link queryEventTexts} reads it but with its stored
   * `children_ids` only (the caller has the whole session), and the objects of a row the server wrote as their block
   * of the API text (`SessionEventText`); each handed to `keep` as it is read (the rows are not held: `keep`
   * returns what the caller needs of one), which runs inside the read and must not call the store.
   */
  sessionEventTexts<T>(projectId: string, sessionId: string, keep: (event: SessionEventText) => T): Promise<T[]>;
  /**
   * The lean rows of a session's events for its trace tree (the session event included), ordered like
   * {@link queryEvents}; at most `limit`.
   */
  sessionTreeRows(projectId: string, sessionId: string, limit: number): Promise<TreeEventRow[]>;
  /** The lean metric rows of every event of the given sessions and of events tagged with `runId`. */
  runMetricRows(projectId: string, runId: string, sessionIds: readonly string[]): Promise<MetricEventRow[]>;
  /**
   * The latest time (Unix ms) recorded by an event of the given sessions or tagged with `runId`: each event's end time,
   * else its start time; null when there is none. The viewer reads a run's last write from it (stalled runs).
   */
  runLastEventTime(projectId: string, runId: string, sessionIds: readonly string[]): Promise<number | null>;
  /** Distinct metric names found on events tagged with any of the runs. */
  metricNames(projectId: string, runIds: readonly string[]): Promise<string[]>;
  /**
   * Whether the project holds any event, and whether any other project does (never which): a key whose project is
   * empty while others hold data may be mistyped.
   */
  dataPresence(projectId: string): Promise<{ own: boolean; others: boolean }>;

  /** Inserts a run unless one with its id exists; returns the stored run and whether it was created. */
  createRun(projectId: string, run: RunRecord): Promise<{ run: RunRecord; created: boolean }>;
  getRun(projectId: string, runId: string): Promise<RunRecord | undefined>;
  updateRun(projectId: string, runId: string, update: Updater<RunRecord>): Promise<RunRecord | undefined>;
  listRuns(projectId: string, query: RunQuery): Promise<RunPage>;
  /** True when a run was deleted. */
  deleteRun(projectId: string, runId: string): Promise<boolean>;

  createDataset(projectId: string, dataset: DatasetRecord): Promise<DatasetRecord>;
  getDataset(projectId: string, datasetId: string): Promise<DatasetRecord | undefined>;
  /** True when the project has the dataset (its datapoint list is not read: constant time whatever its size). */
  hasDataset(projectId: string, datasetId: string): Promise<boolean>;
  /** Datasets, optionally only those with this id and/or name. */
  listDatasets(projectId: string, filter: { id?: string; name?: string }): Promise<DatasetRecord[]>;
  updateDataset(
    projectId: string,
    datasetId: string,
    update: Updater<DatasetRecord>,
  ): Promise<DatasetRecord | undefined>;
  /** Deletes a dataset (its datapoints stay, unlinked). True when it existed. */
  deleteDataset(projectId: string, datasetId: string): Promise<boolean>;

  /** Inserts datapoints and appends their ids to each dataset in their `linked_datasets`, atomically. */
  createDatapoints(projectId: string, datapoints: readonly DatapointRecord[]): Promise<void>;
  /** The datapoints with these ids that exist, in the order asked. */
  getDatapoints(projectId: string, ids: readonly string[]): Promise<DatapointRecord[]>;
  /** Every datapoint, or those linked to `datasetId`. */
  listDatapoints(projectId: string, filter: { datasetId?: string }): Promise<DatapointRecord[]>;
  updateDatapoint(
    projectId: string,
    datapointId: string,
    update: Updater<DatapointRecord>,
  ): Promise<DatapointRecord | undefined>;
  /** Deletes a datapoint and removes it from every dataset. True when it existed. */
  deleteDatapoint(projectId: string, datapointId: string): Promise<boolean>;
  /** Removes a datapoint from one dataset (both directions). True when it was linked. */
  unlinkDatapoint(projectId: string, datasetId: string, datapointId: string): Promise<boolean>;

  /** Every record of one 1.x API group (metrics, queues, tools, project settings), oldest first. */
  listRecords(projectId: string, kind: GroupRecordKind): Promise<JsonObject[]>;
  getRecord(projectId: string, kind: GroupRecordKind, id: string): Promise<JsonObject | undefined>;
  /** Inserts a record (its `id` is the key) or replaces the one with its id. */
  putRecord(projectId: string, kind: GroupRecordKind, record: JsonObject & { id: string }): Promise<void>;
  /** Applies `update` to a record atomically; undefined when it does not exist. */
  updateRecord(projectId: string, kind: GroupRecordKind, id: string, update: Updater<JsonObject>): Promise<JsonObject | undefined>;
  /** Applies `upsert` to a record, or to undefined when there is none, and stores what it returns, atomically. */
  upsertRecord(projectId: string, kind: GroupRecordKind, id: string, upsert: (current: JsonObject | undefined) => JsonObject): Promise<JsonObject>;
  /** True when a record was deleted. */
  deleteRecord(projectId: string, kind: GroupRecordKind, id: string): Promise<boolean>;
  /**
   * Keeps attachment bytes under their SHA-256 (lowercase hex; the caller checked it), once per project: true when
   * they were new, false when the project had them already.
   */
  putAttachment(projectId: string, attachment: AttachmentRecord): Promise<boolean>;
  /** A project's attachment by its SHA-256, if it has it. */
  getAttachment(projectId: string, sha256: string): Promise<AttachmentRecord | undefined>;
  /** Configurations (prompts) and the history of their contents. */
  readonly configurations: ConfigurationStore;

  /** Closes the store; pending writes are committed first. Idempotent. */
  close(): Promise<void>;

}

/** Filters of {@link ConfigurationStore.list}: exact name, one environment, every tag. */
export interface ConfigurationFilter {
  name?: string;
  env?: string;
  tags?: readonly string[];
}

/** Configuration storage, scoped by project like the rest of the {@link Store}. */
export interface ConfigurationStore {
  /** Inserts a configuration and its first history entry. */
  create(projectId: string, configuration: ConfigurationRecord): Promise<ConfigurationRecord>;
  /** Configurations matching the filter, oldest first. */
  list(projectId: string, filter: ConfigurationFilter): Promise<ConfigurationRecord[]>;
  /** Applies `update` atomically (a history entry when the content or environments changed); undefined when missing. */
  update(projectId: string, id: string, update: Updater<ConfigurationRecord>): Promise<ConfigurationRecord | undefined>;
  /** Deletes a configuration and its history. True when it existed. */
  delete(projectId: string, id: string): Promise<boolean>;
  /** Every saved content of a configuration, oldest first (empty when it does not exist). */
  history(projectId: string, id: string): Promise<ConfigurationVersionRecord[]>;
}
