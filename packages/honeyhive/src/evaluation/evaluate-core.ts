import { runtime } from "../runtime/platform";
import { createApiClient } from "../api-client/create-api-client";
import { resolveTracerConfig } from "../config/resolve-config";
import { createLogger } from "../internal/logger";
import { safeInvoke } from "../internal/safe-invoke";
import { newUuid } from "../internal/uuid";
import { executionStatus } from "../verdict/run-verdict";
import { buildEvaluationResult } from "./build-result";
import { EvaluationConfigError } from "./evaluation-config-error";
import { formatEvaluationResult } from "./format-result";
import { getGitInfo, gitRunMetadata } from "./git-info";
import { loadDataset } from "./load-dataset";
import { loadRemoteDataset, prepareInlineDataset, type PreparedDataset } from "./prepare-dataset";
import { resolveEvaluateOptions } from "./resolve-evaluate-options";
import { runDatapoint, type DatapointRunSettings } from "./run-datapoint";
import { completeRun, createRun, fetchRunSummary, runDatasetFields, runViewUrl, type RunHandle } from "./run-lifecycle";
import type { DatapointTracerFactory, EvaluationTracer } from "./tracer-contract";
import type { DatapointResult, EvaluateOptions, EvaluationResult } from "./types";
import { anySignal } from "../internal/any-signal";
import { getEvaluationRunHooks, type EvaluationRunHooks } from "./run-hooks";
import { runWorkerPool } from "./worker-pool";
import { finishShard, resolveShard, shardSlice } from "./shard";
import { createProgressDisplay, scriptProgressMode } from "./progress-display";

function cancelledPlaceholder(dataset: PreparedDataset, index: number, trials: number): DatapointResult {
  const item = dataset.datapoints[Math.floor(index / trials)]!;
  return {
    index: item.index, trial: index % trials, datapointId: item.datapointId, sessionId: undefined, inputs: item.inputs,
    groundTruth: item.groundTruth, outputs: undefined, status: "not_run", error: "not run: the run was cancelled before it started",
    metrics: {}, evaluatorErrors: {}, durationMs: 0, passed: false,
  };
}

function withHooks(options: EvaluateOptions, hooks: EvaluationRunHooks): EvaluateOptions {
  if (!options || typeof options !== "object") return options;
  const merged: EvaluateOptions = { ...options };
  if (hooks.concurrency !== undefined) {
    merged.maxConcurrency = hooks.concurrency;
    merged.runConcurrently = true;
  }
  const signal = anySignal([options.signal, hooks.signal]);
  if (signal) merged.signal = signal;
  if (hooks.suppressPrint) {
    merged.printResults = false;
    merged.progress = false;
  }
  if (hooks.shard) merged.shard = hooks.shard;
  if (hooks.offline) merged.offline = true;
  const runId = hooks.runId?.(typeof options.name === "string" && options.name.trim() !== "" ? options.name.trim() : options.function?.name);
  if (runId) merged.runId = runId;
  if (hooks.onProgress) {
    const own = options.onProgress;
    merged.onProgress = (p) => {
      safeInvoke(() => hooks.onProgress?.(p), undefined);
      if (typeof own === "function") own(p);
    };
  }
  return merged;
}

/**
 * The evaluate() runner with the per-datapoint tracer factory injected (evaluate() passes one creating a
 * `HoneyHiveTracer`). Validates everything before any request, then: load/prepare the dataset, create the
 * run, run datapoints on a bounded pool, complete the run, fetch the server summary, build the result.
 * Reports to the process-wide {@link EvaluationRunHooks} when a runner installed them.
 */
export function runEvaluation<I, G, O, T extends EvaluationTracer>(
  options: EvaluateOptions<I, G, O, T>,
  createTracer: DatapointTracerFactory<T>,
): Promise<EvaluationResult> {
  const hooks = getEvaluationRunHooks();
  if (!hooks) return runEvaluationOnce(options as unknown as EvaluateOptions, createTracer as DatapointTracerFactory, undefined);
  const promise = runEvaluationOnce(withHooks(options as unknown as EvaluateOptions, hooks), createTracer as DatapointTracerFactory, hooks).then(
    (result) => (safeInvoke(() => hooks.onFinish?.(result), undefined), result),
    (error: unknown) => {
      safeInvoke(() => hooks.onError?.(error), undefined);
      throw error;
    },
  );
  safeInvoke(() => hooks.track?.(promise), undefined);
  return promise;
}

/**
 * Keeps the process alive while an evaluation runs: its pending work may be only unref'ed handles (the
 * SDK's HTTP sockets and timers are unref'ed so that tracing never holds a process open), and a script or
 * the CLI awaiting evaluate() must not exit in the middle of a run.
 */
async function runEvaluationOnce(o: EvaluateOptions, createTracer: DatapointTracerFactory, hooks: EvaluationRunHooks | undefined): Promise<EvaluationResult> {
  const keepAlive = setInterval(() => undefined, 60_000);
  try {
    return await runEvaluationSteps(o, createTracer, hooks);
  } finally {
    clearInterval(keepAlive);
  }
}

async function runEvaluationSteps(o: EvaluateOptions, createTracer: DatapointTracerFactory, hooks: EvaluationRunHooks | undefined): Promise<EvaluationResult> {
  const started = performance.now();
  const r = resolveEvaluateOptions(o);
  const shard = resolveShard(o.shard);
  let dataset = o.dataset !== undefined && o.dataset !== null
    ? prepareInlineDataset(typeof o.dataset === "string" ? await loadDataset(o.dataset) : o.dataset)
    : undefined;
  const logger = createLogger({ verbose: o.verbose === true, secrets: r.apiKey ? [r.apiKey] : [] });
  // HH_API_TIMEOUT (seconds or ms) is resolved by the tracer configuration; the REST client uses the same value.
  const timeoutMs = resolveTracerConfig({ serverUrl: r.serverUrl }).config.timeoutMs;
  const api = r.apiKey ? createApiClient({ serverUrl: r.serverUrl, apiKey: r.apiKey, fetch: o.fetch, logger, timeoutMs }) : undefined;
  if (!dataset) {
    if (!api) throw new EvaluationConfigError("datasetId needs an API key (the apiKey option or HH_API_KEY)");
    dataset = await loadRemoteDataset(api, o.datasetId as string, o.signal);
  }

  const controller = new AbortController();
  runtime.node?.allowManyListeners(controller.signal); // one listener per datapoint in flight
  const forward = (): void => controller.abort(o.signal?.reason);
  if (o.signal?.aborted) forward();
  else o.signal?.addEventListener("abort", forward, { once: true });

  const proposedRunId = r.runId ?? newUuid();
  const name = r.name ?? `experiment-${proposedRunId.slice(0, 8)}`;
  const git = gitRunMetadata(await getGitInfo());
  const { dataset_id, metadata } = runDatasetFields(dataset.datasetId, { ...(o.metadata ?? {}), ...(git ? { git } : {}) });
  const slice = shardSlice(dataset.datapoints, shard);
  const total = slice.length * r.trials;
  const configuration: Record<string, unknown> = {
    function: r.functionName,
    evaluators: r.evaluators.map((e) => e.name),
    max_workers: r.concurrency,
    aggregate_function: r.aggregateFunction,
    ...(r.trials > 1 ? { trials: r.trials } : {}),
    ...(r.timeoutMs !== undefined ? { timeout_ms: r.timeoutMs } : {}),
    ...(shard ? { shards: shard.count } : {}),
  };
  let run: RunHandle = { runId: proposedRunId, created: false, error: "the run was cancelled before it started" };
  if (!controller.signal.aborted) {
    run = await createRun(api, {
      run_id: proposedRunId, name, status: shard ? "running" : "pending", event_ids: [], dataset_id, configuration, metadata,
      datapoint_ids: [...new Set(dataset.datapoints.map((d) => d.datapointId))],
      ...(o.passingRanges ? { passing_ranges: o.passingRanges } : {}),
    });
    if (api && !run.created) logger.warn(`could not create the run; the experiment runs locally and is not uploaded (${run.error})`);
  }

  if (hooks?.onStart) safeInvoke(() => hooks.onStart?.({ name, runId: run.runId, total }), undefined);
  const settings: DatapointRunSettings = {
    runName: name, runId: run.runId, datasetId: dataset.datasetId, functionName: r.functionName,
    fn: r.fn as DatapointRunSettings["fn"], evaluators: r.evaluators, createTracer, trials: r.trials,
    timeoutMs: r.timeoutMs, runSignal: controller.signal, passingRanges: o.passingRanges,
    tracerOptions: {
      apiKey: run.created ? r.apiKey : undefined, serverUrl: r.serverUrl, project: o.project, verbose: o.verbose,
      testMode: !run.created, instrumentModules: o.instrumentModules, disableHttpTracing: o.disableHttpTracing, fetch: o.fetch,
    },
  };
  const progressStream = o.progressStream ?? runtime.node?.stderr ?? DISCARD;
  const display = createProgressDisplay(progressStream, scriptProgressMode(o.progress, progressStream, processEnv()));
  let done = 0;
  let errors = 0;
  const prepared: PreparedDataset = { ...dataset, datapoints: slice };
  const outcome = await runWorkerPool(total, r.concurrency, async (index) => {
    const result = await runDatapoint(prepared.datapoints[Math.floor(index / r.trials)]!, index % r.trials, settings);
    done += 1;
    if (result.status !== "success") errors += 1;
    const progress = { name, runId: run.runId, done, total, errors, elapsedMs: performance.now() - started, last: result };
    display.update(progress);
    if (o.onProgress) safeInvoke(() => o.onProgress?.(progress), undefined);
    return result;
  }, controller.signal);
  o.signal?.removeEventListener("abort", forward);
  const cancelled = controller.signal.aborted;
  const datapoints = outcome.results.map((d, i) => d ?? cancelledPlaceholder(prepared, i, r.trials));
  if (createTracer.drain) await safeDrain(createTracer.drain, logger);

  let uploadError = run.created ? undefined : run.error;
  // A shard that finished but did not complete the run: the run waits for other shards (status "running").
  let awaitingOtherShards = false;
  let serverSummary: EvaluationResult["serverSummary"];
  if (api && run.created) {
    const sessionIds = datapoints.map((d) => d.sessionId).filter((id): id is string => typeof id === "string");
    // The run's status on the server is its execution status (never "failed" for a cancelled run); its verdict
    // is computed by the server from the sessions with the same rule (src/verdict/).
    const status = executionStatus({ cancelled, total: datapoints.length, completed: datapoints.filter((d) => d.status === "success").length });
    if (shard) {
      const finished = await finishShard(api, run.runId, shard, { cancelled, name, event_ids: sessionIds, metadata, datapoints: slice.length });
      uploadError = finished.error;
      awaitingOtherShards = !finished.error && !finished.completedRun;
    } else uploadError = await completeRun(api, run.runId, { status, name, event_ids: sessionIds, metadata });
    if (uploadError) logger.warn(`could not complete the run (${uploadError})`);
    else if (!cancelled && !awaitingOtherShards) serverSummary = await fetchRunSummary(api, run.runId, r.aggregateFunction);
  }

  const result = buildEvaluationResult({
    name, suite: o.suite ?? name, runId: run.runId, datasetId: dataset.datasetId, datapoints, cancelled,
    durationMs: performance.now() - started, aggregateFunction: r.aggregateFunction, uploaded: run.created && !uploadError,
    shard, awaitingOtherShards,
    uploadError, runUrl: run.created ? runViewUrl(r.serverUrl, run.runId, run.runUrl, r.apiKey) : undefined, serverSummary,
  });
  display.finish(result);
  if (o.printResults) {
    const writer = o.writer ?? runtime.node?.stdout ?? DISCARD;
    safeInvoke(() => writer.write(formatEvaluationResult(result)), undefined);
  }
  return result;
}

/** Where progress and results go on a runtime without stdout/stderr (the runtime-neutral build). */
const DISCARD = { write: (): boolean => true };

function processEnv(): Record<string, string | undefined> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}

async function safeDrain(drain: () => Promise<unknown>, logger: { warn(message: string): void }): Promise<void> {
  try {
    if ((await drain()) === false) logger.warn("some spans of the run could not be delivered");
  } catch {
    logger.warn("some spans of the run could not be delivered");
  }
}
