/**
 * Wire types of the HoneyHive REST API as the SDK uses it (see `../shared/reference/honeyhive-api.md`).
 * Field names are the wire's snake_case. Responses are typed loosely (`& Record<string, unknown>`) because
 * the backend adds fields over time and the SDK must tolerate them.
 */

/** Outcome of every {@link ApiClient} method: never thrown, always returned. */
export type ApiResult<T> = { ok: true; data: T } | ApiFailure;

/** A failed call: its status (when the server answered), the error, and what the server said and which key was missing. */
export interface ApiFailure {
  ok: false;
  /** The HTTP status, when the server answered. */
  status?: number;
  /** What failed, naming the operation (never a key). */
  error: string;
  /** The server's own error message, read from its answer's body. */
  serverMessage?: string;
  /** The server's error code, read from its answer's body. */
  errorCode?: string;
  /** The kind of key the operation needs when none is configured: nothing was sent. */
  missingApiKey?: "project" | "ingestion" | "dataPlane";
}

/** A free-form JSON object. */
export type JsonObject = Record<string, unknown>;

/**
 * A session to start. Sent bare to `POST /v1/sessions` (the `session` wrapper and `project` are dropped: the
 * API key decides the project); sent as is to the legacy `POST /session/start`.
 */
export interface SessionStartRequest {
  session: {
    session_id?: string;
    session_name?: string;
    event_name?: string;
    source?: string;
    /** @deprecated The API key decides the project; only the legacy route receives it. */
    project?: string;
    inputs?: JsonObject;
    outputs?: JsonObject;
    config?: JsonObject;
    metadata?: JsonObject;
    user_properties?: JsonObject;
    start_time?: number;
    end_time?: number;
    duration?: number;
    children_ids?: string[];
  } & JsonObject;
}

/** Response of `POST /session/start` (the session event). */
export type SessionStartResponse = { session_id: string; event_id?: string } & JsonObject;

/**
 * An event update, sent as `PUT /v1/events/{event_id}` (the id in the path, not the body): `outputs`
 * replaces, `metadata`/`feedback`/`config`/`metrics` merge.
 */
export interface EventUpdateRequest {
  event_id: string;
  metadata?: JsonObject;
  feedback?: JsonObject;
  metrics?: JsonObject;
  outputs?: JsonObject;
  config?: JsonObject;
  user_properties?: JsonObject;
  duration?: number;
  end_time?: number;
  children_ids?: string[];
}

/** One event (or session) as stored by the backend. */
export type HoneyHiveEvent = {
  event_id: string;
  session_id?: string;
  parent_id?: string | null;
  event_type?: string;
  event_name?: string;
  source?: string;
  inputs?: JsonObject;
  outputs?: JsonObject;
  config?: JsonObject;
  metadata?: JsonObject;
  metrics?: JsonObject;
  feedback?: JsonObject;
  user_properties?: JsonObject;
  error?: string | null;
  start_time?: number;
  end_time?: number;
  duration?: number;
} & JsonObject;

/** An event to create: `event` is sent bare to `POST /v1/events` (without `project`). */
export interface EventCreateRequest {
  event: { event_type: string; inputs: JsonObject } & JsonObject;
}

/**
 * The TypeScript SDK 1.0's form of {@link EventCreateRequest}: the event's fields in camelCase (`eventType`,
 * `eventName`, `sessionId`, …). The `HoneyHive` class's `events.createEvent` converts them to the wire's names.
 * @deprecated Use {@link EventCreateRequest} (snake_case).
 */
export interface LegacyEventCreateRequest {
  event: { eventType: string; inputs: JsonObject } & JsonObject;
}

/** Response of `POST /v1/events`. */
export type EventCreateResponse = { success?: boolean; event_id: string } & JsonObject;

/** One filter of `POST /v1/events/search`. */
export interface EventFilter {
  field: string;
  operator: "is" | "is not" | "contains" | "not contains" | "greater than" | "less than" | "exists" | "not exists" | "after" | "before";
  /** `null` only with `exists` / `not exists`. */
  value: string | number | boolean | null;
  /** How `value` is compared. @defaultValue `"string"` (server side) */
  type?: "string" | "number" | "boolean" | "datetime";
}

/**
 * Body of the deprecated `POST /v1/events/export`, still accepted by `events.export()`, which sends it as
 * a search (`dateRange` becomes `{start_time, end_time}`, `limit` is capped at 1000, `projections` and
 * `project` are not sent: the search operation has neither).
 */
export interface EventExportRequest {
  filters: EventFilter[];
  dateRange?: { $gte?: string; $lte?: string };
  /** @deprecated Not part of `POST /v1/events/search`; ignored. */
  projections?: string[];
  limit?: number;
  page?: number;
  ignore_order?: boolean;
  evaluation_id?: string;
  /** @deprecated The API key decides the project; ignored. */
  project?: string;
}

/** Body of `POST /v1/events/search` (the spec's `SearchEventsRequest`). */
export interface EventSearchRequest {
  filters?: EventFilter[];
  /** ISO date-times; both are required when a range is given. */
  dateRange?: { start_time: string; end_time: string };
  /** 1 to 1000. */
  limit?: number;
  /** 1-based. */
  page?: number;
  ignore_order?: boolean;
  evaluation_id?: string;
}

/** Response of `POST /v1/events/search` (and of the legacy export); `totalEvents` is always filled in. */
export type EventExportResponse = { events: HoneyHiveEvent[]; count?: number; totalEvents?: number } & JsonObject;

/** Status of an experiment run. */
export type RunStatus = "pending" | "running" | "completed" | "failed" | "cancelled";

/** Body of `POST /v1/runs`. */
export interface RunCreateRequest {
  run_id?: string;
  name?: string;
  description?: string;
  status?: RunStatus;
  metadata?: JsonObject;
  results?: JsonObject;
  dataset_id?: string | null;
  event_ids?: string[];
  session_ids?: string[];
  datapoint_ids?: string[];
  configuration?: JsonObject;
  evaluators?: unknown[];
  passing_ranges?: Record<string, { min?: number; max?: number }>;
}

/** Body of `PUT /v1/runs/{id}`. */
export type RunUpdateRequest = Omit<RunCreateRequest, "run_id" | "dataset_id">;

/** A run as stored by the backend. */
export type RunObject = {
  id?: string;
  run_id: string;
  name?: string;
  status?: RunStatus | string;
  metadata?: JsonObject;
  event_ids?: string[];
  dataset_id?: string | null;
  configuration?: JsonObject;
} & JsonObject;

/** Response of `POST /v1/runs`. */
export type RunCreateResponse = { run_id: string; evaluation?: RunObject } & JsonObject;

/** Response of `GET|PUT /v1/runs/{id}`. */
export type RunResponse = { evaluation: RunObject; warning?: string } & JsonObject;

/** Query of `GET /v1/runs`. */
export interface RunListQuery {
  dataset_id?: string;
  page?: number;
  limit?: number;
  run_ids?: string[];
  name?: string;
  status?: RunStatus;
  sort_by?: "created_at" | "updated_at" | "name" | "status";
  sort_order?: "asc" | "desc";
}

/** Response of `GET /v1/runs`. */
export type RunListResponse = { evaluations: RunObject[]; pagination?: JsonObject; metrics?: string[] } & JsonObject;

/** Server-side aggregation of `GET /v1/runs/{id}/result`. */
export type AggregateFunction = "average" | "min" | "max" | "median" | "p90" | "p95" | "p99" | "sum" | "count";

/** One metric of a run summary. */
export type RunMetricDetail = {
  metric_name: string;
  metric_type?: string;
  event_name?: string;
  event_type?: string;
  aggregate?: number | null;
  values?: unknown[];
} & JsonObject;

/** Response of `GET /v1/runs/{id}/result`. */
export type RunResultResponse = {
  status?: string;
  success?: boolean;
  passed?: string[];
  failed?: string[];
  metrics?: { aggregation_function?: string; details?: RunMetricDetail[] } & JsonObject;
  datapoints?: ({ datapoint_id?: string; session_id?: string; passed?: boolean; metrics?: unknown[] } & JsonObject)[];
} & JsonObject;

/** One metric of a run comparison. */
export type RunComparisonMetric = {
  metric_name: string;
  event_name?: string;
  old_aggregate?: number | null;
  new_aggregate?: number | null;
  difference?: number | null;
  found_count?: number;
  improved_count?: number;
  degraded_count?: number;
  same_count?: number;
  improved?: string[];
  degraded?: string[];
  same?: string[];
} & JsonObject;

/** Response of `GET /v1/runs/{new}/compare-with/{old}`. */
export type RunComparisonResponse = {
  commonDatapoints?: string[];
  metrics?: RunComparisonMetric[];
} & JsonObject;

/** A dataset. */
export type Dataset = { id: string; name?: string; description?: string; datapoints?: string[] } & JsonObject;

/** A datapoint. */
export type Datapoint = {
  id: string;
  inputs?: JsonObject;
  history?: JsonObject[];
  ground_truth?: JsonObject | null;
  metadata?: JsonObject | null;
  linked_event?: string | null;
  linked_datasets?: string[];
} & JsonObject;

/** Body of `POST /v1/datasets/{id}/datapoints`. */
export interface AddDatapointsRequest {
  data: JsonObject[];
  mapping: { inputs: string[]; ground_truth?: string[]; history?: string[] };
}
