import { tracerHandleOf } from "../context/tracer-handle";
import { describeValue } from "../internal/describe-value";
import { guard } from "../internal/guard";
import type { TraceOptions } from "./trace-options";

/**
 * The one rule for the type of each option a user gives to `trace()`, the decorators, `traceClass`, the old
 * `traceFunction` helpers and (for the fields it shares) `tracer.startSpan()`. `undefined` is "not given" everywhere;
 * `null` is "not given" too, except for the capture flags. A value of the wrong type is never used as given: it is
 * replaced by the safe result below, and the caller reports the problem (one message each, naming the option, the
 * type expected, the value given by {@link describeValue} and what is recorded instead):
 *
 * - `captureInputs` / `captureOutputs` (`startSpan`'s `captureOutput`) not `true`/`false`: nothing is captured. The
 *   user tried to configure capture, so recording data they may have wanted hidden is the unsafe choice.
 * - `eventName` not a string: the function's name is used.
 * - `metadata`, `config` (`startSpan`'s `inputs`, `attributes`) not a plain object (a string, a number, an array, a
 *   function): ignored, not recorded as `_value` or as indexed keys.
 * - `inputNames` not an array: ignored (the parameter names are used); an entry that is not a non-empty string is
 *   replaced by `arg<i>`, the name of an argument past the list (only the first such entry is named in the message).
 * - `tracer` not a HoneyHive tracer: the tracer in context, else the default tracer, is used.
 *
 * The `eventType` value has its own rule (`event-type-option.ts`).
 */

/** A checked value: the value to use (`undefined`: as if not given) and, when the given one was wrong, why. */
export interface CheckedOption<T> {
  /** The value to use. */
  readonly value: T | undefined;
  /** The problem with the given value (without the site), when there is one. */
  readonly problem?: string;
}

const given = <T>(value: T | undefined): CheckedOption<T> => ({ value });
const NOT_GIVEN: CheckedOption<never> = { value: undefined };

/** {@link describeValue}, for a value that may be hostile (a revoked Proxy). */
const describe = (value: unknown): string => guard(() => describeValue(value), "an unreadable value");

/** `Array.isArray`, false for a value that cannot be inspected (a revoked Proxy). */
const isArray = (value: unknown): boolean => guard(() => Array.isArray(value), false);

/** `true`/`false` for a capture flag; anything else but `undefined` captures nothing (`what`: "inputs", "outputs"). */
export function checkCaptureFlag(option: string, value: unknown, what: string): CheckedOption<boolean> {
  if (value === undefined || typeof value === "boolean") return given(value);
  return { value: false, problem: `${option} must be true or false (got ${describe(value)}); ${what} are not recorded` };
}

/** True for a value recorded key by key: a non-null object that is not an array. */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !isArray(value);
}

/** A record option (`metadata`, `config`, `inputs`, `attributes`): a plain object, else ignored. */
export function checkRecordOption(option: string, value: unknown): CheckedOption<Record<string, unknown>> {
  if (value === undefined || value === null) return NOT_GIVEN;
  if (isPlainRecord(value)) return given(value);
  return { value: undefined, problem: `${option} must be a plain object (got ${describe(value)}); ignored` };
}

function checkEventName(value: unknown): CheckedOption<string> {
  if (value === undefined || value === null || typeof value === "string") return given(value ?? undefined);
  return { value: undefined, problem: `eventName must be a string (got ${describe(value)}); the function's name is used` };
}

function checkInputNames(value: unknown): CheckedOption<readonly string[]> {
  if (value === undefined || value === null) return NOT_GIVEN;
  if (!isArray(value)) {
    return { value: undefined, problem: `inputNames must be an array of strings (got ${describe(value)}); ignored: the parameter names are used` };
  }
  const names = guard(() => Array.from(value as unknown[]), [] as unknown[]);
  const bad = names.findIndex((name) => typeof name !== "string" || name === "");
  if (bad < 0) return given(names as string[]);
  const problem = `inputNames[${bad}] must be a non-empty string (got ${describe(names[bad])}); that argument is recorded as "arg${bad}"`;
  return { value: names.map((name, i) => (typeof name === "string" && name !== "" ? name : `arg${i}`)), problem };
}

function checkTracer(value: unknown): CheckedOption<TraceOptions["tracer"]> {
  if (value === undefined || value === null || tracerHandleOf(value) !== undefined) return given(value ?? undefined) as CheckedOption<TraceOptions["tracer"]>;
  return { value: undefined, problem: `tracer must be a HoneyHive tracer (got ${describe(value)}); the tracer in context, else the default tracer, is used` };
}

/** Trace options by the rule above, and the problems found, in option order. */
export function checkTraceOptionTypes(options: TraceOptions): { options: TraceOptions; problems: string[] } {
  const checks = {
    tracer: checkTracer(options.tracer),
    eventName: checkEventName(options.eventName),
    metadata: checkRecordOption("metadata", options.metadata),
    config: checkRecordOption("config", options.config),
    captureInputs: checkCaptureFlag("captureInputs", options.captureInputs, "inputs"),
    captureOutputs: checkCaptureFlag("captureOutputs", options.captureOutputs, "outputs"),
    inputNames: checkInputNames(options.inputNames),
  };
  const checked: TraceOptions = { ...options };
  const problems: string[] = [];
  for (const [key, check] of Object.entries(checks)) {
    if (check.problem === undefined) continue;
    problems.push(check.problem);
    (checked as Record<string, unknown>)[key] = check.value;
  }
  return { options: checked, problems };
}
