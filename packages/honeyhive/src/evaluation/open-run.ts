import { runtime } from "../runtime/platform";
import { createApiClientIn, type ApiClient } from "../api-client/create-api-client";
import type { CircuitBreaker } from "../transport/circuit-breaker";
import { resolveTracerConfig } from "../config/resolve-config";
import { createLogger, type Logger } from "../internal/logger";
import { runPromptMetadata } from "./run-prompt";
import { EvaluationConfigError } from "../config/evaluation-config-error";
import { declaredMetricDirections, recordedEvaluatorOptions } from "../config/evaluator";
import { getGitInfo, gitRunMetadata } from "./git-info";
import { type DatasetFileFormat, fileFormatOf, loadDataset } from "../datasets/load-dataset";
import type { EvaluationPlan } from "./plan-evaluation";
import { inlineItemForms, loadRemoteDataset, preparedFromForms, type PreparedDataset } from "../datasets/prepare-dataset";
import { ResumedRunUnavailableError } from "./resumed-run-error";
import { createRun, reusedRunIdMessage, runDatasetFields, runExists, runPresence, type RunHandle } from "./run-lifecycle";
import { type PositionRange, shardRange, shardSlice } from "./shard";
import { NO_KEY_ERROR, OFFLINE_ERROR } from "@honeyhive/core/verdict/exit-rule";
import { firstTimeInProcess } from "../internal/process-state";
import { checkDatasetPin, type DatasetPinRead, readDatasetPin } from "../datasets/pinned-version";
import { inlineContent } from "../datasets/inline-content";
import { selectDatapoints } from "../datasets/select-datapoints";
import { readResumePoint, type ResumePoint } from "./resume-point";
import { type DatapointSlice, fileSlice, heldSlice, streamedSlice } from "./datapoint-slice";
import { streamRemoteDataset } from "../datasets/streamed-remote-dataset";
import { streamFileDataset } from "../datasets/streamed-file-dataset";

/** Said once per process when evaluate() runs without an API key, not on purpose and with no runner to say it. */
export const EVALUATE_NO_KEY_NOTICE =
  "no API key (option apiKey or HH_API_KEY): the experiment runs locally and is not uploaded; set HH_API_KEY to upload " +
  "it (for a local server: npx honeyhive serve, then HH_API_URL=http://127.0.0.1:4318 HH_API_KEY=local), or pass " +
  "offline: true to run locally on purpose";

/**
 * Without a key the run is local. Said once per process through the run's logger (the tracer's no-key warning is once
 * per process too), unless it is on purpose (`offline`) or a runner reports the run (the CLI and the test runners print
 * their own notice).
 */
function noticeNoKey(plan: EvaluationPlan, logger: Logger): void {
  if (plan.resolved.offline || plan.byRunner) return;
  if (!firstTimeInProcess("evaluate:no-api-key")) return;
  // an ingestion key sends traces only: a run, its dataset and results take the project key
  const ingestionOnly = plan.resolved.ingestionApiKey !== undefined ? " (an ingestion key alone uploads no experiment: a run needs the project key)" : "";
  logger.warn(EVALUATE_NO_KEY_NOTICE.replace("is not uploaded;", `is not uploaded${ingestionOnly};`));
}

/** An evaluation whose dataset is loaded and whose run is created (or could not be: it then runs locally). */
export interface OpenedRun {
  api: ApiClient | undefined;
  logger: Logger;
  /** The run's dataset: its id, and its content version when known up front (see {@link RunDataset}). */
  dataset: Pick<RunDataset, "datasetId" | "external" | "version">;
  /** The datapoints this process runs (its shard's slice), held or read from the server page by page. */
  slice: DatapointSlice;
  /** The run's metadata (caller's, git, offline dataset id) as sent at creation and completion. */
  metadata: Record<string, unknown>;
  run: RunHandle;
  /**
   * What a resumed run found on the server (`resume-point.ts`): its done datapoint runs and the sessions of the others,
   * by `datapointRunKey`; the pool takes each out as it reaches it (it is needed once), so what they hold is let go as
   * the run goes.
   */
  resumed?: ResumePoint;
  /** Aborted when the plan's signal aborts; datapoints listen to it. */
  controller: AbortController;
  /** Stops forwarding the plan's signal (once the pool is done). */
  detach(): void;
}

/**
 * A dataset as a run keeps it: its datapoints and its content version. The content's canonical entries (the text of
 * every datapoint, for the datapoint hashes a pinned run's drift check reads) are let go once the pin is checked: kept
 * for the whole run they would grow its memory with the dataset.
 */
export type RunDataset = Omit<PreparedDataset, "content"> & { version?: string };

/** The REST client of the run (undefined without an API key) and the logger it reports through. */
function connect(plan: EvaluationPlan, breaker: CircuitBreaker | undefined): { api: ApiClient | undefined; logger: Logger } {
  const r = plan.resolved;
  const logger = createLogger({ verbose: plan.options.verbose === true, secrets: [r.apiKey, r.ingestionApiKey].filter((k): k is string => k !== undefined) });
  for (const warning of r.envWarnings) logger.warn(warning); // ignored HH_* values of evaluate(), once per run
  // HH_API_TIMEOUT (seconds or ms) is resolved by the tracer configuration; the REST client uses the same value.
  // HH_COMPRESSION likewise.
  const { timeoutMs, compression } = resolveTracerConfig({ serverUrl: r.serverUrl }).config;
  const api = r.apiKey
    ? createApiClientIn({ serverUrl: r.serverUrl, apiKey: r.apiKey, ingestionApiKey: r.ingestionApiKey, fetch: plan.options.fetch, logger, timeoutMs, compression }, { breaker })
    : undefined;
  return { api, logger };
}

/**
 * The inline dataset or dataset file, with its content version when something reads it (`versioned`: the run is
 * created, where it is recorded, or a pinned version is checked; external ids read from `key`, a lock's field). A run
 * without an API key records it nowhere: its canonical entries and their hashes are not computed.
 */
async function inlineDataset(plan: EvaluationPlan, key: string | undefined, versioned: boolean): Promise<PreparedDataset | undefined> {
  const given = plan.options.dataset;
  if (given === undefined || given === null) return undefined;
  const items = typeof given === "string" ? await loadDataset(given) : given;
  const forms = inlineItemForms(items); // each item printed once, for its id and for the content version
  const prepared = preparedFromForms(items as readonly unknown[] as readonly Record<string, unknown>[], forms);
  const content = versioned ? inlineContent(items, key, forms) : undefined;
  return content ? { ...prepared, content } : prepared;
}

/**
 * The run's `configuration`: the caller's `configuration` option, then the keys the Python SDK records, and the
 * recorded options of `evaluator()` wrappers (`evaluator_options`, only when an evaluator has any) and the evaluators'
 * declared directions (`metric_directions`, read by every comparison).
 */
export function runConfiguration(plan: EvaluationPlan): Record<string, unknown> {
  const r = plan.resolved;
  const evaluatorOptions = recordedEvaluatorOptions(r.evaluators);
  const directions = declaredMetricDirections(r.evaluators);
  return {
    ...(plan.options.configuration ?? {}),
    function: r.functionName,
    evaluators: r.evaluators.map((e) => e.name),
    ...(Object.keys(evaluatorOptions).length > 0 ? { evaluator_options: evaluatorOptions } : {}),
    ...(Object.keys(directions).length > 0 ? { metric_directions: directions } : {}),
    max_workers: r.concurrency,
    aggregate_function: r.aggregateFunction,
    ...(r.trials > 1 ? { trials: r.trials } : {}),
    ...(r.timeoutMs !== undefined ? { timeout_ms: r.timeoutMs } : {}),
    ...(plan.shard ? { shards: plan.shard.count } : {}),
  };
}

/**
 * The run's dataset (the inline one, else loaded from the server), checked against the pinned version: throws when it
 * drifted unless drift is allowed, then said as a warning.
 */
async function pinnedDataset(plan: EvaluationPlan, inline: PreparedDataset | undefined, api: ApiClient | undefined, logger: Logger, pin: DatasetPinRead | undefined): Promise<RunDataset> {
  let dataset = inline;
  if (!dataset) {
    if (!api) throw new EvaluationConfigError("datasetId needs an API key (the apiKey option or HH_API_KEY)");
    dataset = await loadRemoteDataset(api, plan.options.datasetId as string, plan.signal);
  }
  const drift = checkDatasetPin(pin, dataset.content, dataset.datasetId, plan.allowDatasetDrift);
  if (drift !== undefined) logger.warn(`${drift}; running anyway (allowDatasetDrift)`);
  const { split, sample } = plan.options;
  const { content, ...kept } = dataset;
  const datapoints = split === undefined && sample === undefined ? dataset.datapoints : selectDatapoints(dataset.datapoints, split, sample);
  return { ...kept, datapoints, ...(content ? { version: content.version } : {}) };
}

/** What a run records about its dataset: the content version, and the split and sample it ran. */
function datasetRunMetadata(dataset: Pick<RunDataset, "version">, options: EvaluationPlan["options"]): Record<string, unknown> {
  return {
    ...(dataset.version !== undefined ? { dataset_version: dataset.version } : {}),
    ...(options.split !== undefined ? { dataset_split: options.split } : {}),
    ...(options.sample !== undefined ? { dataset_sample: { n: options.sample.n, seed: options.sample.seed ?? 0 } } : {}),
  };
}

function forwardAbort(signal: AbortSignal | undefined): { controller: AbortController; detach(): void } {
  const controller = new AbortController();
  runtime.node?.allowManyListeners(controller.signal); // one listener per datapoint in flight
  const forward = (): void => controller.abort(signal?.reason);
  if (signal?.aborted) forward();
  else signal?.addEventListener("abort", forward, { once: true });
  return { controller, detach: () => signal?.removeEventListener("abort", forward) };
}

/** The run's metadata before the dataset's: the caller's, then `git` and `prompt` when there are. */
function callerMetadata(plan: EvaluationPlan, git: unknown): Record<string, unknown> {
  const prompt = plan.resolved.prompt;
  return { ...(plan.options.metadata ?? {}), ...(git ? { git } : {}), ...(prompt ? { prompt: runPromptMetadata(prompt) } : {}) };
}

/**
 * Opens the run: loads the dataset (inline, file, or from the server), then creates the run on the server
 * (`POST /v1/runs`, unless cancelled already). A failed creation is logged and the evaluation runs locally, unless the
 * server holds the run after all (its reply was lost) or the run resumes (then it rejects).
 * Rejects when the dataset cannot be loaded, and with an {@link EvaluationConfigError} when a run id given explicitly
 * (not resuming, not sharded) is one the server holds already, before any datapoint runs. With a `breaker` (the datapoint tracers'), the run's REST client
 * shares it: one backend, one breaker for the whole run.
 */
export async function openRun(plan: EvaluationPlan, breaker?: CircuitBreaker): Promise<OpenedRun> {
  const pin = await readDatasetPin(plan.datasetVersion);
  const { api, logger } = connect(plan, breaker);
  const inline = streamedFile(plan, pin) === undefined ? await inlineDataset(plan, pin?.key, api !== undefined || pin !== undefined) : undefined;
  const { dataset, slice, datapointIds } = await runDatapoints(plan, inline, api, logger, pin);
  const { controller, detach } = forwardAbort(plan.signal);
  const git = plan.resolved.gitInfo ? gitRunMetadata(await getGitInfo()) : undefined; // off: no git command runs
  const version = datasetRunMetadata(dataset, plan.options);
  const { dataset_id, metadata } = runDatasetFields(dataset.datasetId, { ...callerMetadata(plan, git), ...version });
  const run = await createRunOf(plan, api, logger, controller.signal, { dataset_id, metadata, datapointIds });
  const point = plan.resolved.resume && api && run.created ? await resumePointOf(plan, api, run.runId, logger, controller.signal) : undefined;
  return { api, logger, dataset, slice, metadata, run, ...(point ? { resumed: point } : {}), controller, detach };
}

/**
 * The dataset file the run streams, and its form: a JSON Lines or JSON array file (by name) with no pinned version,
 * split or sample (a shard streams too, reading only its range).
 */
function streamedFile(plan: EvaluationPlan, pin: DatasetPinRead | undefined): { path: string; format: DatasetFileFormat } | undefined {
  const { dataset, split, sample } = plan.options;
  if (typeof dataset !== "string" || pin || split !== undefined || sample !== undefined) return undefined;
  const format = fileFormatOf(dataset);
  return format ? { path: dataset, format } : undefined;
}

/**
 * The run's dataset and the datapoints this process runs. A JSON Lines or JSON array file is read a row (a line, an
 * element) at a time in two passes (decision record 0089): the first checks every row and computes the ids and the
 * version, the second reads the rows as the run asks for them, a shard's only its slice's. A server dataset with no pinned version, split or
 * sample is read page by page as the run goes (decision record 0083), a shard's only its slice's pages: the first
 * datapoint runs once the first page is read, and the run holds a page or two of datapoints at a time. Any other
 * dataset is held whole.
 */
async function runDatapoints(
  plan: EvaluationPlan, inline: PreparedDataset | undefined, api: ApiClient | undefined, logger: Logger, pin: DatasetPinRead | undefined,
): Promise<{ dataset: OpenedRun["dataset"]; slice: DatapointSlice; datapointIds: readonly string[] }> {
  const o = plan.options;
  const file = streamedFile(plan, pin);
  if (file !== undefined) {
    const streamed = await streamFileDataset(file.path, file.format, undefined, shardRangeOf(plan));
    return { dataset: { datasetId: streamed.datasetId, external: true, version: streamed.version }, slice: fileSlice(streamed), datapointIds: streamed.ids };
  }
  if (!inline && api && !pin && o.split === undefined && o.sample === undefined) {
    const streamed = await streamRemoteDataset(api, o.datasetId as string, plan.signal, shardRangeOf(plan));
    return { dataset: { datasetId: streamed.datasetId, external: false }, slice: streamedSlice(streamed), datapointIds: streamed.ids };
  }
  const { datapoints, ...dataset } = await pinnedDataset(plan, inline, api, logger, pin);
  return { dataset, slice: heldSlice(shardSlice(datapoints, plan.shard)), datapointIds: datapoints.map((d) => d.datapointId) };
}

/** The positions of the plan's shard, given the dataset's length (undefined without a shard: every position is read). */
function shardRangeOf(plan: EvaluationPlan): ((length: number) => PositionRange) | undefined {
  const shard = plan.shard;
  return shard ? (length) => shardRange(length, shard) : undefined;
}

/**
 * Creates the run on the server (unless cancelled already); without a key the run is local (said once), and a failed
 * creation is said and the run is local. A resumable run needs a key. A run id given explicitly is checked first
 * unless the run resumes or is sharded (the shards of a run share its id on purpose): an existing run is refused.
 */
async function createRunOf(
  plan: EvaluationPlan, api: ApiClient | undefined, logger: Logger, signal: AbortSignal,
  fields: { dataset_id: string | null; metadata: Record<string, unknown>; datapointIds: readonly string[] },
): Promise<RunHandle> {
  if (!api) noticeNoKey(plan, logger);
  if (!api && plan.resolved.resume) throw new EvaluationConfigError("resume needs an API key: the run is resumed from what the server holds");
  if (signal.aborted) return { runId: plan.proposedRunId, created: false, error: "the run was cancelled before it started" };
  if (!api) return { runId: plan.proposedRunId, created: false, error: plan.resolved.offline ? OFFLINE_ERROR : NO_KEY_ERROR };
  const explicitId = plan.resolved.runId !== undefined && !plan.resolved.resume && !plan.shard;
  if (explicitId && (await runExists(api, plan.proposedRunId, signal))) throw new EvaluationConfigError(reusedRunIdMessage(plan.proposedRunId));
  const create = (): Promise<RunHandle> => createRun(api, {
    run_id: plan.proposedRunId, name: plan.name, status: plan.shard ? "running" : "pending", event_ids: [], dataset_id: fields.dataset_id,
    configuration: runConfiguration(plan), metadata: fields.metadata, datapoint_ids: [...new Set(fields.datapointIds)],
    ...(plan.options.passingRanges ? { passing_ranges: plan.options.passingRanges } : {}),
  });
  const run = await create();
  return run.created ? run : createdAfterAll(plan, api, logger, signal, run, create);
}

/**
 * The run whose creation failed, as the server holds it: the run's id is chosen here, so a run of that id found on the
 * server is this one (its creation's reply was lost) and the evaluation uses it. A creation that failed in a way
 * another attempt may not (no answer, 408, 429, 5xx) and whose run the server says it does not hold (404) is made
 * once more: it cannot make a second run. Else the evaluation runs locally, said once; a resumable run rejects
 * instead (it is resumed from what the server holds, never run locally).
 */
async function createdAfterAll(
  plan: EvaluationPlan, api: ApiClient, logger: Logger, signal: AbortSignal, failed: RunHandle, create: () => Promise<RunHandle>,
): Promise<RunHandle> {
  let presence = await runPresence(api, failed.runId, signal);
  if (presence === "absent" && failed.transient === true && !signal.aborted) {
    const again = await create();
    if (again.created) return again;
    failed = again;
    presence = await runPresence(api, failed.runId, signal);
  }
  if (presence === "found") {
    logger.debug(`the reply to the creation of run ${failed.runId} failed (${failed.error}), but the server holds the run: it is used`);
    return { runId: failed.runId, created: true };
  }
  if (plan.resolved.resume) {
    throw new ResumedRunUnavailableError(failed.runId, failed.error ?? "no answer");
  }
  logger.warn(`could not create the run; the experiment runs locally and is not uploaded (${failed.error})`);
  return failed;
}

/** What a resumed run finds on the server; said in the verbose log. Rejects with a {@link ResumedRunUnavailableError} when it cannot be read. */
async function resumePointOf(plan: EvaluationPlan, api: ApiClient, runId: string, logger: Logger, signal: AbortSignal): Promise<ResumePoint> {
  const point = await readResumePoint(api, runId, plan.resolved.functionName, signal).catch((error: unknown) => {
    if (signal.aborted) throw error;
    throw new ResumedRunUnavailableError(runId, error instanceof Error ? error.message : String(error), "its sessions could not be read to find what is done");
  });
  if (point.done.size > 0) logger.debug(`resume: ${point.done.size} datapoint run(s) of run ${runId} are done and are skipped`);
  if (point.unfinished.size > 0) logger.debug(`resume: ${point.unfinished.size} datapoint run(s) of run ${runId} run again in their sessions`);
  return point;
}
