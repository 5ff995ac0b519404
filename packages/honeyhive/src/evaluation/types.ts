import type { AggregateFunction, RunResultResponse } from "../api-client/types";
import type { FetchLike } from "../transport/send-http";
import type { ExecutionStatus, RunVerdict } from "@honeyhive/core/verdict/run-verdict";
import type { PassingRanges } from "@honeyhive/core/verdict/passing-range";
import type { EvaluatorSpec } from "../config/evaluator";
import type { ShardSpec } from "./shard";
import type { DatasetItem } from "../datasets/dataset-item";
import type { DatasetLock } from "../datasets/dataset-lock";
import type { DatasetSample } from "../datasets/select-datapoints";
import type { MetricValue } from "./evaluator-output";
import type { EvaluationTracer } from "./tracer-contract";
import type { Prompt } from "../prompts/prompt";
import type { RunCost } from "./cost-budget";
import type { MetricComparison, RunComparison } from "./compare-runs";

export type { RunCost };

/** The outcome of evaluate()'s `failOnRegression` gate. */
export interface RegressionGate {
  /** The metrics watched (`"any"`: the verdict and every metric). */
  watched: "any" | string[];
  /** False when a watched metric degraded significantly, or the gate could not be checked (`error`). */
  passed: boolean;
  /** The watched metrics that degraded significantly (corrected p below 0.05, in their direction). */
  regressions: MetricComparison[];
  /** Why the gate could not be checked: the run was not stored, the comparison failed, a watched metric is unknown. */
  error?: string;
}

/** Datapoints passed and failed, as one side of a {@link ServerSummaryMismatch} counts them (each datapoint id once). */
export interface PassFailCounts {
  passed: number;
  failed: number;
}

/**
 * The server's run summary and the local verdict count passed or failed datapoints differently: the server did not
 * store a datapoint's session or a metric that decides it, or computes a metric differently.
 */
export interface ServerSummaryMismatch {
  /** The local verdict's figures (those of `passed` and `failed`, which the result's verdict and exit code follow). */
  local: PassFailCounts;
  /** The figures of the server's run summary (its `passed` and `failed` lists). */
  server: PassFailCounts;
}

export type { DatasetItem } from "../datasets/dataset-item";

/** Third argument of the evaluated function. */
export interface EvaluationContext<T extends EvaluationTracer = EvaluationTracer> {
  /** This datapoint's own tracer (its own session). */
  tracer: T;
  /** Aborted when the datapoint times out or the run is cancelled. */
  signal: AbortSignal;
  datapointId: string;
  /** 0-based trial number (see `trials`). */
  trial: number;
}

/** The function under evaluation. */
export type EvaluatedFunction<I = Record<string, unknown>, G = unknown, O = unknown, T extends EvaluationTracer = EvaluationTracer> = (
  inputs: I,
  groundTruth: G,
  context: EvaluationContext<T>,
) => O | Promise<O>;

/** What `result.datapoints` keeps of each datapoint run (see {@link EvaluateOptions.datapointResults}). */
export type DatapointResultsMode = "full" | "summary";

/** Progress of a running evaluation, reported after every datapoint. */
export interface EvaluationProgress {
  name: string;
  runId: string;
  /** Datapoint runs that ran (to the end, or until the run was cancelled). */
  done: number;
  total: number;
  /** Datapoint runs among `done` whose function failed or timed out (one cancelled while it ran is not an error). */
  errors: number;
  /** (new) Datapoint runs that never started (the run was cancelled first): not errors, not done. */
  notRun?: number;
  elapsedMs: number;
  /** The datapoint that just finished. */
  last?: DatapointResult;
}

/** Where evaluate() writes progress (standard error by default). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Options of `evaluate()`: the old TS SDK's options plus the ones marked new. */
export interface EvaluateOptions<I = Record<string, unknown>, G = unknown, O = unknown, T extends EvaluationTracer = EvaluationTracer> {
  /** The function under evaluation: `(inputs, groundTruth, { tracer, signal, datapointId, trial })`. */
  function: EvaluatedFunction<I, G, O, T>;
  /**
   * Inline dataset, or the path of a dataset file (JSON array or JSON Lines, read with `loadDataset`, ids
   * as the Python SDK computes them for that file). Exactly one of `dataset` / `datasetId`.
   */
  dataset?: readonly DatasetItem<I, G>[] | string;
  /** HoneyHive dataset id (exactly one of `dataset` / `datasetId`). */
  datasetId?: string;
  /**
   * (new) Pins the dataset's content version: a `dsv-…` version, the path of a lock file written by
   * `honeyhive datasets pull --lock`, or such a lock. The evaluation refuses to start when the dataset's content
   * no longer has it (with a lock, the error counts the datapoints added, changed and removed since), unless
   * {@link EvaluateOptions.allowDatasetDrift}. Every uploaded run records the version it ran on as
   * `metadata.dataset_version` (a run without an API key does not compute an inline dataset's version unless pinned).
   */
  datasetVersion?: string | DatasetLock;
  /**
   * (new) Runs only the datapoints of this split: `metadata.split` of a HoneyHive datapoint, or a row's `split`
   * (`pushDataset` keeps it in `metadata.split`).
   */
  split?: string;
  /**
   * (new) Runs a seeded deterministic sample of `n` datapoints (of the split, when one is given): the same seed picks
   * the same datapoints, with the ids they have in the whole dataset. `trials` and `shard` apply to the sample.
   */
  sample?: DatasetSample;
  /** (new) Runs on a dataset whose content drifted from {@link EvaluateOptions.datasetVersion}, with a warning. @defaultValue false */
  allowDatasetDrift?: boolean;
  evaluators?: readonly EvaluatorSpec<O, I, G>[];
  /** Experiment (run and session) name. @defaultValue `experiment-<run id prefix>` */
  name?: string;
  /** Label kept in the result (old TS SDK). */
  suite?: string;
  /** Datapoints in flight at once. Alias: `maxWorkers`. Env `HH_MAX_WORKERS`. @defaultValue 10 */
  maxConcurrency?: number;
  /** Old name of `maxConcurrency`. */
  maxWorkers?: number;
  /**
   * (new) Evaluator calls in flight across the whole run, in their own pool apart from the datapoints' (an LLM
   * judge has its own rate limits). An evaluator call that fails with a rate-limit error (HTTP 429, as the
   * openai and Anthropic clients throw) is retried after the provider's `retry-after` or a backoff.
   * Env `HH_EVALUATOR_CONCURRENCY`. @defaultValue the run's datapoint concurrency
   */
  evaluatorConcurrency?: number;
  /** `false` runs one datapoint at a time (old TS SDK). @defaultValue true */
  runConcurrently?: boolean;
  /**
   * Env `HH_API_KEY`. Without a key the experiment runs locally and nothing is uploaded, said once per process (not
   * with `offline: true`, nor under `honeyhive eval` or a test runner, which say it themselves).
   */
  apiKey?: string;
  /**
   * An ingestion API key (`hh_ingst_...`): what the datapoints' traces, sessions and session updates are sent with,
   * while the run, its dataset and results use `apiKey` (a run needs the project key: an ingestion key alone uploads
   * nothing). Env `HH_INGESTION_API_KEY`. A value that is not a complete ingestion key throws a `MalformedApiKeyError`.
   */
  ingestionApiKey?: string;
  /** Env `HH_API_URL`. */
  serverUrl?: string;
  /**
   * (new) Runs locally on purpose: nothing is sent even when an API key is configured (`honeyhive eval --offline`).
   * @defaultValue false
   */
  offline?: boolean;
  project?: string;
  /**
   * Added to the run's metadata (beside `git`, recorded by the SDK unless {@link EvaluateOptions.gitInfo} is false).
   * Scalar entries label the run in the viewer's runs list, run page and comparison header, and filter the runs list.
   */
  metadata?: Record<string, unknown>;
  /**
   * (new) Records the working directory's git information in the run's metadata as `git`: `commit_hash`, `branch`,
   * `is_dirty`, `commit_message`, `author`, `remote_url` (credentials removed) and `commit_link`. `false` records
   * none and runs no git command (a private repository's remote URL and the author's name stay on the machine).
   * Env `HH_GIT_INFO`; the 1.0 SDK's `HONEYHIVE_TELEMETRY=false` is honoured as a legacy alias. @defaultValue true
   */
  gitInfo?: boolean;
  /**
   * (new) What the run was configured with (model, prompt version, temperature…): added to the run's
   * `configuration` beside the SDK's own keys (function, evaluators, max_workers…, which win on a clash).
   * Shown and filterable in the viewer like `metadata`.
   */
  configuration?: Record<string, unknown>;
  /**
   * (new) The prompt this experiment runs with (from `getPrompt()`): every datapoint's calls are linked to it (as inside
   * `withPrompt`), and the run records it as `metadata.prompt` (`name`, `version`, `env`, `config_id`, `template`), so a
   * comparison says when two runs used different prompts.
   */
  prompt?: Prompt;
  verbose?: boolean;
  disableHttpTracing?: boolean;
  instrumentModules?: Record<string, unknown>;
  /**
   * (new) Each datapoint's calls to other services carry its session id (as the tracer option of that name): a service
   * or MCP server in another process whose tracer has `trustIncomingSession: true` then records into the datapoint's
   * session, and counts in the datapoint's results. Off by default: such a service keeps a session of its own, linked
   * to its caller, which is never counted as one of the run's datapoints.
   * @defaultValue false
   */
  propagateSessionId?: boolean;
  /** (new) Use this run id instead of a new UUID. */
  runId?: string;
  /**
   * (new) Makes the run resumable: run again with the same `runId` (after a crash, a kill, a cancelled CI job), it
   * skips the datapoint runs the server holds as done (session updated and the datapoint's span stored) and runs the
   * others, each into the same session as before, so no datapoint runs twice and none is lost. Needs `runId` and an API
   * key. Set it from the first attempt: a run first made without it is resumed too (its unfinished datapoints run again
   * in their sessions), but only a resumable attempt's sessions state each outcome. @defaultValue false
   */
  resume?: boolean;
  /** (new) Aggregation of the server-side summary. @defaultValue "average" */
  aggregateFunction?: AggregateFunction;
  /**
   * (new) Per-datapoint time limit; the datapoint's signal is aborted. When it ends the function, the datapoint is
   * recorded as timed out at once; a function that ignores the signal keeps its slot of `maxConcurrency` while it
   * runs, for at most one more `timeoutMs` (then it is left running, see {@link EvaluationResult.leftRunning}). When
   * it ends during the evaluators, only the evaluators still running fail (each its own metric, "timed out"), and the
   * datapoint keeps the scores it has.
   */
  timeoutMs?: number;
  /**
   * (new) Most one evaluator call may take once it has its slot in the evaluator pool (env
   * `HH_EVALUATOR_TIMEOUT_MS`). A call that runs longer fails its own metric ("timed out after N ms") at once; the
   * datapoint keeps its other scores. While the call still runs it keeps its slot, for at most one more
   * `evaluatorTimeoutMs`, so an evaluator that never settles never holds up the run. @defaultValue 60000
   */
  evaluatorTimeoutMs?: number;
  /** (new) Cancels the run: no new datapoints start, running ones are aborted, partial results are returned. */
  signal?: AbortSignal;
  /** (new) Runs every datapoint this many times, each in its own session. @defaultValue 1 */
  trials?: number;
  /** (new) Writes {@link formatEvaluationResult}'s table to standard output. @defaultValue false */
  printResults?: boolean;
  /**
   * (new) Passing ranges per metric (`{ min?, max?, pass_when?, min_pass_trials? }`), also sent to the run as
   * `passing_ranges`. A metric with a range decides by it; a boolean metric without one passes only when true; other
   * metrics without one do not decide; a datapoint whose function failed or timed out fails. With `trials`,
   * `min_pass_trials: k` passes a datapoint on that metric when at least k of its trials pass it (k of n), and each of
   * its trials then reads that outcome. A range also says which way the metric is better in comparisons (a `max`
   * alone: lower).
   */
  passingRanges?: PassingRanges;
  /**
   * (new) A cost budget for the run, in US dollars: every model call of the run (the app's and the LLM judges') adds
   * its cost as it ends — the cost it reports, else its price by `@honeyhive/dev-server`'s price data when that package
   * is installed (`honeyhive serve`'s); once the total reaches the budget the run is cancelled (as its `signal`
   * would cancel it) and the datapoints not started are reported as not run. `result.cost` says what was spent and how
   * many calls had no price (their cost is unknown, so the budget cannot count them). `honeyhive eval --max-cost-usd`.
   */
  maxCostUsd?: number;
  /**
   * (new) Compares the run, once it is stored, with this earlier run (its id): `result.comparison`, as `compareRuns`
   * computes it (each metric in its direction, with paired significance; cost and latency alike).
   */
  compareWith?: string;
  /**
   * (new) The CI gate on evidence, with `compareWith`: the metrics whose significant degradation fails the run
   * (metric names; `pass_rate` for the datapoints' verdict, `cost_usd` / `latency_ms` for the usage; `"any"`: the verdict
   * or any metric). `result.regressionGate` says whether it passed; `honeyhive eval` exits 1 and the test runners fail
   * on a regression, and then failing datapoints alone do not fail the run.
   */
  failOnRegression?: "any" | string | readonly string[];
  /**
   * (new) Called after every datapoint (the CLI's progress bar); errors in it are ignored. Its `last` is the datapoint
   * run's full result in either {@link EvaluateOptions.datapointResults} mode: write it where you keep results.
   */
  onProgress?: (progress: EvaluationProgress) => void;
  /**
   * (new) What `result.datapoints` keeps of each datapoint run. `"full"`: everything. `"summary"`: the ids, status,
   * error, scores, event metrics, duration and verdict of every run, and the inputs, ground truth and outputs only of
   * the runs that did not pass (the others have `inputs: {}` and no ground truth or outputs), so that a run of
   * 100,000 datapoints holds kilobytes per failure rather than per datapoint. Aggregates, verdicts, counts,
   * comparisons, resume and shards are the same in both modes; each full result still reaches `onProgress`.
   * @defaultValue "full"
   */
  datapointResults?: DatapointResultsMode;
  /**
   * (new) Runs only shard `index` (1-based) of `count` of the dataset; shards given the same `runId` fill one
   * run, completed when the last shard finishes. See `honeyhive eval --shard`.
   */
  shard?: ShardSpec;
  /** Test seam: fetch used by the REST client and the tracers. */
  fetch?: FetchLike;
  /**
   * (new) Progress on standard error: by default shown only when standard error is a terminal (and `CI` is
   * not set); `false` never, `true` always (plain lines when not a terminal).
   */
  progress?: boolean;
  /** Test seam: where progress is written. @defaultValue process.stderr */
  progressStream?: ProgressStream;
  /** Test seam: where `printResults` writes. @defaultValue process.stdout */
  writer?: { write(text: string): unknown };
}

/**
 * Outcome status of one datapoint: `cancelled` when the run was cancelled while it ran, `not_run` when the run was
 * cancelled before it started (neither passed nor failed).
 */
export type DatapointStatus = "success" | "failed" | "timed_out" | "cancelled" | "not_run";

/** The result of one datapoint (one trial of it). */
export interface DatapointResult {
  index: number;
  trial: number;
  datapointId: string;
  sessionId: string | undefined;
  inputs: Record<string, unknown>;
  groundTruth: unknown;
  outputs: unknown;
  status: DatapointStatus;
  error?: string;
  /** Evaluator scores by name (plus `_explanation` / `_<extra>` entries). */
  metrics: Record<string, MetricValue>;
  /** Errors of failed evaluators by name. */
  evaluatorErrors: Record<string, string>;
  /**
   * (new) The metrics the function and the functions it traced wrote in the datapoint's session
   * (`enrichSpan({ metrics })`, `trace(fn, { metrics })`, `honeyhive_metrics.*` span attributes,
   * `enrichSession({ metrics })`): each scalar value (numbers, booleans) with the event it was written on. They decide
   * `passed` and are aggregated in {@link EvaluationResult.metrics} as the server's run summary does. Absent when there
   * are none; the evaluators' scores stay in `metrics`.
   */
  eventMetrics?: EventMetric[];
  /** (new) Event metric values not kept (more than 1,000 in the datapoint's session); absent when none were dropped. */
  eventMetricsDropped?: number;
  /**
   * Milliseconds of the datapoint's span: its function and its evaluators (what the viewer shows as the datapoint's
   * `chain` event, and, within a few ms, its session), not its wait for a pool slot nor its session's closing
   * requests. The JSON report's `durationMs` and the JUnit `time` (in seconds). 0 for a datapoint not run.
   */
  durationMs: number;
  passed: boolean;
}

/** A metric value written on an event of a datapoint's session, keyed as the server's run summary keys it. */
export interface EventMetric {
  name: string;
  /** The event's name (a traced function's name, the datapoint's function, the session's name). */
  eventName: string;
  /** The event's type (`chain`, `tool`, `model`, `session`…). */
  eventType: string;
  value: number | boolean;
}

/**
 * Aggregates of one metric over all datapoints (booleans count as 1/0; strings only count). The numbers cover the
 * datapoint runs that have a value; `missing` says how many ran without one.
 */
export interface MetricAggregate {
  average: number | null;
  min: number | null;
  max: number | null;
  median: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  sum: number | null;
  /** Values recorded (strings included). */
  count: number;
  /**
   * Datapoint runs that ran (not "not run") with no value for this metric: their function failed or timed out, or
   * the evaluator threw, timed out or returned nothing. A metric that could not be computed is never averaged in.
   */
  missing: number;
}

/** Result of `evaluate()`: the old TS SDK's fields plus the new ones. */
export interface EvaluationResult {
  runId: string;
  datasetId: string;
  sessionIds: string[];
  /**
   * How the run executed: `completed`, `running` (this shard ran to the end; the run completes when the last
   * shard finishes), `cancelled` (stopped early), or `failed` (no datapoint's function completed). Separate
   * from {@link EvaluationResult.verdict}: a completed run may have every datapoint failed.
   */
  status: ExecutionStatus;
  /** How many datapoint runs passed, failed and were not run (see `passingRanges` for the rule). */
  verdict: RunVerdict;
  suite: string;
  stats: { duration_s: number; total: number; succeeded: number; failed: number; timed_out: number; cancelled: number; not_run: number };
  /** Old TS SDK shape: one JSON string per datapoint (made on its first read). */
  data: { input: string[]; output: string[]; metrics: string[]; metadata: string[]; ground_truth: string[] };
  name: string;
  /**
   * Each datapoint run's result, in dataset order (trials together). In `datapointResults: "summary"` mode the array
   * is made on its first read, then kept: a caller reading only the counts, verdict and aggregates never holds it.
   */
  datapoints: DatapointResult[];
  metrics: Record<string, MetricAggregate>;
  /** Datapoint ids that passed / failed / were not run (see `passingRanges`; one entry per datapoint run). */
  passed: string[];
  failed: string[];
  notRun: string[];
  aggregateFunction: AggregateFunction;
  /** True when the run was created and completed on the server. */
  uploaded: boolean;
  uploadError?: string;
  runUrl?: string;
  /** (new) With `maxCostUsd`: what the run's model calls cost, and whether the budget was reached (the run cancelled). */
  cost?: RunCost;
  /** (new) With `compareWith`: the comparison with that run, once this one was stored. */
  comparison?: RunComparison;
  /** (new) With `failOnRegression`: the gate's outcome. */
  regressionGate?: RegressionGate;
  /**
   * (new) The server's `GET /v1/runs/{id}/result` summary, when it could be fetched, without its per-datapoint
   * detail: its status, verdict counts, `passed` / `failed` / `not_run` datapoint ids, each metric's aggregate
   * (`metrics.details`, without their `values` and `datapoints`) and the run object without its `event_ids` and
   * `datapoint_ids`; the `datapoints` list is left out too. That detail is tens of MB at 100,000 datapoints and is
   * never parsed here (`RunsApi.resultWithoutDetail`); the whole answer is `new HoneyHive({ apiKey }).experiments.getExperimentResult(runId)`'s.
   */
  serverSummary?: RunResultResponse;
  /**
   * (new) Present when the server's summary ({@link EvaluationResult.serverSummary}) counts passed or failed datapoints
   * differently from the local verdict; said in a warning too. The result's verdict stays the local one. Not checked
   * for a shard (the summary covers every shard of the run).
   */
  serverSummaryMismatch?: ServerSummaryMismatch;
  /** The shard of the dataset this evaluation ran (the `shard` option), when it ran one. */
  shard?: ShardSpec;
  /**
   * (new) Timed-out calls — functions past `timeoutMs`, evaluator calls past `evaluatorTimeoutMs` — that were still
   * running one more time limit after their timeout, or when the run ended; absent when there were none. A
   * timed-out call keeps its pool slot while it runs, so that `maxConcurrency` and `evaluatorConcurrency` bound the
   * calls really in flight, but for at most that long: these were then left running, outside the bound, their results
   * ignored. The run also says so in one warning.
   */
  leftRunning?: number;
}
