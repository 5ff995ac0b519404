import { optionKeys, readPlainOptions } from "../config/options-snapshot";

/** What an evaluator may return: a score, a score with explanation and extras, or nothing. */
export type EvaluatorReturn =
  | number
  | boolean
  | string
  | null
  | undefined
  | readonly [number | boolean | string]
  | ({ score?: number | boolean | string | null; explanation?: string } & Record<string, unknown>);

/** An evaluator function: `(outputs, inputs, groundTruth)`, sync or async. */
export type EvaluatorFunction<O = unknown, I = Record<string, unknown>, G = unknown> = (
  outputs: O,
  inputs: I,
  groundTruth: G,
) => EvaluatorReturn | Promise<EvaluatorReturn>;

/** Options of the old TS SDK's {@link evaluator} helper. Only `name`, `transform` and `repeat` change behaviour. */
export interface EvaluatorOptions {
  /** Metric name. @defaultValue the function's name */
  name?: string;
  /** Recorded in the run configuration. */
  weight?: number;
  /** Runs the evaluator this many times and averages numeric scores. @defaultValue 1 */
  repeat?: number;
  /** Recorded in the run configuration. */
  asserts?: boolean;
  /** Recorded in the run configuration. */
  target?: string;
  /** Applied to the evaluator's return value before it is recorded. */
  transform?: (value: EvaluatorReturn) => EvaluatorReturn;
  /** Recorded in the run configuration. */
  aggregate?: string;
  /** Recorded in the run configuration. */
  checker?: string;
}

/** An evaluator given by name: `{ name, fn }`. */
export interface NamedEvaluator<O = unknown, I = Record<string, unknown>, G = unknown> {
  name: string;
  fn: EvaluatorFunction<O, I, G>;
}

/** Anything `evaluate({ evaluators })` accepts as one evaluator. */
export type EvaluatorSpec<O = unknown, I = Record<string, unknown>, G = unknown> = EvaluatorFunction<O, I, G> | NamedEvaluator<O, I, G>;

const OPTIONS = Symbol.for("honeyhive.evaluator.options");

/** A function wrapped by {@link evaluator}: callable as before, carrying its options. */
type WrappedEvaluator<O = unknown, I = Record<string, unknown>, G = unknown> = EvaluatorFunction<O, I, G> & {
  readonly evaluatorName: string;
  readonly [OPTIONS]: EvaluatorOptions;
};

/** Every evaluator option (a missing one is a type error, so none is silently dropped when options are read). */
const EVALUATOR_OPTION_KEYS = optionKeys<EvaluatorOptions>()({
  name: true, weight: true, repeat: true, asserts: true, target: true, transform: true, aggregate: true, checker: true,
});

/**
 * The old TS SDK's `evaluator(fn, options?)`: names an evaluator (and applies `transform`/`repeat`).
 *
 * @example
 * const exact = evaluator((out, _in, gt) => out === gt.answer, { name: "exact_match" });
 */
export function evaluator<O = unknown, I = Record<string, unknown>, G = unknown>(
  fn: EvaluatorFunction<O, I, G>,
  options: EvaluatorOptions = {},
): WrappedEvaluator<O, I, G> {
  if (typeof fn !== "function") throw new TypeError("evaluator(fn): fn must be a function");
  options = readPlainOptions(options, EVALUATOR_OPTION_KEYS) as EvaluatorOptions; // hostile options cost a key, not the call
  const name = typeof options.name === "string" ? options.name : fn.name;
  const wrapped = ((outputs: O, inputs: I, groundTruth: G) => fn(outputs, inputs, groundTruth)) as WrappedEvaluator<O, I, G>;
  Object.defineProperty(wrapped, "name", { value: name ?? "" });
  Object.defineProperty(wrapped, "evaluatorName", { value: name });
  Object.defineProperty(wrapped, OPTIONS, { value: Object.freeze({ ...options }) });
  return wrapped;
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
      const { name, fn } = spec as NamedEvaluator;
      if (typeof name !== "string" || name.trim() === "") throw new TypeError(`evaluators[${index}] needs a non-empty name`);
      resolved = { name: name.trim(), fn: fn as EvaluatorFunction<unknown, unknown, unknown>, options: {} };
    } else {
      throw new TypeError(`evaluators[${index}] is not a function (got ${spec === null ? "null" : typeof spec})`);
    }
    if (seen.has(resolved.name)) throw new TypeError(`duplicate evaluator name "${resolved.name}"; give each evaluator a unique name`);
    seen.add(resolved.name);
    return resolved;
  });
}
