import { describeValue } from "../internal/describe-value";
import { optionKeys, readPlainOptions } from "./options-snapshot";
import { sdkLogger, warnOncePerProcess } from "../internal/logger";
import { EvaluationConfigError, VERDICT_UNKNOWN_OPTIONS } from "./evaluation-config-error";
import { checkUnknownOptions } from "./unknown-options";
import type { EvaluatorContext, EvaluatorFunction, EvaluatorReturn, NamedEvaluator } from "./evaluator-types";
import { declaredDirection, type MetricDirection } from "@honeyhive/core/verdict/metric-direction";

export type { EvaluatorContext, EvaluatorReturn, EvaluatorFunction, NamedEvaluator, EvaluatorSpec } from "./evaluator-types";

/**
 * Options of the old TS SDK's {@link evaluator} helper. Only `name`, a function `transform`, `repeat` and `better`
 * change behaviour; `weight`, `asserts`, `target`, `aggregate` and `checker` are recorded in the run's configuration as
 * `evaluator_options.<evaluator name>` (values of another type than documented are left out).
 */
export interface EvaluatorOptions {
  /** Metric name. @defaultValue the function's name */
  name?: string;
  /** A number, recorded in the run configuration (`evaluator_options.<name>.weight`); it does not change scores. */
  weight?: number;
  /** Runs the evaluator this many times and averages numeric scores. @defaultValue 1 */
  repeat?: number;
  /** Recorded in the run configuration (`evaluator_options.<name>.asserts`); pass/fail follows the metric's value. */
  asserts?: boolean;
  /** Recorded in the run configuration (`evaluator_options.<name>.target`). */
  target?: string;
  /**
   * A function applied to the evaluator's return value before it is recorded. A string (the 1.0 SDK's type, which
   * that SDK only stored) is accepted so 1.0 code keeps compiling and running, but it is not applied: the score is
   * recorded as returned, and `evaluator()` warns once. Anything else is an {@link EvaluationConfigError}.
   */
  transform?: ((value: EvaluatorReturn) => EvaluatorReturn) | string;
  /** Recorded in the run configuration (`evaluator_options.<name>.aggregate`); the run's aggregates follow `aggregateFunction`. */
  aggregate?: string;
  /** Recorded in the run configuration (`evaluator_options.<name>.checker`). */
  checker?: string;
  /**
   * (new) Which way the metric is better, for comparisons of runs (`compareRuns`, `honeyhive eval --compare`, the
   * viewer): `"lower"` for an error count, a latency, a cost. Recorded in the run's configuration as
   * `metric_directions.<name>`. @defaultValue from the metric's passing range (a `max` alone: lower), else its name
   * (latency, duration, time, cost, tokens, errors…: lower), else `"higher"`
   */
  better?: MetricDirection;
}

const OPTIONS = Symbol.for("honeyhive.evaluator.options");

/** A function wrapped by {@link evaluator}: callable as before (the context is optional in a direct call), carrying its options. */
type WrappedEvaluator<O = unknown, I = Record<string, unknown>, G = unknown> = ((outputs: O, inputs: I, groundTruth: G, context?: EvaluatorContext) => ReturnType<EvaluatorFunction<O, I, G>>) & {
  readonly evaluatorName: string;
  readonly [OPTIONS]: EvaluatorOptions;
};

/** Every evaluator option (a missing one is a type error, so none is silently dropped when options are read). */
const EVALUATOR_OPTION_KEYS = optionKeys<EvaluatorOptions>()({
  name: true, weight: true, repeat: true, asserts: true, target: true, transform: true, aggregate: true, checker: true, better: true,
});

/** Checks a declared direction: `"higher"`, `"lower"`, or none. */
function checkBetter(better: unknown, name: string): void {
  if (better === undefined || declaredDirection(better) !== undefined) return;
  throw new EvaluationConfigError(`evaluator ${JSON.stringify(name || "anonymous")}: better must be "higher" or "lower" (got ${describeValue(better)})`);
}

/** Checks `transform` (a function, or 1.0's string, which is kept but not applied: one warning per evaluator name). */
function checkTransform(transform: unknown, name: string): void {
  if (transform === undefined || transform === null || typeof transform === "function") return;
  const label = `evaluator ${JSON.stringify(name || "anonymous")}`;
  if (typeof transform !== "string") {
    throw new EvaluationConfigError(`${label}: transform must be a function (value) => value (got ${describeValue(transform)})`);
  }
  warnOncePerProcess(sdkLogger(), `${label}: a string transform (the 1.0 SDK's, which it only stored) is not applied; scores are recorded as returned (pass a function to transform them)`);
}

/**
 * The old TS SDK's `evaluator(fn, options?)`: names an evaluator (and applies a function `transform` and `repeat`).
 * Throws a `TypeError` when `fn` is not a function and an {@link EvaluationConfigError} when `transform` is neither a
 * function nor a string; an unknown option key is an {@link EvaluationConfigError} too, naming the closest key (the
 * options decide the verdict).
 *
 * @example
 * const exact = evaluator((out, _in, gt) => out === gt.answer, { name: "exact_match" });
 */
export function evaluator<O = unknown, I = Record<string, unknown>, G = unknown>(
  fn: EvaluatorFunction<O, I, G>,
  options: EvaluatorOptions = {},
): WrappedEvaluator<O, I, G> {
  if (typeof fn !== "function") throw new TypeError("evaluator(fn): fn must be a function");
  checkUnknownOptions(options, EVALUATOR_OPTION_KEYS, "evaluator()", VERDICT_UNKNOWN_OPTIONS);
  options = readPlainOptions(options, EVALUATOR_OPTION_KEYS) as EvaluatorOptions; // hostile options cost a key, not the call
  const name = typeof options.name === "string" ? options.name : fn.name;
  checkTransform(options.transform, name);
  checkBetter(options.better, name);
  const wrapped = ((outputs: O, inputs: I, groundTruth: G, context?: EvaluatorContext) => fn(outputs, inputs, groundTruth, context as EvaluatorContext)) as WrappedEvaluator<O, I, G>;
  Object.defineProperty(wrapped, "name", { value: name ?? "" });
  Object.defineProperty(wrapped, "evaluatorName", { value: name });
  Object.defineProperty(wrapped, OPTIONS, { value: Object.freeze({ ...options }) });
  return wrapped;
}

/** The options of {@link evaluator} that are recorded, not applied (`evaluator_options` of the run's configuration). */
const RECORDED_OPTIONS = { weight: "number", asserts: "boolean", target: "string", aggregate: "string", checker: "string" } as const;

/**
 * The recorded options of each evaluator that has any (`{ <name>: { weight, asserts, target, aggregate, checker } }`),
 * JSON-safe only: a finite number, a boolean or a string as each option is typed; anything else is left out.
 */
export function recordedEvaluatorOptions(evaluators: readonly ResolvedEvaluator[]): Record<string, Record<string, number | boolean | string>> {
  const recorded: Record<string, Record<string, number | boolean | string>> = {};
  for (const { name, options } of evaluators) {
    const own: Record<string, number | boolean | string> = {};
    for (const [key, type] of Object.entries(RECORDED_OPTIONS)) {
      const value = (options as Record<string, unknown>)[key];
      if (typeof value === type && (type !== "number" || Number.isFinite(value))) own[key] = value as number | boolean | string;
    }
    if (Object.keys(own).length > 0) recorded[name] = own;
  }
  return recorded;
}

/** The declared directions of the evaluators that declare one (`{ <name>: "higher" | "lower" }`: `metric_directions`). */
export function declaredMetricDirections(evaluators: readonly ResolvedEvaluator[]): Record<string, MetricDirection> {
  const out: Record<string, MetricDirection> = {};
  for (const { name, options } of evaluators) if (options.better !== undefined) out[name] = options.better;
  return out;
}

/** An evaluator after validation: a unique name, the function, and its options. */
export interface ResolvedEvaluator {
  readonly name: string;
  readonly fn: EvaluatorFunction<unknown, unknown, unknown>;
  readonly options: EvaluatorOptions;
}

/**
 * Validates and names evaluators: functions are named by their name (or `evaluator_<i>` when anonymous),
 * `{ name, fn }` by `name`, `evaluator()` wrappers by their option. Throws a `TypeError` for non-functions
 * and duplicate names.
 */
export function resolveEvaluators(specs: unknown): ResolvedEvaluator[] {
  if (specs === undefined || specs === null) return [];
  if (!Array.isArray(specs)) throw new TypeError("evaluators must be an array of functions or { name, fn } objects");
  const seen = new Set<string>();
  return specs.map((spec: unknown, index) => {
    let resolved: ResolvedEvaluator;
    if (typeof spec === "function") {
      const options = ((spec as Partial<WrappedEvaluator>)[OPTIONS] ?? {}) as EvaluatorOptions;
      const name = (spec as Partial<WrappedEvaluator>).evaluatorName || spec.name || `evaluator_${index}`;
      resolved = { name, fn: spec as EvaluatorFunction<unknown, unknown, unknown>, options };
    } else if (spec && typeof spec === "object" && typeof (spec as NamedEvaluator).fn === "function") {
      const { name, fn, better } = spec as NamedEvaluator;
      if (typeof name !== "string" || name.trim() === "") throw new TypeError(`evaluators[${index}] needs a non-empty name`);
      checkBetter(better, name);
      resolved = { name: name.trim(), fn: fn as EvaluatorFunction<unknown, unknown, unknown>, options: better !== undefined ? { better } : {} };
    } else {
      throw new TypeError(`evaluators[${index}] is not a function (got ${describeValue(spec)})`);
    }
    if (seen.has(resolved.name)) throw new TypeError(`duplicate evaluator name "${resolved.name}"; give each evaluator a unique name`);
    seen.add(resolved.name);
    return resolved;
  });
}
