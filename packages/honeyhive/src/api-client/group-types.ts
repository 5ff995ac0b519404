/**
 * Wire types of the API groups the 1.x client had beyond tracing and experiments: metrics, annotation queues, tools,
 * projects and datapoint batches (field names as on the wire; responses typed loosely, as in `types.ts`).
 */
import type { EventFilter, JsonObject } from "./types";

/** Where a metric runs: server-side Python, an LLM judge, human review, or a weighted mix of other metrics. */
export type MetricType = "PYTHON" | "LLM" | "HUMAN" | "COMPOSITE";

/** One filter of a metric or queue: an event filter whose `type` is given. */
export type GroupFilter = EventFilter & { type: NonNullable<EventFilter["type"]> };

/** When a metric's value passes. */
export interface MetricThreshold {
  min?: number;
  max?: number;
  pass_when?: boolean | number;
  passing_categories?: string[];
}

/** Body of `POST /v1/metrics` (the spec's `CreateMetricRequest`). */
export interface CreateMetricRequest {
  name: string;
  type: MetricType;
  /** The Python code or the judge prompt. */
  criteria: string;
  description?: string;
  return_type?: "float" | "boolean" | "string" | "categorical";
  /** Run on production events too. */
  enabled_in_prod?: boolean;
  needs_ground_truth?: boolean;
  /** Share of matching events a metric enabled in production runs on (0–100). @defaultValue 10 (server side) */
  sampling_percentage?: number;
  model_provider?: string | null;
  model_name?: string | null;
  scale?: number | null;
  threshold?: MetricThreshold | null;
  categories?: { category: string; score: number | null }[] | null;
  child_metrics?: { id?: string; name: string; weight: number; scale?: number | null }[] | null;
  /** Which events the metric applies to. */
  filters?: { filterArray: GroupFilter[] };
}

/** Body of `PUT /v1/metrics/{metric_id}`: only the fields given change. */
export type UpdateMetricRequest = Partial<CreateMetricRequest>;

/** A stored metric. */
export type Metric = CreateMetricRequest & { id: string; created_at?: string; updated_at?: string | null } & JsonObject;

/** Body of `POST /v1/metrics/run`: a PYTHON or LLM metric and the event to run it on. */
export interface RunMetricRequest {
  metric: CreateMetricRequest & { type: "PYTHON" | "LLM" };
  event: JsonObject;
}

/** Response of `POST /v1/metrics/run`. */
export type RunMetricResponse = { success: boolean; loading: boolean; result: boolean | number | string | null; explanation: string | null } & JsonObject;

/** An annotation queue. */
export type Queue = {
  id: string;
  name: string;
  description?: string;
  filters?: { filterArray: GroupFilter[] };
  enabled?: boolean;
  /** The events in the queue (the dev server answers them; HoneyHive may not). */
  event_ids?: string[];
} & JsonObject;

/**
 * A queue to create. `filters` may be the wire's `{ filterArray }` or a plain array of filters (a filter without a
 * `type` is compared as a string).
 */
export interface CreateQueueRequest {
  name: string;
  description?: string;
  filters?: { filterArray: EventFilter[] } | EventFilter[];
  enabled?: boolean;
  event_ids?: string[];
}

/** Body of `PUT /v1/queues/{queue_id}` (the id is added by the client). */
export interface UpdateQueueRequest {
  name?: string;
  description?: string;
  filters?: { filterArray: EventFilter[] } | EventFilter[];
  enabled?: boolean;
  add_event_ids?: string[];
  remove_event_ids?: string[];
}

/** A tool (a function definition the model may call), as the 1.x client's `/tools` routes held it. */
export type Tool = { id: string; name: string; task?: string; description?: string; parameters?: JsonObject; tool_type?: string } & JsonObject;

/** Body of `POST /v1/tools`. */
export interface CreateToolRequest {
  name: string;
  /** JSON schema of the tool's parameters (or a full function definition). */
  parameters: JsonObject;
  description?: string;
  /** `"function"` or `"tool"`. @defaultValue "function" (server side) */
  type?: string;
  /** The 1.x client's project name; accepted and ignored (the key decides the project). */
  task?: string;
}

/** Body of `PUT /v1/tools`. */
export interface UpdateToolRequest {
  id: string;
  name?: string;
  description?: string;
  parameters?: JsonObject;
}

/** A project. */
export type Project = { id: string; name: string; description?: string; type?: string; org_id?: string } & JsonObject;

/** Body of `PUT /v1/projects`: `name` (or `project_id`) names the project; `new_name` renames it. */
export interface UpdateProjectRequest {
  name?: string;
  project_id?: string;
  new_name?: string;
  description?: string;
  type?: "evaluation" | "completion";
}

/**
 * Body of `POST /v1/datapoints/batch`: datapoints made from the events that match `filters` within `dateRange`, or
 * from the given `events` ids, with `mapping` saying which event fields become inputs, ground truth and history
 * (paths such as `inputs.question` or `outputs.content`), linked to `dataset_id` when given.
 */
export interface BatchCreateDatapointsRequest {
  events?: string[];
  mapping?: { inputs?: string[]; ground_truth?: string[]; history?: string[] };
  filters?: JsonObject | JsonObject[];
  dateRange?: { $gte?: string; $lte?: string };
  /** Event id → whether it is selected (with `selectAll`, `false` leaves an event out). */
  checkState?: Record<string, boolean>;
  selectAll?: boolean;
  dataset_id?: string;
}

/** Response of `POST /v1/datapoints/batch`. */
export type BatchCreateDatapointsResponse = { inserted: boolean; insertedIds: string[] } & JsonObject;
