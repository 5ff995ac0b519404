/**
 * Shapes the viewer's server routes send and its browser client reads: one definition for both sides
 * (type-only, so the browser bundle gets no server code).
 */
import type { DatasetHandles } from "./dataset-handles";
import type { Usage, UsageBySide } from "./usage";
export type { Usage, UsageBySide };

/** A value cut for a table cell. */
export interface ValuePreview {
  /** Compact JSON (or the string itself), at most `maxChars` characters. */
  text: string;
  /** True when `text` is a prefix of the full value. */
  truncated: boolean;
  /** Length in characters of the full text. */
  length: number;
}

/** One row of the session list: the session's own summary fields (its `error` is the first error found, shortened) and its counts. */
export interface SessionSummary extends TreeSession {
  /** Events of the session, the session event itself excluded. */
  num_events: number;
  /** Events (the session included) with an error. */
  num_errors: number;
  /** An evaluation session's verdict by its run's rule (as the run page shows it); absent for other sessions. */
  verdict?: "passed" | "failed";
}

/** One event of the tree, without its payload (fetch `GET /v1/events/{id}` for that). */
export interface TreeEvent {
  id: string;
  parent: string | null;
  type: string;
  name: string;
  start: number | null;
  end: number | null;
  /** The error, shortened; null when the event succeeded. */
  error: string | null;
  /** Tokens and cost, when the event records them. */
  usage?: Usage;
  /** Present when the event is evaluation work (an evaluator's or LLM judge's span). */
  evaluation?: true;
  /** Present when the event's parent is an event of another session (a distributed trace): where it was called from. */
  called_from?: CalledFrom;
}

/** The session event's own summary fields. */
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
  /** For an evaluation session, its datapoint's first input value (shortened); else null. */
  label: string | null;
  /** On the session page: the caller of a session started under another service's span (distributed tracing). */
  called_from?: CalledFrom;
}

/**
 * Where a session was called from: the caller's session (named by the caller's headers, else the session of the
 * caller's event when this project holds it) and the caller's event, when stored here.
 */
export interface CalledFrom {
  session_id: string | null;
  /** The caller's session's name, when that session is stored in this project. */
  session_name: string | null;
  /** The caller's event (its span), when stored in this project. */
  event_id: string | null;
}

/** The tree response; `unchanged` when the caller's stamp still matches. */
export type SessionTree =
  | { stamp: string; unchanged: true }
  | { stamp: string; unchanged: false; session: TreeSession; events: TreeEvent[]; total: number; truncated: boolean; usage: Usage | null; usage_by_side: UsageBySide };

/** One datapoint row. */
export interface DatapointRow {
  /** The datapoint's 0-based dataset index as evaluate() returns it (`result.datapoints[i].index`); null when unknown. */
  index: number | null;
  /** The 0-based trial in a run of several trials; else null. */
  trial: number | null;
  /** How the CLI and the reports name this datapoint run (`#3`, `#3 trial 1`: core's `datapointRunLabel`); null when unknown. */
  label: string | null;
  datapoint_id: string | null;
  /** The case name the test runners (`honeyhive/vitest`, `honeyhive/jest`) gave the datapoint, if any. */
  case_name: string | null;
  session_id: string;
  passed: boolean;
  metrics: Record<string, { value: number | boolean; passed: boolean }>;
  inputs: ValuePreview;
  outputs: ValuePreview;
  ground_truth: ValuePreview;
  duration: number | null;
  /** The datapoint's own error (its function failed or timed out), as the run summary and the runs list count it. */
  error: string | null;
  /** Its evaluators' errors (`evaluator "judge" failed: …`): the datapoint failed, but did not error. */
  evaluator_errors: string | null;
}

/** Direction of a metric, or of a whole datapoint ("mixed" when some metrics improved and others degraded). */
export type Verdict = "improved" | "degraded" | "same" | "mixed";

/** Filters of the comparison: a verdict, or `changed` (the output differs). */
export type CompareVerdictFilter = Verdict | "changed";

/** One paired datapoint of a comparison. */
export interface CompareRow {
  datapoint_id: string;
  /** The datapoint's session in each run; null where it was not run. */
  old_session_id: string | null;
  new_session_id: string | null;
  /** What happened to its function in each run: ran, errored (threw, timed out) or not run. */
  old_state: "ran" | "errored" | "not_run";
  new_state: "ran" | "errored" | "not_run";
  /** Over its metrics and its execution: ran before and errored or not run now is degraded (a regression). */
  verdict: Verdict;
  /** The two sessions' outputs differ. */
  output_changed: boolean;
  metrics: Record<string, { old: number | null; new: number | null; delta: number | null; verdict: Verdict | null }>;
  inputs: ValuePreview;
  old_output: ValuePreview;
  new_output: ValuePreview;
  ground_truth: ValuePreview;
}

/**
 * A value sent for diffing, capped: `value` is the value itself when its JSON fits the cap; otherwise
 * only `text`, a prefix of its text form, is sent and `truncated` is true.
 */
export interface DiffValue {
  /** The value (absent when it was too large to send whole, or when there is none). */
  value?: unknown;
  /** The string itself, or pretty JSON, cut at the cap. */
  text: string;
  truncated: boolean;
  /** Length in characters of the full text. */
  length: number;
}

/** One side of a compared datapoint. */
export interface CompareSide {
  session_id: string;
  outputs: DiffValue;
}

/** `GET /viewer/runs/{new}/compare/{old}/datapoint?datapoint_id=`: one datapoint in full, for the diff. */
export interface CompareDatapoint {
  datapoint_id: string;
  inputs: DiffValue;
  ground_truth: DiffValue;
  old: CompareSide | null;
  new: CompareSide | null;
  /** Where the two runs' trajectories part (null unless both runs have the datapoint and one of them called a tool). */
  trajectory: TrajectoryComparison | null;
}

/** An argument or result of a tool call, as text (pretty JSON, or the string itself), cut at a cap. */
export interface TrajectoryText {
  text: string;
  truncated: boolean;
  /** Length in characters of the full text. */
  length: number;
}

/** One tool call of a session's trajectory, in the order the agent made them. */
export interface TrajectoryToolCall {
  index: number;
  name: string;
  arguments: TrajectoryText | null;
  result: TrajectoryText | null;
  error: string | null;
  /** `tool`: the tool's own event recorded it; `model`: only the model's reply that asked for it. */
  recorded_by: "tool" | "model";
  /** The event that recorded it. */
  event_id: string;
  duration_ms: number | null;
}

/** One scorer's verdict on a session (`passed` null when nothing decides it). */
export interface TrajectoryVerdict {
  name: string;
  value: number | boolean;
  passed: boolean | null;
  /** What the scorer said of it (`<name>_explanation`), when it said something. */
  explanation: string | null;
}

/** `GET /viewer/sessions/{id}/trajectory`: the session's tool calls in order, beside its scorers' verdicts. */
export interface SessionTrajectory {
  session_id: string;
  /** The datapoint's verdict by its run's rule (null outside a run). */
  passed: boolean | null;
  verdicts: TrajectoryVerdict[];
  tool_calls: TrajectoryToolCall[];
  model_calls: number;
  tool_errors: number;
  /** The session holds more events than the trajectory reads: it is built from the first of them. */
  truncated: boolean;
}

/** The old and new runs' trajectories of a paired datapoint: their tools in order and where they first part. */
export interface TrajectoryComparison {
  old_tools: string[];
  new_tools: string[];
  /** Null when the two trajectories are the same (tools and arguments). */
  divergence: { index: number; kind: "name" | "arguments" | "missing" | "extra"; text: string } | null;
}

/** A metric's distribution over a run: a histogram of numbers, or the true / false counts of a boolean. */
export type MetricDistribution =
  | { kind: "numeric"; min: number; max: number; counts: number[] }
  | { kind: "boolean"; true_count: number; false_count: number };

/** Duration percentiles (ms, nearest rank) over `count` values. */
export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** One point of a metric's trend over runs of the same name. */
export interface TrendPoint {
  run_id: string;
  created_at: string;
  value: number | null;
}

/** A metric's average over the runs sharing a name, oldest first. */
export interface MetricTrend {
  metric_name: string;
  points: TrendPoint[];
}

/** A dataset in the viewer's list: stored on the dev server, or offline (`EXT-`) and known from runs. */
export interface DatasetSummary {
  id: string;
  name: string;
  kind: "stored" | "offline";
  description: string | null;
  datapoints: number;
  runs: number;
  last_run_at: string | null;
}

/** A datapoint's result in one run. */
export interface DatasetResult {
  run_id: string;
  session_id: string;
  passed: boolean;
  metrics: { name: string; value: number | boolean }[];
}

/** A datapoint of a dataset with its result in each shown run (null where the run lacks it). */
export interface DatasetRow {
  datapoint_id: string;
  /** A stored datapoint's external id and split (core's `dataset-content` rule); null for an offline one. */
  external_id: string | null;
  split: string | null;
  inputs: ValuePreview;
  ground_truth: ValuePreview;
  results: (DatasetResult | null)[];
}

/** `GET /viewer/datasets/{id}`. */
export interface DatasetDetail {
  dataset: DatasetSummary;
  /** Its handles as code: id, content version, splits. */
  handles: DatasetHandles;
  /** The runs shown as columns (the latest ones, oldest first). */
  runs: { id: string; name: string; status: string; created_at: string }[];
  rows: DatasetRow[];
  total: number;
  page: number;
  limit: number;
}

/** One metric column (a metric of one event name and type). */
export interface MetricColumn {
  id: string;
  metric_name: string;
  event_name: string;
  event_type: string;
}

/** A metric column with its aggregate over the run. */
export interface MetricAggregateView extends MetricColumn {
  metric_type: string;
  aggregate: number | null;
  count: number;
  passed: number;
  failed: number;
  passing_range: unknown;
  /** Whether the metric passes or fails datapoints at all (false: numbers without a min / max). */
  decides_verdict: boolean;
  /** Histogram or pass / fail counts. */
  distribution: MetricDistribution;
}

/** The run page. */
export interface RunView {
  /** The aggregation function of `aggregates` (average, median, p90, …). */
  aggregation_function: string;
  aggregates: MetricAggregateView[];
  columns: MetricColumn[];
  passed: number;
  failed: number;
  /** Datapoints of the run that never started (cancelled before): neither passed nor failed. */
  not_run: number;
  datapoints: number;
  rows: DatapointRow[];
  /** Tokens and cost of the run's model calls (`callTotals` over the events of its sessions). */
  usage: Usage | null;
  /** The same split into the app's calls and the evaluation's (`callTotalsBySide`). */
  usage_by_side: UsageBySide;
  /** Session duration percentiles over the whole run. */
  durations: Percentiles | null;
  /** Rows matching the status filter. */
  total: number;
  page: number;
  limit: number;
}

/** The comparison page. */
export interface CompareView {
  columns: MetricColumn[];
  counts: Record<Verdict, number> & { changed: number | null };
  common: number;
  only_new: number;
  only_old: number;
  rows: CompareRow[];
  total: number;
  page: number;
  limit: number;
}

/** One label that tells a run apart: git (commit, branch, dirty), the caller's metadata or configuration. */
export interface RunLabel {
  source: "git" | "metadata" | "configuration";
  key: string;
  value: string;
  /** Longer text for a tooltip (the commit message). */
  title?: string;
}

/**
 * A run that never finished (status `pending` or `running`) with no write for longer than the server's threshold
 * (`stalledRunAfterMs`, default 10 minutes): its client stopped before completing it (killed, or cut off from a dev
 * server that was restarted). Derived at read time, so a write to the run or its sessions makes it live again.
 */
export interface RunStalled {
  /** The run's last write (ISO): its own update, or the newest time its sessions' events record. */
  since: string;
  /** The threshold it went past, in ms. */
  threshold_ms: number;
}

/**
 * A run's verdict counts in the runs list (the one verdict rule, as on the run page): passed, failed (including
 * `errored`, datapoints whose evaluated function did not complete), not run (never started), and their total.
 */
export interface RunVerdictCounts {
  passed: number;
  failed: number;
  errored: number;
  not_run: number;
  total: number;
}

/** One content version of a prompt on the viewer's Prompts page, with the events made with it. */
export interface PromptVersionSummary {
  version: string;
  saved_at: string;
  env: string[];
  /** Events whose config carries this prompt's name and version. */
  events: number;
  /** The latest of them (at most 5). */
  recent: { event_id: string; session_id: string; event_name: string; start_time: number }[];
}

/** `GET /viewer/prompts`: each prompt (configuration) with its environments and versions, newest first. */
export interface PromptSummary {
  id: string;
  name: string;
  env: string[];
  provider: string;
  versions: PromptVersionSummary[];
}
