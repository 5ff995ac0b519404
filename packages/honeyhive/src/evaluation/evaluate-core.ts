import { safeInvoke } from "../internal/safe-invoke";
import { buildEvaluationResult } from "./build-result";
import { closeRun } from "./close-run";
import type { EvaluationCall, EvaluationReporter } from "./evaluation-reporter";
import { executePool } from "./execute-pool";
import { openRun, type OpenedRun } from "./open-run";
import { planEvaluation, type EvaluationPlan } from "./plan-evaluation";
import { cancellationBySignals, planCancelledBy } from "./process-signals";
import { runViewUrl } from "./run-lifecycle";
import type { DatapointTracerFactory, EvaluationTracer } from "./tracer-contract";
import type { EvaluateOptions, EvaluationResult } from "./types";
import { startCostBudget, type CostBudget } from "./cost-budget";
import { compareWithEarlierRun } from "./compare-with-run";
import { noteServerSummaryMismatch } from "./server-summary-mismatch";
import { claimRun } from "./run-attempt";
import { newUuid } from "@honeyhive/core/ids/uuid";

/**
 * The evaluate() runner with the per-datapoint tracer factory injected (evaluate() passes one creating a
 * `HoneyHiveTracer`) and the call's reporter and runner settings. Named steps: plan (validate and resolve
 * everything before any request) → open the run (load the dataset, create the run) → execute the pool →
 * close the run → build the result. The reporter hears the start, every datapoint, and the result or error. Until the
 * result is reported, a SIGTERM or SIGINT the application does not handle cancels the run (when the factory offers
 * `cancelOnSignals`, see `process-signals.ts`).
 */
export function runEvaluation<I, G, O, T extends EvaluationTracer>(
  options: EvaluateOptions<I, G, O, T>,
  createTracer: DatapointTracerFactory<T>,
  call: EvaluationCall = {},
): Promise<EvaluationResult> {
  const reporter = call.reporter ?? {};
  // Until the run is closed and its result reported, a SIGTERM or SIGINT the application does not handle cancels it.
  const bySignals = cancellationBySignals(createTracer as DatapointTracerFactory);
  return keepingAlive(() => evaluationSteps(options as unknown as EvaluateOptions, createTracer as DatapointTracerFactory, call, reporter, bySignals.signal)).then(
    (result) => (report(reporter, "onFinish", result), bySignals.end(), result),
    (error: unknown) => {
      report(reporter, "onError", error);
      bySignals.end();
      throw error;
    },
  );
}

function report<K extends "onFinish" | "onError">(reporter: EvaluationReporter, event: K, value: Parameters<NonNullable<EvaluationReporter[K]>>[0]): void {
  const handler = reporter[event] as ((v: typeof value) => void) | undefined;
  if (handler) safeInvoke(() => handler.call(reporter, value), undefined);
}

/**
 * Keeps the process alive while an evaluation runs: its pending work may be only unref'ed handles (the
 * SDK's HTTP sockets and timers are unref'ed so that tracing never holds a process open), and a script or
 * the CLI awaiting evaluate() must not exit in the middle of a run.
 */
async function keepingAlive<T>(work: () => Promise<T>): Promise<T> {
  const keepAlive = setInterval(() => undefined, 60_000);
  try {
    return await work();
  } finally {
    clearInterval(keepAlive);
  }
}

async function evaluationSteps(
  o: EvaluateOptions, createTracer: DatapointTracerFactory, call: EvaluationCall, reporter: EvaluationReporter, bySignal: AbortSignal | undefined,
): Promise<EvaluationResult> {
  const started = performance.now();
  const { plan, release } = planCancelledBy(planEvaluation(o, call.runner), bySignal);
  try {
    return await plannedSteps(plan, createTracer, reporter, started);
  } finally {
    release();
  }
}

async function plannedSteps(plan: EvaluationPlan, createTracer: DatapointTracerFactory, reporter: EvaluationReporter, started: number): Promise<EvaluationResult> {
  const o = plan.options;
  const opened = await openRun(plan, createTracer.breaker);
  const { run } = opened;
  const budget = await budgetOf(plan, opened, createTracer);
  if (!run.created && createTracer.runsLocally) safeInvoke(() => createTracer.runsLocally?.(run.error ?? "unknown reason"), undefined);
  if (reporter.onStart) safeInvoke(() => reporter.onStart?.({ name: plan.name, runId: run.runId, total: opened.slice.length * plan.resolved.trials }), undefined);
  const attempt = await claimedAttempt(plan, opened);
  const pool = await executePool(plan, opened, createTracer, reporter, started);
  const closed = await closeRun(plan, opened, pool, attempt);
  const result = buildEvaluationResult({
    name: plan.name, suite: o.suite ?? plan.name, runId: run.runId, datasetId: opened.dataset.datasetId, datapoints: pool.datapoints,
    metricNames: plan.resolved.evaluators.map((e) => e.name),
    cancelled: pool.cancelled, durationMs: performance.now() - started, aggregateFunction: plan.resolved.aggregateFunction,
    uploaded: run.created && !closed.uploadError, shard: plan.shard, awaitingOtherShards: closed.awaitingOtherShards,
    uploadError: closed.uploadError, runUrl: run.created ? runViewUrl(plan.resolved.serverUrl, run.runId, run.runUrl, plan.resolved.apiKey) : undefined,
    serverSummary: closed.serverSummary, leftRunning: pool.leftRunning, passingRanges: o.passingRanges, sessionIds: closed.sessionIds,
  });
  noteServerSummaryMismatch(result, plan.shard !== undefined, opened.logger);
  if (budget) {
    result.cost = { ...budget.cost };
    if (budget.cost.unpricedCalls > 0) opened.logger.warn(`maxCostUsd: ${budget.cost.unpricedCalls} model call(s) had no price, so the budget could not count their cost`);
  }
  await compareWithEarlierRun(plan.resolved, result, o.fetch);
  return result;
}

/** The run's cost budget (`maxCostUsd`), told of every model call its tracers export; undefined without one. */
async function budgetOf(plan: EvaluationPlan, opened: OpenedRun, createTracer: DatapointTracerFactory): Promise<CostBudget | undefined> {
  const max = plan.resolved.maxCostUsd;
  if (max === undefined) return undefined;
  const budget = await startCostBudget(max, (reason) => opened.controller.abort(reason));
  if (!budget.cost.priced) opened.logger.warn("maxCostUsd: prices come from @honeyhive/dev-server, which is not installed here: only the costs model calls report themselves count");
  createTracer.observeModelEvents?.((span) => budget.note(span));
  return budget;
}

/** A resumable run's attempt id, once this attempt has claimed the run (`run-attempt.ts`); undefined otherwise. */
async function claimedAttempt(plan: EvaluationPlan, opened: OpenedRun): Promise<string | undefined> {
  if (!plan.resolved.resume || !opened.api || !opened.run.created) return undefined;
  const id = newUuid();
  return (await claimRun(opened.api, opened.run.runId, plan.shard, id, opened.controller.signal)) ? id : undefined;
}
