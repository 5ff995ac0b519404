import { context } from "@opentelemetry/api";
import { describeError } from "../internal/safe-invoke";
import { NO_FIELDS } from "../internal/no-fields";
import { setEvaluatorScope } from "../context/evaluator-scope";
import { boundedCall, EvaluatorTimeoutError } from "./bounded-call";
import { TimeLimitError, type TimedOutCalls } from "./timed-out-calls";
import type { HoldSlot } from "../runtime/worker-pool";
import type { EvaluatorContext, ResolvedEvaluator } from "../config/evaluator";
import type { Limiter } from "./limiter";
import { retryOnRateLimit } from "./rate-limit-retry";
import { normalizeEvaluatorOutput, type MetricValue } from "./evaluator-output";
import type { EvaluationTracer } from "./tracer-contract";
import type { CallStop } from "../internal/call-stop";

/** Scores and errors of one datapoint's evaluators. */
export interface EvaluatorsOutcome {
  metrics: Record<string, MetricValue>;
  errors: Record<string, string>;
}

/** Arguments every evaluator receives. */
export interface EvaluatorArgs {
  outputs: unknown;
  inputs: unknown;
  groundTruth: unknown;
  /** The fourth argument: the trace of what is judged. */
  context: EvaluatorContext;
}

/**
 * How evaluator calls run: the run's evaluator pool (`evaluatorConcurrency`), the time limit of one call
 * (`evaluatorTimeoutMs`, counted from when the call has its slot), the datapoint's stop (its time limit or
 * the run's cancellation: calls still running then end with the stop's reason) and the run's rule for the pool slot
 * of a timed-out call still running (`timedOut`).
 */
interface EvaluatorCalls {
  limiter?: Limiter;
  stop?: CallStop;
  timeoutMs?: number;
  timedOut?: TimedOutCalls;
}

function average(values: readonly MetricValue[]): MetricValue | null {
  const numbers = values.map((v) => (typeof v === "boolean" ? Number(v) : v)).filter((v): v is number => typeof v === "number");
  if (numbers.length !== values.length) return values[values.length - 1] ?? null;
  return numbers.reduce((a, b) => a + b, 0) / numbers.length;
}

/**
 * One call in the run's evaluator pool, retried while it is rate limited (429) as a provider asks, within its time
 * limit. A call that times out (its own limit or its datapoint's) fails at once, but while the evaluator still runs
 * it keeps its pool slot, for at most one more `evaluatorTimeoutMs` (`TimedOutCalls`); a call stopped by the
 * run's cancellation frees its slot at once.
 */
function callOnce(evaluator: ResolvedEvaluator, args: EvaluatorArgs, calls: EvaluatorCalls): Promise<unknown> {
  const { timedOut, timeoutMs } = calls;
  const call = (holdSlot?: HoldSlot): Promise<unknown> => boundedCall(
    (stop) => retryOnRateLimit(() => evaluator.fn(args.outputs, args.inputs, args.groundTruth, args.context), { stop }),
    timeoutMs, calls.stop,
    holdSlot && timedOut && timeoutMs !== undefined
      ? (running, reason) => { if (reason instanceof TimeLimitError) holdSlot(timedOut.hold(running, timeoutMs)); }
      : undefined,
  );
  const raw = calls.limiter ? calls.limiter.run(call) : call();
  const transform = evaluator.options.transform;
  // a 1.0 string transform is not applied (evaluator() warned)
  return typeof transform === "function" ? raw.then((value) => transform(value as never)) : raw;
}

/** The metrics of one output of evaluator `name`; throws for an output that is not a score. */
function metricsOf(name: string, raw: unknown): Record<string, MetricValue> {
  const normalized = normalizeEvaluatorOutput(name, raw);
  if (normalized.problem) throw new TypeError(`evaluator "${name}" ${normalized.problem}`);
  return { ...normalized.metrics };
}

async function evaluateRepeated(evaluator: ResolvedEvaluator, args: EvaluatorArgs, calls: EvaluatorCalls, repeat: number): Promise<Record<string, MetricValue>> {
  const scores: MetricValue[] = [];
  let metrics: Record<string, MetricValue> = {};
  for (let i = 0; i < repeat; i++) {
    const normalized = normalizeEvaluatorOutput(evaluator.name, await callOnce(evaluator, args, calls));
    if (normalized.problem) throw new TypeError(`evaluator "${evaluator.name}" ${normalized.problem}`);
    metrics = { ...NO_FIELDS, ...metrics, ...normalized.metrics };
    if (normalized.score !== null) scores.push(normalized.score);
  }
  const score = average(scores);
  if (score !== null) metrics[evaluator.name] = score;
  return metrics;
}

/**
 * One evaluator's metrics for the datapoint, written onto its span (the active one). Never throws: what fails is a
 * rejection. Chained, not async: a run makes one call per evaluator and datapoint, each a few promises fewer so.
 */
function evaluateOne(evaluator: ResolvedEvaluator, args: EvaluatorArgs, calls: EvaluatorCalls, tracer: EvaluationTracer): Promise<Record<string, MetricValue>> {
  try {
    const repeat = Math.max(1, Math.floor(evaluator.options.repeat ?? 1));
    const written = (metrics: Record<string, MetricValue>): Record<string, MetricValue> => {
      tracer.enrichSpan({ outputs: metrics });
      return metrics;
    };
    if (repeat !== 1) return evaluateRepeated(evaluator, args, calls, repeat).then(written);
    return callOnce(evaluator, args, calls).then((raw) => written(metricsOf(evaluator.name, raw)));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The message of a time limit or of the datapoint's stop ("timed out after N ms", "evaluation cancelled"). */
function stopReason(reason: unknown, stop: CallStop | undefined): string | undefined {
  if (reason instanceof EvaluatorTimeoutError) return reason.message;
  return stop?.stopped === true && reason === stop.reason && reason instanceof Error ? reason.message : undefined;
}

/** Runs `fn` in the evaluator's span, marked as evaluation work with every span started inside it. */
function traced<T>(tracer: EvaluationTracer, name: string, fn: () => Promise<T>): Promise<T> {
  const scope = setEvaluatorScope(context.active(), name);
  try {
    return context.with(scope, () => tracer.startSpan(name, () => fn(), { eventType: "chain" }));
  } catch {
    return context.with(scope, fn);
  }
}

/**
 * Runs every evaluator of one datapoint concurrently, each in its own span (a child of the datapoint's
 * chain span) and with its failure isolated: a throwing, rejecting or timed-out evaluator records an error and no
 * score. Settles within the calls' time limits, or at once when `calls.stop` stops.
 * Must be called while the datapoint's chain span is active; the caller writes the metrics onto it.
 */
export async function runEvaluators(
  evaluators: readonly ResolvedEvaluator[],
  args: EvaluatorArgs,
  tracer: EvaluationTracer,
  calls: EvaluatorCalls = {},
): Promise<EvaluatorsOutcome> {
  const settled = await Promise.allSettled(
    evaluators.map((evaluator) =>
      // the evaluator itself runs in a later microtask (boundedCall)
      traced(tracer, evaluator.name, () => evaluateOne(evaluator, args, calls, tracer)),
    ),
  );
  const outcome: EvaluatorsOutcome = { metrics: {}, errors: {} };
  settled.forEach((result, i) => {
    const name = evaluators[i]!.name;
    if (result.status === "fulfilled") Object.assign(outcome.metrics, result.value);
    else outcome.errors[name] = stopReason(result.reason, calls.stop) ?? describeError(result.reason);
  });
  return outcome;
}
