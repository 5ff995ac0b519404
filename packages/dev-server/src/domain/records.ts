/**
 * The records the dev server stores. Every record belongs to exactly one project; the project id is
 * passed separately to every {@link Store} method and never taken from a request body.
 */
import type { JsonObject } from "./json";
import type { StatedOutcome } from "@honeyhive/core/runs/datapoint-outcome";

/** A project: the unit of isolation. One API key maps to exactly one project. */
export interface ProjectRecord {
  id: string;
  name: string;
  created_at: string;
}

/** An event (a span, or a session when `event_type === "session"` and `event_id === session_id`). */
export interface EventRecord {
  event_id: string;
  session_id: string;
  /** Null on sessions. */
  parent_id: string | null;
  /** Children stored explicitly (API writes). Readers also see events whose `parent_id` points here. */
  children_ids: string[];
  event_type: string;
  event_name: string;
  source: string;
  inputs: JsonObject | null;
  outputs: JsonObject | null;
  config: JsonObject;
  metadata: JsonObject;
  metrics: JsonObject;
  feedback: JsonObject;
  user_properties: JsonObject;
  error: string | null;
  /** Unix milliseconds. */
  start_time: number | null;
  end_time: number | null;
  /** Milliseconds. */
  duration: number | null;
}

/** An event to write, with the optional span identity used to link OTLP parents and children. */
export interface EventWrite {
  event: EventRecord;
  /** Stable id derived from the span's traceId+spanId (equals `event_id` unless the span named its own id). */
  spanRef?: string;
  /** `spanRef` of the parent span: the store resolves it (setting `event.parent_id`) to that span's `event_id`. */
  parentSpanRef?: string;
  /**
   * `spanRef` of the model event this event reports the same call as (`metadata.same_call_as`, ingest/same-call-link.ts):
   * the store resolves it (setting `event.metadata.same_call_as`) to that span's `event_id`.
   */
  sameCallSpanRef?: string;
}

/** A batch of event writes applied atomically (one transaction). */
export interface EventBatch {
  /** Sessions to create when absent; existing sessions only get their time bounds widened. */
  sessions: EventRecord[];
  events: EventWrite[];
  /** Combines an already stored event with an incoming one having the same `event_id`. */
  merge: (existing: EventRecord, incoming: EventRecord) => EventRecord;
  /**
   * Sessions whose stored events join another session after the writes (`from` → `to`; events whose parent was the
   * `from` session hang from `to`, `to` widens to their times and the `from` session event goes): a trace stored
   * before one of its spans named its conversation (ingest/conversation-session.ts).
   */
  sessionMoves?: readonly { from: string; to: string }[];
}

/** Exact-match conditions the store can evaluate with its indexes. */
export interface EventWhere {
  event_id?: string;
  session_id?: string;
  parent_id?: string;
  event_type?: string;
  event_name?: string;
  source?: string;
  /** `metadata.run_id`. */
  run_id?: string;
  /** `metadata.datapoint_id`. */
  datapoint_id?: string;
  /** Any of these session ids. */
  session_ids?: readonly string[];
  /** Columns that must differ from these values (a missing value differs from everything). */
  not?: Partial<Record<"event_id" | "session_id" | "parent_id" | "event_type" | "event_name" | "source", readonly string[]>>;
}

/** A position in the event order (start time, then insertion sequence): where the next page starts. */
export interface EventCursor {
  /** `start_time` of the last event of the previous page (null sorts before every time). */
  start: number | null;
  /** Its storage sequence number (ties on `start_time`). */
  seq: number;
}

/** An event query: indexed conditions, a time window, an extra predicate, ordering and a page. */
export interface EventQuery {
  where?: EventWhere;
  /** Inclusive bounds on `start_time` (ms). */
  startFrom?: number;
  startTo?: number;
  /** Evaluated on each candidate after the indexed conditions. Must be pure. */
  predicate?: (event: EventRecord) => boolean;
  /** The only fields `predicate` reads; the store may leave the others empty when it evaluates it. */
  predicateFields?: readonly (keyof EventRecord)[];
  order?: "asc" | "desc";
  /** Keyset pagination: only events after this position (in `order`); the cost does not grow with depth. */
  after?: EventCursor;
  offset?: number;
  /** Maximum events returned (the total still counts every match). */
  limit?: number;
}

/** The fields of an event that hold JSON objects (stored as JSON text). */
export type EventObjectField = "inputs" | "outputs" | "config" | "metadata" | "metrics" | "feedback" | "user_properties";

/**
 * An event read to be written to a response without parsing its objects: each object field is the JSON text of
 * its value (`null` for missing inputs or outputs, `{}` for the others), as {@link EventRecord} would hold it.
 */
export type EventTextRecord = Omit<EventRecord, EventObjectField> & Record<EventObjectField, string> & {
  /**
   * The roll-up inputs the store recorded when it wrote the event (`domain/roll-up-input.ts`), when it has them and
   * the objects they were read from read back as written; else absent (read them from the objects).
   */
  roll_up?: string;
};

/**
 * An event of a whole session as its API tree reads it (`Store.sessionEventTexts`): an {@link EventTextRecord}, or,
 * for a row whose objects the server wrote (their `JSON.stringify` text, each an object's, or `null` inputs or
 * outputs), its fields but the objects, and the objects' block of its API text as one text (`objects`:
 * `,"inputs":…,"user_properties":…`, as `apiEventObjects` in `model/event-json.ts` writes it), joined by SQLite.
 */
export type SessionEventText =
  | (EventTextRecord & { objects?: undefined })
  | (Omit<EventTextRecord, EventObjectField> & { objects: string });

/** A page of events (records, or {@link EventTextRecord}s) and the number of all matches. */
export interface EventPage<E = EventRecord> {
  events: E[];
  total: number;
  /** Where the next page starts, when more events match after this page. */
  next?: EventCursor;
}

/** The lean view of an event used to compute run results. */
export interface MetricEventRow {
  event_id: string;
  session_id: string;
  event_type: string;
  event_name: string;
  datapoint_id: string | null;
  metrics: JsonObject;
  start_time: number | null;
  error: string | null;
  /** The parent event; the session id for the top-level events of a session. */
  parent_id: string | null;
  /** True when the event's metadata holds `evaluator_errors` (an evaluator of the datapoint errored). */
  evaluator_errors: boolean;
  /** A session event's shard attempt tags (`metadata.shard`, `metadata.shard_attempt`), when it has both. */
  shard_attempt?: { shard: string; attempt: string } | undefined;
  /** The outcome a session event states of its datapoint (`core/runs/datapoint-outcome`), when it states one. */
  stated_outcome?: StatedOutcome | undefined;
}

/**
 * The lean view of an event a session's trace tree is built from: no inputs, no children list. `metadata`,
 * `metrics`, `config` and `outputs` are what usage is read from; each is `{}` when its stored text cannot hold a
 * usage count or cost (every usage key contains one of `USAGE_KEY_MARKERS`, domain/call-usage.ts) nor, for
 * metadata, the evaluator marker, so only the events that carry usage pay for parsing them.
 */
export interface TreeEventRow {
  event_id: string;
  parent_id: string | null;
  event_type: string;
  event_name: string;
  start_time: number | null;
  end_time: number | null;
  duration: number | null;
  error: string | null;
  metadata: JsonObject;
  metrics: JsonObject;
  config: JsonObject;
  outputs: JsonObject;
}

/** An experiment run, stored as the RunObject fields the API returns (minus computed ones). */
export interface RunRecord {
  id: string;
  name: string;
  description: string | null;
  status: string;
  metadata: JsonObject;
  results: JsonObject;
  metrics: JsonObject;
  configuration: JsonObject;
  event_ids: string[];
  session_ids: string[];
  datapoint_ids: string[];
  evaluators: unknown[];
  passing_ranges: JsonObject;
  dataset_id: string | null;
  created_at: string;
  updated_at: string;
}

/** Conditions and paging of a run listing. */
export interface RunQuery {
  dataset_id?: string;
  run_ids?: readonly string[];
  /** Runs of exactly this name. */
  name?: string;
  /** Runs whose name starts with this (case-sensitive): the API's `?name=` filter. */
  namePrefix?: string;
  status?: string;
  createdFrom?: string;
  createdTo?: string;
  sortBy: "created_at" | "updated_at" | "name" | "status";
  sortOrder: "asc" | "desc";
  /** Keyset pagination: only runs after this position (its sort value and id) in the listing's order. */
  after?: RunCursor;
  offset: number;
  limit: number;
}

/** A position in a run listing: the sort column's value and the id of the last run of the previous page. */
export interface RunCursor {
  value: string;
  id: string;
}

/** A page of runs with the filtered and unfiltered totals. */
export interface RunPage {
  runs: RunRecord[];
  total: number;
  totalUnfiltered: number;
  /** Where the next page starts, when more runs match after this page. */
  next?: RunCursor;
}

/** A dataset: a named, ordered list of datapoint ids. */
export interface DatasetRecord {
  id: string;
  name: string;
  description: string | null;
  datapoints: string[];
  created_at: string;
  updated_at: string;
}

/** A datapoint. */
export interface DatapointRecord {
  id: string;
  inputs: JsonObject;
  history: unknown[];
  ground_truth: JsonObject | null;
  metadata: JsonObject | null;
  linked_event: string | null;
  linked_datasets: string[];
  created_at: string;
  updated_at: string;
}
