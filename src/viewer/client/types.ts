/** Shapes of the API responses the viewer reads (the dev server's `/v1/*` and `/viewer/*` routes). */

/** A cut value for table cells. */
export interface ValuePreview {
  text: string;
  truncated: boolean;
  length: number;
}

/** `GET /viewer/sessions`. */
export interface SessionListPage {
  sessions: {
    session_id: string;
    name: string;
    source: string;
    start_time: number | null;
    end_time: number | null;
    duration: number | null;
    num_events: number;
    num_errors: number;
    error: string | null;
    run_id: string | null;
    datapoint_id: string | null;
  }[];
  total: number;
  page: number;
  limit: number;
}

/** One lean event of `GET /viewer/sessions/{id}/tree`. */
export interface TreeEvent {
  id: string;
  parent: string | null;
  type: string;
  name: string;
  start: number | null;
  end: number | null;
  error: string | null;
}

/** The session summary of a tree. */
export interface TreeSession {
  session_id: string;
  name: string;
  source: string;
  start_time: number | null;
  end_time: number | null;
  duration: number | null;
  error: string | null;
  run_id: string | null;
  datapoint_id: string | null;
}

/** `GET /viewer/sessions/{id}/tree`. */
export type SessionTreeResponse =
  | { stamp: string; unchanged: true }
  | { stamp: string; unchanged: false; session: TreeSession; events: TreeEvent[]; total: number; truncated: boolean };

/** A stored event (`GET /v1/events/{id}` → `{event}`). */
export interface ApiEvent {
  event_id: string;
  session_id: string;
  parent_id: string | null;
  event_type: string;
  event_name: string;
  source: string;
  inputs: unknown;
  outputs: unknown;
  config: unknown;
  metadata: unknown;
  metrics: unknown;
  feedback: unknown;
  user_properties: unknown;
  error: string | null;
  start_time: number | null;
  end_time: number | null;
  duration: number | null;
}

/** A RunObject (subset). */
export interface ApiRun {
  id: string;
  name: string;
  status: string;
  created_at: string;
  updated_at?: string;
  dataset_id: string | null;
  dataset_name: string | null;
  event_ids: string[];
  metadata: Record<string, unknown>;
  passing_ranges?: Record<string, unknown>;
}

/** `GET /v1/runs`. */
export interface RunListResponse {
  evaluations: ApiRun[];
  pagination: { page: number; limit: number; total: number; total_pages: number };
}

/** A metric column. */
export interface MetricColumn {
  id: string;
  metric_name: string;
  event_name: string;
  event_type: string;
}

/** `GET /viewer/runs/{id}`. */
export interface RunViewResponse {
  run: ApiRun;
  aggregation_function: string;
  aggregates: (MetricColumn & {
    metric_type: string;
    aggregate: number | null;
    count: number;
    passed: number;
    failed: number;
    passing_range: unknown;
  })[];
  columns: MetricColumn[];
  passed: number;
  failed: number;
  datapoints: number;
  rows: {
    index: number;
    datapoint_id: string | null;
    session_id: string;
    passed: boolean;
    metrics: Record<string, { value: number | boolean; passed: boolean }>;
    inputs: ValuePreview;
    outputs: ValuePreview;
    ground_truth: ValuePreview;
    duration: number | null;
    error: string | null;
  }[];
  total: number;
  page: number;
  limit: number;
}

/** Per-datapoint direction. */
export type Verdict = "improved" | "degraded" | "same" | "mixed";

/** `GET /viewer/runs/{new}/compare/{old}`. */
export interface CompareViewResponse {
  new_run: ApiRun;
  old_run: ApiRun;
  columns: MetricColumn[];
  counts: Record<Verdict, number>;
  common: number;
  only_new: number;
  only_old: number;
  rows: {
    datapoint_id: string;
    old_session_id: string;
    new_session_id: string;
    verdict: Verdict;
    metrics: Record<string, { old: number | null; new: number | null; delta: number | null; verdict: Verdict | null }>;
    inputs: ValuePreview;
  }[];
  total: number;
  page: number;
  limit: number;
}

/** `GET /v1/runs/{new}/compare-with/{old}` (the fields shown). */
export interface CompareWithResponse {
  commonDatapoints: string[];
  metrics: {
    metric_name: string;
    event_name: string;
    event_type: string;
    metric_type: string;
    old_aggregate: number | null;
    new_aggregate: number | null;
    difference: number | null;
    percentage_change: number | null;
    improved_count: number;
    degraded_count: number;
    same_count: number;
  }[];
}

/** Aggregation functions of the API. */
export const AGGREGATE_FUNCTIONS = ["average", "min", "max", "median", "p90", "p95", "p99", "sum", "count"] as const;
