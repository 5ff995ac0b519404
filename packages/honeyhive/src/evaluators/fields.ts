import { stableJson } from "@honeyhive/core/values/stable-json";

/**
 * How scorers and judges read the values they compare from an evaluator's `(outputs, inputs, groundTruth)`.
 * One definition, shared by every scorer and judge, so they all read a datapoint the same way.
 */

/** Picks a value from an evaluator's arguments, e.g. `(outputs) => outputs.summary`. */
// `any` on purpose: an accessor reads the user's own shapes, which evaluate() does not know (as in its evaluators).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FieldAccessor = (outputs: any, inputs: any, groundTruth: any) => unknown;

/** Field names read by default, in this order, when a value is an object. */
const ANSWER_KEYS = ["answer", "output", "expected", "result", "text", "response"] as const;
const QUESTION_KEYS = ["question", "query", "input", "prompt"] as const;
const CONTEXT_KEYS = ["context", "contexts", "documents"] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function firstField(value: unknown, keys: readonly string[]): unknown {
  if (!isPlainObject(value)) return undefined;
  for (const key of keys) if (value[key] !== undefined) return value[key];
  return undefined;
}

/** The value itself, or its `answer`/`output`/`expected`/`result`/`text`/`response` field when it is a plain object holding one. */
function unwrapAnswer(value: unknown): unknown {
  const field = firstField(value, ANSWER_KEYS);
  return field === undefined ? value : field;
}

/** A value as prompt or comparison text: strings as they are, null/undefined as "", anything else as stable JSON. */
export function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return stableJson(value) ?? String(value);
}

/** Reads one side with the user's accessor, or the default (the answer field or the value). */
export function pick(accessor: FieldAccessor | undefined, fallback: (o: unknown, i: unknown, g: unknown) => unknown, args: readonly [unknown, unknown, unknown]): unknown {
  return accessor ? accessor(args[0], args[1], args[2]) : fallback(args[0], args[1], args[2]);
}

/** Default output: the outputs (or their answer field). */
export const defaultOutput = (outputs: unknown): unknown => unwrapAnswer(outputs);
/** Default expected value: the ground truth (or its answer field). */
export const defaultExpected = (_o: unknown, _i: unknown, groundTruth: unknown): unknown => unwrapAnswer(groundTruth);

/** Default question: `inputs.question`/`query`/`input`/`prompt`, else the inputs as text. */
export function defaultQuestion(_o: unknown, inputs: unknown): unknown {
  const field = firstField(inputs, QUESTION_KEYS);
  return field === undefined ? inputs : field;
}

/** Default context: `inputs.context`/`contexts`/`documents`, else the same field of the ground truth; arrays joined by blank lines. */
export function defaultContext(_o: unknown, inputs: unknown, groundTruth: unknown): unknown {
  const field = firstField(inputs, CONTEXT_KEYS) ?? firstField(groundTruth, CONTEXT_KEYS);
  return Array.isArray(field) ? field.map(asText).join("\n\n") : field;
}

/** Gives `fn` a function name, the name evaluate() records its metric under. */
export function named<F extends (...args: never[]) => unknown>(fn: F, name: string): F {
  Object.defineProperty(fn, "name", { value: name, configurable: true });
  return fn;
}

/** Checks a scorer's `name` option: a non-empty string, or undefined for the default. */
export function scorerName(name: unknown, fallback: string, where: string): string {
  if (name === undefined) return fallback;
  if (typeof name !== "string" || name.trim() === "") throw new TypeError(`${where}: name must be a non-empty string`);
  return name.trim();
}

/** Checks an accessor option: a function or undefined. */
export function checkAccessor(value: unknown, option: string, where: string): FieldAccessor | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "function") throw new TypeError(`${where}: ${option} must be a function (outputs, inputs, groundTruth) => value`);
  return value as FieldAccessor;
}
