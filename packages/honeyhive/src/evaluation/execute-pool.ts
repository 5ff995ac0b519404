import type { Logger } from "../internal/logger";
import { closingWindowFor } from "./closing-window";
import { createLimiter } from "./limiter";
import { datapointErrored } from "./datapoint-errored";
import { createScrubber } from "@honeyhive/core/log/logger";
import { safeInvoke } from "../internal/safe-invoke";
import type { EvaluationReporter } from "./evaluation-reporter";
import type { OpenedRun } from "./open-run";
import type { EvaluationPlan } from "./plan-evaluation";
import type { PreparedDatapoint } from "../datasets/prepare-dataset";
import type { DatapointSlice } from "./datapoint-slice";
import { RunAbort } from "./run-abort";
import { leftRunningWarning, TimedOutCalls } from "./timed-out-calls";
import { closeStoredDatapoint, runDatapoint, type DatapointRunSettings } from "./run-datapoint";
import type { DatapointTracerFactory } from "./tracer-contract";
import { sessionHolds } from "./session-holds";
import { DeferredSessionChecks } from "./deferred-session-checks";
import type { DatapointResult, DatapointResultsMode, EvaluationProgress } from "./types";
import { runWorkerPool } from "../runtime/worker-pool";
import { cancellationReason } from "./run-abort";
import { shardLabel } from "@honeyhive/core/runs/shard-attempts";
import { datapointRunLabel } from "@honeyhive/core/text/datapoint-run-label";
import { MAX_DATAPOINT_METRICS } from "../processing/datapoint-metrics";
import { unrecordedRangesWarning } from "./check-passing-ranges";
import { datapointRunKey, doneDatapointResult } from "./resume-point";
import { keptDatapointResult } from "./datapoint-summary";
import { KeptDatapointResults } from "./datapoint-columns";
import { asRows, keptRows, type DatapointRows } from "./datapoint-rows";
import { endOfRunWaitMs, waitThroughOutages } from "./outage-waits";

/** What the pool produced: one result per datapoint trial (placeholders for those never started). */
export interface PoolResults {
  datapoints: DatapointRows;
  cancelled: boolean;
  /** Timed-out calls (functions and evaluators) left running (see {@link TimedOutCalls}). */
  leftRunning: number;
  /** Datapoint session starts and final session updates that failed: those sessions are not stored as they should be. */
  sessionsNotStored: { starts: number; updates: number };
}

function notRunResult(item: PreparedDatapoint, trial: number, error: string): DatapointResult {
  return {
    index: item.index, trial, datapointId: item.datapointId, sessionId: undefined, inputs: item.inputs,
    groundTruth: item.groundTruth, outputs: undefined, status: "not_run", error, metrics: {}, evaluatorErrors: {}, durationMs: 0, passed: false,
  };
}

function cancelledPlaceholder(slice: DatapointSlice, index: number, trials: number, signal: AbortSignal): DatapointResult {
  return notRunResult(slice.stub(Math.floor(index / trials)), index % trials, `not run: the run was cancelled before it started${cancellationReason(signal)}`);
}

/** What a resumed run holds for datapoint run `key` (done, or its unfinished session), taken out: each is reached once, and let go once used. */
function takeOnce<T>(held: Map<string, T> | undefined, key: string): T | undefined {
  const found = held?.get(key);
  if (found !== undefined) held!.delete(key);
  return found;
}

/** A datapoint of a dataset read page by page that the server did not give (it was deleted meanwhile, or its read failed). */
const NOT_READ = "not run: the datapoint could not be read from the server";

function datapointSettings(plan: EvaluationPlan, opened: OpenedRun, createTracer: DatapointTracerFactory): DatapointRunSettings & { timedOutCalls: TimedOutCalls } {
  const { resolved: r, options: o } = plan;
  const { run } = opened;
  const runAbort = new RunAbort(opened.controller.signal);
  return {
    runName: plan.name, runId: run.runId, datasetId: opened.dataset.datasetId, functionName: r.functionName,
    fn: r.fn as DatapointRunSettings["fn"], evaluators: r.evaluators, createTracer, trials: r.trials,
    timeoutMs: r.timeoutMs, runSignal: opened.controller.signal, runAbort, timedOutCalls: new TimedOutCalls(runAbort), passingRanges: o.passingRanges,
    evaluatorLimiter: createLimiter(r.evaluatorConcurrency), evaluatorTimeoutMs: r.evaluatorTimeoutMs, caseName: plan.caseName,
    scrub: createScrubber([r.apiKey, r.ingestionApiKey].filter((k): k is string => k !== undefined)),
    ...(r.resume && run.created ? { resumable: true } : {}),
    ...(plan.shard && plan.shardAttempt ? { shardAttempt: { shard: shardLabel(plan.shard), attempt: plan.shardAttempt } } : {}),
    tracerOptions: {
      apiKey: run.created ? r.apiKey : undefined, ingestionApiKey: run.created ? r.ingestionApiKey : undefined, serverUrl: r.serverUrl, project: o.project, verbose: o.verbose,
      testMode: !run.created, instrumentModules: o.instrumentModules, disableHttpTracing: o.disableHttpTracing, fetch: o.fetch,
      ...(o.propagateSessionId === undefined ? {} : { propagateSessionId: o.propagateSessionId }),
    },
  };
}

/** How a datapoint hands its session writes to the run: only a run created on the server tracks and reads them back. */
function sessionWriteSettings(opened: OpenedRun, sessions: ReturnType<typeof sessionWrites>, checks: DeferredSessionChecks | undefined): Pick<DatapointRunSettings, "trackSessionWrite" | "sessionHolds"> {
  return { ...(opened.run.created ? { trackSessionWrite: sessions.track } : {}), ...(checks ? { sessionHolds: checks.holds } : {}) };
}

/** The read-backs of session writes whose request failed, for a run created on the server with a client. */
function sessionChecks(opened: OpenedRun): DeferredSessionChecks | undefined {
  const { api, run, controller } = opened;
  return run.created && api ? new DeferredSessionChecks((id, values, signal) => sessionHolds(api, id, values, signal), controller.signal) : undefined;
}

/**
 * Runs every datapoint trial of the slice on a bounded pool (the plan's concurrency), reporting progress after
 * each to the reporter and then to the options' `onProgress`; then waits for the run's spans to be delivered. A
 * datapoint whose function timed out is reported at once, but its slot stays taken while the function runs, for at
 * most one more `timeoutMs` ({@link TimedOutCalls}, which the evaluator pool follows too); the calls left running are
 * counted, and said in one warning.
 */
export async function executePool(
  plan: EvaluationPlan, opened: OpenedRun, createTracer: DatapointTracerFactory, reporter: EvaluationReporter, started: number,
): Promise<PoolResults> {
  const { trials, concurrency } = plan.resolved;
  const closing = closingWindowFor(concurrency);
  const sessions = sessionWrites(opened.controller.signal);
  const outages = waitThroughOutages(createTracer.breaker, createTracer.outageWaitMs, opened.run.created);
  const checks = sessionChecks(opened);
  const settings = { ...datapointSettings(plan, opened, createTracer), closeLater: (work: Promise<void>) => closing.add(work), ...sessionWriteSettings(opened, sessions, checks) };
  const total = opened.slice.length * trials;
  const onProgress = plan.options.onProgress;
  let done = 0;
  let errors = 0;
  const kept = new KeptDatapointResults(plan.resolved.datapointResults, total);
  const outcome = await runWorkerPool(total, concurrency, async (index, holdSlot) => {
    const position = Math.floor(index / trials);
    const asked = opened.slice.at(position); // asked before any await: positions are asked in order
    const item = asked instanceof Promise ? await asked.catch(() => undefined) : asked;
    const key = item ? datapointRunKey(item.index, item.datapointId, index % trials) : ""; // "": no key is empty
    const doneBefore = takeOnce(opened.resumed?.done, key);
    let result: DatapointResult;
    if (!item && opened.controller.signal.aborted) result = cancelledPlaceholder(opened.slice, index, trials, opened.controller.signal);
    else if (!item) result = notRunResult(opened.slice.stub(position), index % trials, opened.slice.notReadReason ?? NOT_READ);
    else if (doneBefore) {
      if (!doneBefore.closed) await closeStoredDatapoint(item, index % trials, settings, doneBefore);
      result = doneDatapointResult(item, index % trials, doneBefore, plan.options.passingRanges);
    } else {
      const room = closing.room();
      if (room) {
        outages.closingWindowFull(); // writes held by an outage never hold a datapoint
        await room;
      }
      result = await runDatapoint(item, index % trials, settings, holdSlot, takeOnce(opened.resumed?.unfinished, key));
    }
    done += 1;
    if (datapointErrored(result.status)) errors += 1;
    const progress: EvaluationProgress = { name: plan.name, runId: opened.run.runId, done, total, errors, elapsedMs: performance.now() - started, last: result };
    if (reporter.onProgress) safeInvoke(() => reporter.onProgress?.(progress), undefined);
    if (onProgress) safeInvoke(() => onProgress(progress), undefined);
    return kept.keep(index, result); // undefined when the summary went into the columns
  }, opened.controller.signal);
  opened.detach();
  outages.datapointsDone();
  await closing.settled(); // each bounded (see runDatapoint), and by the end of the run's outage waits
  const cancelled = opened.controller.signal.aborted;
  const mode = plan.resolved.datapointResults;
  opened.slice.version?.(); // a streamed dataset's version is known now: its texts are let go before the results are built
  const datapoints = poolDatapoints(outcome.results, kept, opened.slice, trials, opened.controller.signal, mode);
  if (createTracer.drain) await safeDrain(createTracer.drain, opened.logger);
  checks?.datapointsDone(endOfRunWaitMs(started)); // reads an outage prevented are made again, before losses are counted
  const sessionsNotStored = await sessions.lost();
  const leftRunning = settings.timedOutCalls.end();
  if (leftRunning > 0) opened.logger.warn(leftRunningWarning(leftRunning));
  const dropped = droppedMetricsWarning(datapoints, trials);
  if (dropped !== undefined) opened.logger.warn(dropped);
  const unrecorded = cancelled ? undefined : unrecordedRangesWarning(plan.options.passingRanges, datapoints, plan.resolved.evaluators.map((e) => e.name));
  if (unrecorded !== undefined) opened.logger.warn(unrecorded);
  return { datapoints, cancelled, leftRunning, sessionsNotStored };
}

/**
 * The pool's results by row ({@link DatapointRows}): the object kept, else the summary the columns hold (sharing the
 * dataset's id string), else the placeholder of a row never started (the run was cancelled), made now.
 */
function poolDatapoints(
  results: (DatapointResult | undefined)[], kept: KeptDatapointResults, slice: DatapointSlice, trials: number, signal: AbortSignal, mode: DatapointResultsMode,
): DatapointRows {
  for (let row = 0; row < results.length; row++) {
    if (results[row] === undefined && !kept.holds(row)) results[row] = keptDatapointResult(cancelledPlaceholder(slice, row, trials, signal), mode);
  }
  const ids = Array.from({ length: slice.length }, (_, position) => slice.stub(position).datapointId);
  return keptRows(results, kept, (row) => ids[Math.floor(row / trials)]!);
}

/**
 * Names the datapoints whose sessions held more metric values than evaluate() keeps ({@link MAX_DATAPOINT_METRICS}):
 * the values beyond that are not in the local verdict or aggregates, while the server's summary counts every stored
 * one, so the two may disagree. Undefined when none were dropped.
 */
export function droppedMetricsWarning(datapoints: DatapointRows | readonly DatapointResult[], trials: number): string | undefined {
  const rows = asRows(datapoints);
  const over: DatapointResult[] = [];
  for (let row = 0; row < rows.length; row++) if ((rows.eventMetricsDropped(row) ?? 0) > 0) over.push(rows.at(row));
  if (over.length === 0) return undefined;
  const values = over.reduce((sum, d) => sum + (d.eventMetricsDropped ?? 0), 0);
  const labels = over.slice(0, 5).map((d) => datapointRunLabel(d.index, trials > 1 ? d.trial : undefined)).join(", ");
  const which = `${labels}${over.length > 5 ? `, and ${over.length - 5} more` : ""}`;
  const cap = MAX_DATAPOINT_METRICS.toLocaleString("en-US");
  return `${over.length} datapoint${over.length === 1 ? "" : "s"} (${which}) wrote more than ${cap} metric values in ${over.length === 1 ? "its session" : "their sessions"}: `
    + `${values.toLocaleString("en-US")} value${values === 1 ? " is" : "s are"} not in the local verdict or aggregates (the server's summary counts every value stored)`;
}

/**
 * The run's datapoint session starts and final updates: `track` takes each (settling true once stored), `lost()`
 * waits for all of them — each bounded by the SDK's retries and the run's circuit breaker, and aborted (false) by its
 * tracer's shutdown when that gives up — and counts those that failed. Once the run is cancelled, failures are not
 * counted (a cancelled run says so itself). Holds counts, not the writes: its memory does not grow with the run.
 */
function sessionWrites(runSignal: AbortSignal): { track: (write: "start" | "update", stored: Promise<boolean>) => void; lost: () => Promise<PoolResults["sessionsNotStored"]> } {
  const counts = { starts: 0, updates: 0 };
  let pending = 0;
  let idle: (() => void) | undefined;
  const settle = (write: "start" | "update", ok: boolean): void => {
    if (!ok && !runSignal.aborted) {
      if (write === "start") counts.starts++;
      else counts.updates++;
    }
    if (--pending === 0) idle?.();
  };
  return {
    track: (write, stored) => {
      pending++;
      stored.then((ok) => settle(write, ok), () => settle(write, false));
    },
    lost: async () => {
      if (pending > 0) await new Promise<void>((resolve) => (idle = resolve));
      return counts;
    },
  };
}

async function safeDrain(drain: () => Promise<unknown>, logger: Pick<Logger, "warn">): Promise<void> {
  try {
    if ((await drain()) === false) logger.warn("some spans of the run could not be delivered");
  } catch {
    logger.warn("some spans of the run could not be delivered");
  }
}
