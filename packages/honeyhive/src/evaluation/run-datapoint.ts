import { trace } from "@opentelemetry/api";
import { DATAPOINT_INDEX_KEY } from "@honeyhive/core/text/datapoint-run-label";
import { describeError } from "../internal/safe-invoke";
import { NO_FIELDS } from "../internal/no-fields";
import { clampTimeout } from "../internal/timer-delay";
import { EVALUATOR_ERRORS_KEY } from "@honeyhive/core/verdict/datapoint-verdict";
import type { PassingRanges } from "@honeyhive/core/verdict/passing-range";
import { SHARD_ATTEMPT_KEY, SHARD_KEY } from "@honeyhive/core/runs/shard-attempts";
import type { ResolvedEvaluator } from "../config/evaluator";
import type { Limiter } from "./limiter";
import type { TimedOutCalls } from "./timed-out-calls";
import { type DatapointStop, type StopReason, datapointStop, raceAbort, startTimeLimit } from "./datapoint-stop";
import type { HoldSlot } from "../runtime/worker-pool";
import { cancellationReason, type RunAbort } from "./run-abort";
import { runEvaluators } from "./run-evaluators";
import { addEvaluationResultEvents } from "./evaluation-result-events";
import { traceContext } from "../agent-trace/trace-context";
import type { PreparedDatapoint } from "../datasets/prepare-dataset";
import type { DatapointTracerFactory, DatapointTracerOptions, EvaluationEnrichment, EvaluationTracer } from "./tracer-contract";
import type { DatapointResult, EvaluatedFunction } from "./types";
import { outcomeStatement } from "@honeyhive/core/runs/datapoint-outcome";
import { datapointRunKey, resumableSessionId } from "./resume-point";
import { RUN_WRITE_WAIT_MS } from "./run-write-wait";
import { DEFAULT_TIMEOUT_MS } from "../config/request-timeout";
import { datapointResult, endedBeforeCall, eventMetricsOf, outputsObject, spanIdOf, type DatapointBase, type TrialOutcome } from "./trial-outcome";

/** Everything one datapoint run needs besides the datapoint itself. */
export interface DatapointRunSettings {
  runName: string;
  runId: string;
  datasetId: string;
  functionName: string;
  fn: EvaluatedFunction<unknown, unknown, unknown, EvaluationTracer>;
  evaluators: readonly ResolvedEvaluator[];
  createTracer: DatapointTracerFactory;
  tracerOptions: Pick<DatapointTracerOptions, "apiKey" | "ingestionApiKey" | "serverUrl" | "project" | "verbose" | "testMode" | "instrumentModules" | "disableHttpTracing" | "propagateSessionId" | "fetch">;
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
  /**
   * The run's rule for the pool slot of a timed-out call still running (the function's in the datapoint pool, an
   * evaluator's in the evaluator pool): taken for at most one more time limit. Without it, slots are freed at once.
   */
  timedOutCalls?: TimedOutCalls;
  /** The shard (`"2/3"`) and this process's attempt at it, recorded on each session (`core/runs/shard-attempts`). */
  shardAttempt?: { shard: string; attempt: string };
  /** The runner's case name of a dataset index, recorded as the session's `case_name` metadata. */
  caseName?: (index: number) => string | undefined;
  /**
   * Takes the datapoint's closing work (its session update and its tracer's shutdown), which the run awaits once
   * before it completes: a slow or hung backend then never holds a pool slot. Without it, the datapoint awaits it.
   */
  closeLater?: (closing: Promise<void>) => void;
  /**
   * Removes the API key from the error messages of the function and the evaluators (an error of the user's code may
   * quote it) before they reach the results, the reports and the session. @defaultValue none
   */
  scrub?: (message: string) => string;
  /**
   * Given the datapoint's session start and its final session update (each settling true once stored, false once it
   * finally failed, never rejecting): the run waits for them before it closes, and one that failed makes its results
   * count as not stored. Only given when the run was created (an offline run sends nothing).
   */
  trackSessionWrite?: (write: "start" | "update", stored: Promise<boolean>) => void;
  /**
   * Reads a session back and tells whether it holds `values`: a session start or final update whose request failed
   * counts as stored when it did (`session-holds.ts`; may settle only at the end of the run,
   * `deferred-session-checks.ts`). Only given when the run was created.
   */
  sessionHolds?: (sessionId: string, values: EvaluationEnrichment) => Promise<boolean>;
  /**
   * The run is resumable (`resume`): each datapoint run's session id derives from the run id and the datapoint run,
   * and its final session update marks it done (`resume-point.ts`).
   */
  resumable?: boolean;
}

/**
 * How long a datapoint's closing waits for its final session update, then for its tracer's shutdown (decision record
 * 0095): the update is sent once the session's start settled, and each may wait out an outage for
 * {@link RUN_WRITE_WAIT_MS} from its call, so the update's wait covers both and an attempt in flight (the default
 * request timeout; a longer `timeoutMs` may outlast it, and the update is then counted lost).
 */
const CLOSING_WAITS = { update: 2 * RUN_WRITE_WAIT_MS + DEFAULT_TIMEOUT_MS, shutdown: 15_000 };
/** The closing's waits once the run is cancelled. */
const CANCELLED_CLOSING_WAITS: typeof CLOSING_WAITS = { update: 4_000, shutdown: 2_000 };

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
 * The session's metadata: the datapoint's own, the run, dataset and datapoint ids, the datapoint's dataset index (so
 * the viewer labels it as the result does: core's `datapointRunLabel`), the trial (of several), the shard attempt and
 * the case name.
 */
function sessionMetadata(item: PreparedDatapoint, trial: number, s: DatapointRunSettings): Record<string, unknown> {
  const metadata: Record<string, unknown> = { ...NO_FIELDS, ...item.metadata, run_id: s.runId, dataset_id: s.datasetId, datapoint_id: item.datapointId };
  metadata[DATAPOINT_INDEX_KEY] = item.index;
  if (s.trials > 1) metadata.trial = trial;
  if (s.shardAttempt) {
    metadata[SHARD_KEY] = s.shardAttempt.shard;
    metadata[SHARD_ATTEMPT_KEY] = s.shardAttempt.attempt;
  }
  const caseName = s.caseName?.(item.index);
  if (typeof caseName === "string" && caseName !== "") metadata.case_name = caseName;
  return metadata;
}

/**
 * The body of the datapoint's span: the function (raced against the stop), its return value recorded as trace()
 * records one, then the evaluators with their scores written onto the span (their outcome into `outcome`).
 */
async function callAndEvaluate(item: PreparedDatapoint, trial: number, s: DatapointRunSettings, tracer: EvaluationTracer, stop: DatapointStop, outcome: TrialOutcome): Promise<unknown> {
  const call = stop.call;
  // the signal is made when the function reads it (most never do)
  const context = { tracer, get signal() { return call.signal(); }, datapointId: item.datapointId, trial };
  outcome.call = Promise.resolve().then(() => s.fn(item.inputs, item.groundTruth, context));
  const value = await raceAbort(outcome.call, stop.aborted);
  // Recorded as trace() records a return value: under `honeyhive_outputs.result` (objects flattened below it).
  if (value !== undefined) tracer.enrichSpan({ outputs: { result: value } });
  if (s.evaluators.length > 0) {
    // Not raced: runEvaluators settles within its time limits, and at once when the datapoint's signal aborts
    // (evaluators still running then fail alone; a cancelled run still cancels the datapoint, below).
    const calls = { limiter: s.evaluatorLimiter, stop: stop.call, timeoutMs: s.evaluatorTimeoutMs, timedOut: s.timedOutCalls };
    const made = traceContext(tracer.sessionId, s.createTracer.spansOf?.(tracer));
    const context = made instanceof Promise ? await made : made; // most sessions have no model span: no turn
    const evaluation = await runEvaluators(s.evaluators, { outputs: value, inputs: item.inputs, groundTruth: item.groundTruth, context }, tracer, calls);
    if (s.scrub) for (const name of Object.keys(evaluation.errors)) evaluation.errors[name] = s.scrub(evaluation.errors[name]!);
    outcome.evaluation = evaluation;
    if (stop.reason === "cancelled") throw new Error("cancelled");
    const errors = Object.keys(evaluation.errors).length > 0 ? { [EVALUATOR_ERRORS_KEY]: evaluation.errors } : undefined;
    tracer.enrichSpan({ metrics: evaluation.metrics, ...(errors ? { metadata: errors } : {}) });
    addEvaluationResultEvents(trace.getActiveSpan(), s.evaluators.map((e) => e.name), evaluation);
  }
  return value;
}

/** The error of a trial that threw: its time limit, the run's cancellation (with its reason), or what it threw. */
function failureMessage(reason: StopReason | undefined, s: DatapointRunSettings, caught: unknown): string {
  if (reason === "timed_out") return `timed out after ${s.timeoutMs} ms`;
  return reason === "cancelled" ? `cancelled${cancellationReason(s.runSignal)}` : describeError(caught);
}

/** Runs the function and the evaluators in a `chain` span, within the datapoint's time limit and the run's cancellation. */
async function runTrial(item: PreparedDatapoint, trial: number, s: DatapointRunSettings, tracer: EvaluationTracer): Promise<TrialOutcome> {
  const stop = datapointStop();
  const stopListening = s.runAbort.listen(() => stop.stop("cancelled", new Error("evaluation cancelled")));
  const timer = startTimeLimit(stop, s.timeoutMs);
  const outcome: TrialOutcome = { status: "success", outputs: undefined, error: undefined, evaluation: undefined, call: undefined };
  try {
    outcome.outputs = await tracer.startSpan(s.functionName, (span) => {
      outcome.spanId = spanIdOf(span);
      outcome.span = span;
      return callAndEvaluate(item, trial, s, tracer, stop, outcome);
    }, { eventType: "chain", inputs: item.inputs });
  } catch (caught) {
    outcome.status = stop.reason ?? "failed";
    const message = failureMessage(stop.reason, s, caught);
    outcome.error = s.scrub ? s.scrub(message) : message;
    outcome.outputs = undefined;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    stopListening();
  }
  return outcome;
}

/**
 * What the session is updated with: the outputs of a success, the ground truth as feedback, the error of a failure; in a
 * resumable run, the datapoint's stated outcome.
 */
function sessionUpdate(item: PreparedDatapoint, outcome: TrialOutcome, resumable: boolean | undefined): EvaluationEnrichment {
  const update: EvaluationEnrichment = {};
  if (outcome.status === "success") update.outputs = outputsObject(outcome.outputs) ?? {};
  if (item.groundTruth !== undefined) update.feedback = { ground_truth: item.groundTruth };
  if (outcome.error !== undefined) update.metadata = { error: outcome.error, status: outcome.status };
  // A resumable run's final update states the outcome, a success too (core/runs/datapoint-outcome): it replaces what an
  // earlier attempt of the datapoint in the same session stated (a cancelled one's status and error).
  if (resumable && outcome.status !== "cancelled") update.metadata = Object.assign({}, update.metadata, outcomeStatement(outcome.status));
  return update;
}

/** `call()`'s promise, false when it throws or rejects. */
function stored(call: () => Promise<boolean>): Promise<boolean> {
  return Promise.resolve().then(call).then((ok) => ok === true, () => false);
}

/**
 * A session write's outcome: true once stored, or, when it failed and the run reads sessions back, whether the session
 * holds `values` (a write whose answer was lost may have landed).
 */
function storedOrHeld(write: Promise<boolean>, tracer: EvaluationTracer, s: DatapointRunSettings, values: () => EvaluationEnrichment): Promise<boolean> {
  const holds = s.sessionHolds;
  return holds ? write.then((ok) => ok || stored(() => holds(tracer.sessionId, values()))) : write;
}

/**
 * Updates the session (when there is anything to say), then shuts the tracer down; the update is waited for at most
 * 2 × `wait` ms (it is sent once its start settled, and each may wait through an outage), the shutdown `wait` ms.
 * The session's start and update are handed to `trackSessionWrite` (the run learns whether they were stored). A run
 * that was not created (offline, or its creation failed) has no `trackSessionWrite` and its tracers send nothing: the
 * update is not made at all (it holds outputs, feedback and an error, never metrics the run would read back).
 */
async function closeSession(
  tracer: EvaluationTracer, item: PreparedDatapoint, trial: number, outcome: TrialOutcome, waits: typeof CLOSING_WAITS, s: DatapointRunSettings,
): Promise<void> {
  const track = s.trackSessionWrite;
  if (track) {
    // what the start wrote that a session made from spans alone lacks (read back only when the start failed)
    track("start", storedOrHeld(stored(() => tracer.whenSessionStarted()), tracer, s, () => ({ metadata: sessionMetadata(item, trial, s) })));
    const update = sessionUpdate(item, outcome, s.resumable);
    if (Object.keys(update).length > 0) {
      const updated = stored(() => s.createTracer.closingUpdate?.(tracer, update) ?? tracer.enrichSession(update));
      track("update", storedOrHeld(updated, tracer, s, () => update));
      // the update may wait out an outage after its start did (`outage-waits.ts`); its read-back, when it failed, is
      // the run's to wait for, not the datapoint's (it may wait for the end of the run, `deferred-session-checks.ts`)
      await boundedWait(updated, waits.update);
    }
  }
  await boundedWait(Promise.resolve().then(() => tracer.shutdown()), waits.shutdown);
}

/**
 * The tracer of one datapoint run, with its session: `sessionId` when given, else a resumable run's id derived from the
 * run and the key, else a new one. Throws.
 */
function datapointTracer(item: PreparedDatapoint, trial: number, s: DatapointRunSettings, sessionId?: string): EvaluationTracer {
  // Object.assign, not a spread followed by more members (slow on Node 20, see internal/no-fields.ts)
  const own: Omit<DatapointTracerOptions, keyof DatapointRunSettings["tracerOptions"]> = {
    source: "evaluation", sessionName: s.runName, inputs: item.inputs, metadata: sessionMetadata(item, trial, s),
    runId: s.runId, datasetId: s.datasetId, datapointId: item.datapointId, isEvaluation: true, setAsDefault: false,
  };
  if (sessionId !== undefined) own.sessionId = sessionId;
  else if (s.resumable) own.sessionId = resumableSessionId(s.runId, datapointRunKey(item.index, item.datapointId, trial));
  return s.createTracer(Object.assign({}, s.tracerOptions, own));
}

/**
 * Closes the session of a resumed run's datapoint whose work the server holds but whose final update it does not (its
 * process was killed in between, or it ran in an attempt made without `resume`): the update the run would have sent,
 * to the session that holds the work, nothing run again. Never throws.
 */
export async function closeStoredDatapoint(item: PreparedDatapoint, trial: number, s: DatapointRunSettings, stored: { sessionId: string; outputs: unknown }): Promise<void> {
  let tracer: EvaluationTracer;
  try {
    tracer = datapointTracer(item, trial, s, stored.sessionId);
  } catch {
    return; // the next resume closes it
  }
  const outcome: TrialOutcome = { status: "success", outputs: stored.outputs, error: undefined, evaluation: undefined, call: undefined };
  const closing = closeSession(tracer, item, trial, outcome, CLOSING_WAITS, s);
  if (s.closeLater) s.closeLater(closing);
  else await closing;
}

/**
 * Runs one trial of one datapoint under its own tracer and session: the function inside a `chain` span
 * named after it (that tracer active), the evaluators inside the same span with their scores written onto
 * it, then the session's outputs and `feedback.ground_truth`, then the tracer's shutdown (handed to `closeLater` when
 * given), in session `unfinishedSession` when given (a resumed run's). A datapoint whose function timed out settles at
 * its timeout; while the function still runs, its pool slot is kept through `holdSlot` (`timedOutCalls`' rule). Never
 * throws.
 */
export async function runDatapoint(item: PreparedDatapoint, trial: number, s: DatapointRunSettings, holdSlot?: HoldSlot, unfinishedSession?: string): Promise<DatapointResult> {
  const started = performance.now();
  const base: DatapointBase = { index: item.index, trial, datapointId: item.datapointId, inputs: item.inputs, groundTruth: item.groundTruth };
  if (s.runSignal.aborted) {
    return datapointResult(base, started, s.passingRanges, undefined, endedBeforeCall("not_run", `not run: the run was cancelled before it started${cancellationReason(s.runSignal)}`));
  }
  let tracer: EvaluationTracer;
  try {
    tracer = datapointTracer(item, trial, s, unfinishedSession);
  } catch (error) {
    return datapointResult(base, started, s.passingRanges, undefined, endedBeforeCall("failed", `could not create the datapoint's tracer: ${describeError(error)}`));
  }
  // the datapoint's duration is its span's (the function and its evaluators), not the tracer's creation before it
  const trialStarted = performance.now();
  const outcome = await runTrial(item, trial, s, tracer);
  if (outcome.status === "timed_out" && outcome.call && holdSlot && s.timedOutCalls && s.timeoutMs !== undefined) {
    holdSlot(s.timedOutCalls.hold(outcome.call, s.timeoutMs));
  }
  const sessionId = tracer.sessionId;
  // Read once the datapoint's span has ended (its own and its evaluators' metrics written), before the closing.
  const collected = s.createTracer.metricsOf?.(tracer);
  const closing = closeSession(tracer, item, trial, outcome, s.runSignal.aborted ? CANCELLED_CLOSING_WAITS : CLOSING_WAITS, s);
  if (s.closeLater) s.closeLater(closing);
  else await closing;
  return datapointResult(base, trialStarted, s.passingRanges, sessionId, outcome, eventMetricsOf(collected, outcome));
}
