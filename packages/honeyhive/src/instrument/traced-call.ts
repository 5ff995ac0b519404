import { type Attributes, type Context, type Span, context, trace as otelTrace } from "@opentelemetry/api";
import { getActiveTracer, setActiveTracer } from "../context/active-tracer";
import { getDefaultTracerHandle } from "../context/default-tracer";
import { type TracerHandle, isTracerHandle, tracerHandleOf } from "../context/tracer-handle";
import { isThenable } from "../internal/is-thenable";
import { sdkLogger, warnOncePerProcess } from "../internal/logger";
import { type NormalizeBudget, WHOLE_STRINGS_BUDGET, flattenInto, toAttributeValue, toWholeValue } from "../normalize";
import { ATTR_EVENT_NAME, ATTR_EVENT_TYPE, namespacedKey } from "@honeyhive/core/semconv/attributes";
import { getParameterList, warnIfNamesLookMinified } from "./parameter-names";
import { recordError } from "./record-error";
import { attributeBudgetOf, captureOutput, finishSpan } from "../span/span-end";
import { HoneyHiveSpan } from "../span/honeyhive-span";
import { recordModelResult } from "./model-result";
import { wrapStreamResult } from "./stream-result";
import type { TraceOptions } from "./trace-options";
import { userEventType } from "./event-type-option";
import { discoverTracerHandle } from "../context/discover";
import { noteInternalError } from "../internal/guard";


/** Everything about a wrapped function that can be computed once, at wrap time. */
interface TracedFunctionSpec {
  readonly fn: (...args: unknown[]) => unknown;
  readonly name: string;
  readonly explicitTracer: TracerHandle | undefined;
  readonly staticAttributes: Attributes;
  readonly captureInputs: boolean;
  readonly captureOutputs: boolean;
  /** How arguments become input attributes; computed on the first call. */
  inputPlan: InputPlan | undefined;
  /** Names given with the `inputNames` option. */
  readonly inputNames: readonly string[] | undefined;
  warnedNoTracer: boolean;
}

/** Input attribute keys by argument position, derived once from the parameter names. */
interface InputPlan {
  /** Key per named position; `null` for a `tracer` parameter (never recorded). */
  readonly keys: readonly (string | null)[];
  /** Positional keys (`arg<i>`) of the arguments past the named ones, cached up to {@link MAX_CACHED_ARG_KEYS}. */
  readonly extraKeys: string[];
  /** The position of a rest parameter: its arguments are recorded together, as one array under its key. */
  readonly restIndex: number | undefined;
  /**
   * False when two positions can map to the same key (a parameter literally named like `arg2`): then the
   * attributes are collected in an object first, exactly as before, so the last write wins even when its
   * value normalises to nothing.
   */
  readonly direct: boolean;
}

const MAX_CACHED_ARG_KEYS = 64;

/**
 * Builds the spec of a function to trace from options `checkTraceOptions` has checked (each value of its type, see
 * trace-option-types.ts); metadata and config are flattened here, once.
 */
export function createTracedFunctionSpec(fn: (...args: unknown[]) => unknown, options: TraceOptions, fallbackName?: string): TracedFunctionSpec {
  const name = options.eventName || fallbackName || spanName(fn.name) || "anonymous";
  const eventType = userEventType(options.eventType, () => `trace(${JSON.stringify(name)})`, () => discoverTracerHandle(options.tracer).tracer?.logger ?? sdkLogger());
  const staticAttributes: Attributes = { [ATTR_EVENT_TYPE]: eventType, [ATTR_EVENT_NAME]: name };
  // flattened before any tracer is known: strings stay whole (the application holds them anyway) and each tracer's
  // export budget cuts and counts them by its own maxAttributeBytes
  if (options.metadata) flattenInto(staticAttributes, "honeyhive_metadata", options.metadata, WHOLE_STRINGS_BUDGET);
  if (options.config) flattenInto(staticAttributes, "honeyhive_config", options.config, WHOLE_STRINGS_BUDGET);
  return {
    fn,
    name,
    explicitTracer: tracerHandleOf(options.tracer),
    staticAttributes,
    captureInputs: options.captureInputs !== false,
    captureOutputs: options.captureOutputs !== false,
    inputPlan: undefined,
    inputNames: options.inputNames,
    warnedNoTracer: false,
  };
}

/** A function's own name, when it is a string (a class may define a static `name` of another kind). */
function spanName(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function inputPlanOf(spec: TracedFunctionSpec): InputPlan {
  if (spec.inputPlan) return spec.inputPlan;
  const parsed = spec.inputNames ? undefined : getParameterList(spec.fn);
  const names = spec.inputNames ?? parsed!.names;
  if (parsed) warnIfNamesLookMinified(names, spec.fn);
  const keys = names.map((name, i) => (name === "tracer" ? null : namespacedKey("inputs", name ?? `arg${i}`)));
  const restIndex = parsed?.rest ? names.length - 1 : undefined;
  spec.inputPlan = { keys, extraKeys: [], restIndex, direct: !names.some((name) => name !== null && /^arg\d+$/.test(name)) };
  return spec.inputPlan;
}

function inputKey(plan: InputPlan, i: number): string | null {
  if (i < plan.keys.length) return plan.keys[i]!;
  const cached = plan.extraKeys[i - plan.keys.length];
  if (cached !== undefined) return cached;
  const key = namespacedKey("inputs", `arg${i}`);
  if (i - plan.keys.length === plan.extraKeys.length && plan.extraKeys.length < MAX_CACHED_ARG_KEYS) plan.extraKeys.push(key);
  return key;
}

/** An argument by the one value rule: a leaf (number, string, Date, function…) as an output's leaf, a container as JSON. */
function inputValue(value: unknown, budget: Readonly<NormalizeBudget>): Attributes[string] {
  return typeof value === "object" || typeof value === "function" ? toWholeValue(value, budget) : toAttributeValue(value, budget);
}

/**
 * Records the arguments as `honeyhive_inputs.<parameter name>` (objects as JSON strings), straight onto
 * the span: the parameter-derived keys are computed once per wrapped function, not per call. Together with
 * the direct output flattening and the shared span start values in HoneyHiveSpan: −5.0k instructions
 * (≈ −10%) per traced call on the sync bench.
 */
function captureInputs(span: Span, spec: TracedFunctionSpec, args: readonly unknown[], budget: Readonly<NormalizeBudget>): void {
  const plan = inputPlanOf(spec);
  const restIndex = plan.restIndex !== undefined && args.length > plan.restIndex ? plan.restIndex : undefined;
  // a tracer handed among the rest arguments is left out of the array, as it is everywhere else
  const values = restIndex === undefined ? args : [...args.slice(0, restIndex), args.slice(restIndex).filter((v) => !isTracerHandle(v))];
  const attributes: Attributes | undefined = plan.direct ? undefined : {};
  for (let i = 0; i < values.length; i++) {
    try {
      const value = values[i];
      if (value === undefined || value === null || isTracerHandle(value)) continue;
      const key = inputKey(plan, i);
      if (key === null) continue;
      const normalized = inputValue(value, budget);
      if (attributes !== undefined) attributes[key] = normalized;
      else if (normalized !== undefined) span.setAttribute(key, normalized);
    } catch {
      // an argument that cannot be read (a throwing Proxy) is not recorded; the others still are
    }
  }
  if (attributes !== undefined) span.setAttributes(attributes);
}



/**
 * Calls the user's function exactly once inside a new span of the right tracer, returning exactly what it
 * returns: sync stays sync; a plain promise is followed by a chained promise with the same outcome; a
 * Promise subclass (e.g. the OpenAI client's APIPromise) is returned as is and observed; another thenable
 * is adopted once by a native promise; streams keep the span open until consumed.
 */
export function invokeTraced(spec: TracedFunctionSpec, thisArg: unknown, args: unknown[]): unknown {
  const parent = context.active();
  const active = getActiveTracer(parent);
  const tracer = spec.explicitTracer ?? active ?? getDefaultTracerHandle();
  if (!tracer) {
    if (!spec.warnedNoTracer) {
      spec.warnedNoTracer = true;
      warnNoTracer(spec.name);
    }
    return spec.fn.apply(thisArg, args);
  }
  const ctx = active === tracer ? parent : setActiveTracer(parent, tracer);
  let span: Span;
  try {
    span = tracer.startOwnSpan(spec.name, ctx);
  } catch {
    return spec.fn.apply(thisArg, args);
  }
  try {
    span.setAttributes(spec.staticAttributes);
    if (spec.captureInputs) captureInputs(span, spec, args, attributeBudgetOf(span, tracer));
  } catch {
    // the span is still traced and ended; only what could not be read is missing
  }
  const spanContext = otelTrace.setSpan(ctx, span);
  const startedAt = startOfUserCode(span);
  let result: unknown;
  try {
    result = context.with(spanContext, () => spec.fn.apply(thisArg, args));
  } catch (error) {
    recordError(span, error);
    finishSpan(span, startedAt);
    throw error;
  }
  return settleResult(span, spanContext, startedAt, result, spec.captureOutputs, tracer);
}

/**
 * `performance.now()` as the user's code starts: the start of `honeyhive_duration_ms`, and of an own span's times
 * when the SDK's set-up since the span's start took long (see {@link HoneyHiveSpan.startsNow}).
 */
export function startOfUserCode(span: Span): number {
  const now = performance.now();
  return span instanceof HoneyHiveSpan ? span.startsNow(now) : now;
}

/**
 * Records a settled value (or follows it if it is a stream) and ends the span; returns what the caller gets.
 * `canReplace` is false for the value of a Promise subclass returned as is: a stream is then followed in place.
 * `spanContext` is the span's own context, in which a followed stream is iterated.
 */
function completeWithValue(span: Span, spanContext: Context, startedAt: number, value: unknown, captureOutputs: boolean, tracer: TracerHandle | undefined, canReplace: boolean): unknown {
  if (typeof value === "object" && value !== null) {
    try {
      const streamed = wrapStreamResult(value, span, spanContext, startedAt, captureOutputs, tracer, !canReplace);
      if (streamed.wrapped) return streamed.value;
    } catch {
      // not followed as a stream
    }
  }
  if (captureOutputs) safeCaptureOutput(span, value, tracer);
  recordModelResult(span, value);
  finishSpan(span, startedAt);
  return value;
}

/**
 * Ends `span` when `result` settles (promise, thenable, stream) or now, and returns what the caller should get.
 * If inspecting `result` throws (a hostile Proxy), the span ends now and `result` is returned as is. `spanContext`
 * is the context `fn` ran in (the span active): a returned stream or generator is iterated in it.
 */
export function settleResult(span: Span, spanContext: Context, startedAt: number, result: unknown, captureOutputs: boolean, tracer?: TracerHandle): unknown {
  try {
    return settle(span, spanContext, startedAt, result, captureOutputs, tracer);
  } catch {
    finishSpan(span, startedAt); // ends once: a second end by a handler attached before the throw does nothing
    return result;
  }
}

function settle(span: Span, spanContext: Context, startedAt: number, result: unknown, captureOutputs: boolean, tracer: TracerHandle | undefined): unknown {
  if (!isThenable(result)) return completeWithValue(span, spanContext, startedAt, result, captureOutputs, tracer, true);
  const onError = (error: unknown): never => {
    recordError(span, error);
    finishSpan(span, startedAt);
    throw error;
  };
  if (result instanceof Promise && Object.getPrototypeOf(result) !== Promise.prototype) {
    // A Promise subclass (e.g. the OpenAI client's APIPromise) is returned as is, so its extra methods stay
    // usable; its value cannot be replaced, so a stream inside it is followed in place (stream-result.ts).
    result.then((value) => completeWithValue(span, spanContext, startedAt, value, captureOutputs, tracer, false), onError).catch(() => undefined);
    return result;
  }
  const onValue = (value: unknown): unknown => completeWithValue(span, spanContext, startedAt, value, captureOutputs, tracer, true);
  return result instanceof Promise ? result.then(onValue, onError) : Promise.resolve(result).then(onValue, onError);
}

function safeCaptureOutput(span: Span, value: unknown, tracer: TracerHandle | undefined): void {
  try {
    captureOutput(span, value, attributeBudgetOf(span, tracer));
  } catch (error) {
    noteInternalError(error); // output capture must never change the result
  }
}


/** Once per process for each text: the same function wrapped again (per request, per module copy) adds no line. */
function warnNoTracer(name: string): void {
  warnOncePerProcess(sdkLogger(), `trace("${name}"): no HoneyHive tracer in context and no default tracer; the function runs untraced`);
}
