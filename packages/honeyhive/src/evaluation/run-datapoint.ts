import { clampTimeout } from "../internal/timer-delay";
import { describeError } from "../internal/safe-invoke";
import { datapointPassed } from "@honeyhive/core/verdict/datapoint-verdict";
import type { PassingRanges } from "@honeyhive/core/verdict/passing-range";
import type { ResolvedEvaluator } from "./evaluator";
import type { Limiter } from "./limiter";
import type { RunAbort } from "./run-abort";
import { runEvaluators, type EvaluatorsOutcome } from "./run-evaluators";
import type { PreparedDatapoint } from "./prepare-dataset";
import type { DatapointTracerFactory, DatapointTracerOptions, EvaluationTracer } from "./tracer-contract";
import type { DatapointResult, DatapointStatus, EvaluatedFunction } from "./types";

/** Everything one datapoint run needs besides the datapoint itself. */
export interface DatapointRunSettings {
  runName: string;
  runId: string;
  datasetId: string;
  functionName: string;
  fn: EvaluatedFunction<unknown, unknown, unknown, EvaluationTracer>;
  evaluators: readonly ResolvedEvaluator[];
  createTracer: DatapointTracerFactory;
  tracerOptions: Pick<DatapointTracerOptions, "apiKey" | "serverUrl" | "project" | "verbose" | "testMode" | "instrumentModules" | "disableHttpTracing" | "fetch">;
  trials: number;
  timeoutMs?: number;
  runSignal: AbortSignal;
  /** The run's cancellation, heard through one listener on `runSignal` for all datapoints. */
  runAbort: RunAbort;
  passingRanges?: PassingRanges;
  /** The run's evaluator pool (`evaluatorConcurrency`). */
  evaluatorLimiter?: Limiter;
  /** Most one evaluator call may take (`evaluatorTimeoutMs`). */
  evaluatorTimeoutMs?: number;
  /** The runner's case name of a dataset index, recorded as the session's `case_name` metadata. */
  caseName?: (index: number) => string | undefined;
  /**
   * Takes the datapoint's closing work (its session update and its tracer's shutdown), which the run awaits once
   * before it completes: a slow or hung backend then never holds a pool slot. Without it, the datapoint awaits it.
   */
  closeLater?: (closing: Promise<void>) => void;
}

/** Upper bound on waiting for a tracer's final flush and shutdown (shorter once the run is cancelled). */
const SHUTDOWN_WAIT_MS = 15_000;
const CANCELLED_SHUTDOWN_WAIT_MS = 2_000;

function boundedWait(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, clampTimeout(ms));
    timer.unref?.();
    promise.then(
      () => (clearTimeout(timer), resolve()),
      () => (clearTimeout(timer), resolve()),
    );
  });
}

/**
 * A datapoint's stop: its signal (handed to the function and the evaluators) and a promise rejecting with the reason
 * when `stop()` is called (never settling otherwise) — settled directly, without a listener on the signal.
 */
function datapointStop(): { signal: AbortSignal; aborted: Promise<never>; stop(reason: Error): void } {
  const controller = new AbortController();
  let reject: (reason: unknown) => void = () => undefined;
  const aborted = new Promise<never>((_resolve, fail) => {
    reject = fail;
  });
  aborted.catch(() => undefined);
  return {
    signal: controller.signal, aborted,
    stop: (reason) => {
      controller.abort(reason);
      reject(reason);
    },
  };
}

/** Settles with `promise`, or rejects as soon as `aborted` does (the loser never becomes an unhandled rejection). */
function raceAbort<T>(promise: Promise<T>, aborted: Promise<never>): Promise<T> {
  promise.catch(() => undefined);
  return Promise.race([promise, aborted]);
}

/** The object form of a function's return value (`{ result: value }` unless it already is a plain object). */
export function outputsObject(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  return { result: value };
}

/**
 * Runs one trial of one datapoint under its own tracer and session: the function inside a `chain` span
 * named after it (that tracer active), the evaluators inside the same span with their scores written onto
 * it, then the session's outputs and `feedback.ground_truth`, then the tracer's shutdown (handed to `closeLater` when
 * given). Never throws.
 */
export async function runDatapoint(item: PreparedDatapoint, trial: number, s: DatapointRunSettings): Promise<DatapointResult> {
  const started = performance.now();
  const base = { index: item.index, trial, datapointId: item.datapointId, inputs: item.inputs, groundTruth: item.groundTruth };
  const finish = (fields: { sessionId: string | undefined; status: DatapointStatus; outputs?: unknown; error?: string; evaluation?: EvaluatorsOutcome }): DatapointResult => {
    const metrics = fields.evaluation?.metrics ?? {};
    const evaluatorErrors = fields.evaluation?.errors ?? {};
    // Object.assign rather than a spread of `base`: V8 handled the spread clone measurably slower here.
    const result: DatapointResult = Object.assign({}, base, {
      sessionId: fields.sessionId, outputs: fields.outputs, status: fields.status, metrics, evaluatorErrors,
      durationMs: performance.now() - started, passed: false,
    });
    if (fields.error !== undefined) result.error = fields.error;
    result.passed = datapointPassed({ completed: fields.status === "success", metrics: Object.entries(metrics), ranges: s.passingRanges });
    return result;
  };
  if (s.runSignal.aborted) return finish({ sessionId: undefined, status: "not_run", error: "not run: the run was cancelled before it started" });

  const metadata: Record<string, unknown> = { ...(item.metadata ?? {}), run_id: s.runId, dataset_id: s.datasetId, datapoint_id: item.datapointId };
  if (s.trials > 1) metadata.trial = trial;
  const caseName = s.caseName?.(item.index);
  if (typeof caseName === "string" && caseName !== "") metadata.case_name = caseName;
  let tracer: EvaluationTracer;
  try {
    tracer = s.createTracer({
      ...s.tracerOptions, source: "evaluation", sessionName: s.runName, inputs: item.inputs, metadata,
      runId: s.runId, datasetId: s.datasetId, datapointId: item.datapointId, isEvaluation: true, setAsDefault: false,
    });
  } catch (error) {
    return finish({ sessionId: undefined, status: "failed", error: `could not create the datapoint's tracer: ${describeError(error)}` });
  }

  const controller = datapointStop();
  const aborted = controller.aborted;
  let reason: "timed_out" | "cancelled" | undefined;
  const stopListening = s.runAbort.listen(() => {
    reason ??= "cancelled";
    controller.stop(new Error("evaluation cancelled"));
  });
  const timer = s.timeoutMs === undefined ? undefined : setTimeout(() => {
    reason ??= "timed_out";
    controller.stop(new Error(`timed out after ${s.timeoutMs} ms`));
  }, clampTimeout(s.timeoutMs));

  let outputs: unknown;
  let evaluation: EvaluatorsOutcome | undefined;
  let status: DatapointStatus = "success";
  let error: string | undefined;
  try {
    const context = { tracer, signal: controller.signal, datapointId: item.datapointId, trial };
    outputs = await tracer.startSpan(s.functionName, async () => {
      const value = await raceAbort(Promise.resolve().then(() => s.fn(item.inputs, item.groundTruth, context)), aborted);
      // Recorded as trace() records a return value: under `honeyhive_outputs.result` (objects flattened below it).
      if (value !== undefined) tracer.enrichSpan({ outputs: { result: value } });
      if (s.evaluators.length > 0) {
        // Not raced: runEvaluators settles within its time limits, and at once when the datapoint's signal aborts
        // (evaluators still running then fail alone; a cancelled run still cancels the datapoint, below).
        const calls = { limiter: s.evaluatorLimiter, signal: controller.signal, timeoutMs: s.evaluatorTimeoutMs };
        evaluation = await runEvaluators(s.evaluators, { outputs: value, inputs: item.inputs, groundTruth: item.groundTruth }, tracer, calls);
        if (reason === "cancelled") throw new Error("cancelled");
        const errors = Object.keys(evaluation.errors).length > 0 ? { evaluator_errors: evaluation.errors } : undefined;
        tracer.enrichSpan({ metrics: evaluation.metrics, ...(errors ? { metadata: errors } : {}) });
      }
      return value;
    }, { eventType: "chain", inputs: item.inputs });
  } catch (caught) {
    status = reason ?? "failed";
    error = reason === "timed_out" ? `timed out after ${s.timeoutMs} ms` : reason === "cancelled" ? "cancelled" : describeError(caught);
    outputs = undefined;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    stopListening();
  }

  const sessionId = tracer.sessionId;
  const wait = s.runSignal.aborted ? CANCELLED_SHUTDOWN_WAIT_MS : SHUTDOWN_WAIT_MS;
  const update: { outputs?: Record<string, unknown>; feedback?: Record<string, unknown>; metadata?: Record<string, unknown> } = {};
  if (status === "success") update.outputs = outputsObject(outputs) ?? {};
  if (item.groundTruth !== undefined) update.feedback = { ground_truth: item.groundTruth };
  if (error !== undefined) update.metadata = { error, status };
  const closing = (async () => {
    if (Object.keys(update).length > 0) await boundedWait(Promise.resolve().then(() => tracer.enrichSession(update)), wait);
    await boundedWait(Promise.resolve().then(() => tracer.shutdown()), wait);
  })();
  if (s.closeLater) s.closeLater(closing);
  else await closing;
  return finish({ sessionId, status, outputs, error, evaluation });
}
