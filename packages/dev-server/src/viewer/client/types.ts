/** Shapes of the API responses the viewer reads (the dev server's `/v1/*` and `/viewer/*` routes). */
import type {
  CompareDatapoint, CompareRow, CompareVerdictFilter, CompareView, DatapointRow, DiffValue, MetricAggregateView, MetricColumn, MetricDistribution, MetricTrend, Percentiles, RunView, SessionSummary,
  SessionTree, TreeEvent, TreeSession, TrendPoint, CalledFrom, Usage, UsageBySide, ValuePreview, Verdict, DatasetDetail, DatasetResult, DatasetRow, DatasetSummary, RunLabel, RunVerdictCounts, RunStalled,
  SessionTrajectory, TrajectoryComparison, TrajectoryText, TrajectoryToolCall, TrajectoryVerdict,
} from "../shared/wire-types";
import type { MetricDirection } from "@honeyhive/core/verdict/metric-direction";
import type { MetricSignificance, SignificanceVerdict } from "@honeyhive/core/verdict/metric-significance";

export type {
  CompareView, MetricAggregateView, MetricColumn, RunView, DatasetDetail, DatasetResult, DatasetRow, DatasetSummary, Usage, UsageBySide, MetricDistribution, MetricTrend, Percentiles, TrendPoint,
  CalledFrom, CompareDatapoint, CompareRow, CompareVerdictFilter, DatapointRow, DiffValue, SessionSummary, TreeEvent, TreeSession, ValuePreview, Verdict, RunLabel, RunVerdictCounts, RunStalled,
  SessionTrajectory, TrajectoryComparison, TrajectoryText, TrajectoryToolCall, TrajectoryVerdict,
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
  configuration?: Record<string, unknown>;
  passing_ranges?: Record<string, unknown>;
  /** What tells the run apart (git, metadata, configuration); on the viewer's routes. */
  labels?: RunLabel[];
  /** Passed, failed, errored and not-run datapoints; on the viewer's runs list. */
  verdict?: RunVerdictCounts;
  /** On the viewer's routes: the run never finished and has had no write for too long (its client stopped). */
  stalled?: RunStalled;
}

/** `GET /v1/runs`. */
export interface RunListResponse {
  evaluations: ApiRun[];
  pagination: { page: number; limit: number; total: number; total_pages: number };
}




/** `GET /viewer/runs/{id}`: the run page and its run. */
export type RunViewResponse = RunView & { run: ApiRun };

/** `GET /viewer/runs/{new}/compare/{old}`: the comparison page and both runs. */
export type CompareViewResponse = CompareView & { new_run: ApiRun; old_run: ApiRun };

/** `GET /v1/runs/{new}/compare-with/{old}` (the fields shown). */
export interface CompareWithResponse {
  commonDatapoints: string[];
  metrics: (ComparedRowJson & {
    metric_type: string;
    old_aggregate: number | null;
    new_aggregate: number | null;
    difference: number | null;
    percentage_change: number | null;
  })[];
  /** The datapoints' verdict compared (`pass_rate`). */
  pass_rate: ComparedRowJson | null;
  /** The app's and the evaluation's cost (`cost_usd`) and latency (`latency_ms`) compared. */
  usage: ComparedRowJson[];
}

/** A compared row of `compare-with`: its direction, counts, means and paired significance (core's comparison rule). */
export interface ComparedRowJson {
  metric_name: string;
  event_name: string;
  event_type: string;
  direction: MetricDirection | null;
  old_mean?: number | null;
  new_mean?: number | null;
  old_total?: number | null;
  new_total?: number | null;
  improved_count: number;
  degraded_count: number;
  same_count: number;
  significance: SignificanceJson | null;
}

/**
 * A row's paired test as `compare-with` writes it: core's {@link MetricSignificance} in snake_case, an infinite
 * detectable effect as null.
 */
export interface SignificanceJson extends Pick<MetricSignificance, "method" | "n" | "interval" | "p" | "discordant"> {
  mean_difference: MetricSignificance["meanDifference"];
  adjusted_p: MetricSignificance["adjustedP"];
  detectable_effect: number | null;
  verdict: SignificanceVerdict;
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
