/** Shapes of the API responses the viewer reads (the dev server's `/v1/*` and `/viewer/*` routes). */
import type {
  CompareDatapoint, CompareRow, CompareVerdictFilter, DatapointRow, DiffValue, MetricDistribution, MetricTrend, Percentiles, SessionSummary,
  SessionTree, TreeEvent, TreeSession, TrendPoint, Usage, ValuePreview, Verdict, DatasetDetail, DatasetResult, DatasetRow, DatasetSummary,
} from "../shared/wire-types";

export type {
  DatasetDetail, DatasetResult, DatasetRow, DatasetSummary, Usage, MetricDistribution, MetricTrend, Percentiles, TrendPoint,
  CompareDatapoint, CompareRow, CompareVerdictFilter, DatapointRow, DiffValue, SessionSummary, TreeEvent, TreeSession, ValuePreview, Verdict,
};

/** `GET /viewer/sessions`. */
export interface SessionListPage {
  sessions: SessionSummary[];
  total: number;
  page: number;
  limit: number;
}

/** `GET /viewer/sessions/{id}/tree`. */
export type SessionTreeResponse = SessionTree;

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
    /** False for a metric that passes and fails nothing (numbers without a min / max). */
    decides_verdict: boolean;
    distribution: MetricDistribution;
  })[];
  columns: MetricColumn[];
  passed: number;
  failed: number;
  datapoints: number;
  rows: DatapointRow[];
  usage: Usage | null;
  durations: Percentiles | null;
  total: number;
  page: number;
  limit: number;
}

/** `GET /viewer/runs/{new}/compare/{old}`. */
export interface CompareViewResponse {
  new_run: ApiRun;
  old_run: ApiRun;
  columns: MetricColumn[];
  /** `changed` is null when the comparison is too large to scan every output without the "changed" filter. */
  counts: Record<Verdict, number> & { changed: number | null };
  common: number;
  only_new: number;
  only_old: number;
  rows: CompareRow[];
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

/** `GET /viewer/runs`. */
export interface RunsPageResponse {
  runs: ApiRun[];
  trends: { name: string; metrics: MetricTrend[] }[];
  total: number;
  page: number;
  limit: number;
}
