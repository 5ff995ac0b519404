import { type Attributes, INVALID_SPAN_CONTEXT, type Span, context, trace as otelTrace } from "@opentelemetry/api";
import { setActiveTracer } from "../context/active-tracer";
import { NO_FIELDS } from "../internal/no-fields";
import type { TracerHandle } from "../context/tracer-handle";
import { DEFAULT_NORMALIZE_BUDGET, type NormalizeBudget, flattenInto } from "../normalize";
import { ATTR_EVENT_NAME, ATTR_EVENT_TYPE } from "@honeyhive/core/semconv/attributes";
import { recordError } from "./record-error";
import { finishSpan } from "../span/span-end";
import { settleResult, startOfUserCode } from "./traced-call";
import { DEFAULT_EVENT_TYPE, userEventType } from "./event-type-option";
import { type Logger, sdkLogger, warnOncePerProcess } from "../internal/logger";
import { guard } from "../internal/guard";
import { checkCaptureFlag, checkRecordOption } from "./trace-option-types";
import { checkUnknownOptions } from "../config/unknown-options";

/** Options of `tracer.startSpan(name, fn, options)`. */
export interface StartSpanOptions {
  /**
   * Event type: "model", "chain" or "tool", matched case-insensitively ("MODEL" is recorded as "model"); any other
   * value is recorded as "tool" with one warning. @defaultValue "tool"
   */
  eventType?: string;
  inputs?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  config?: Record<string, unknown>;
  /** Raw OpenTelemetry attributes set at start. */
  attributes?: Attributes;
  /** Record the function's return value as `honeyhive_outputs.result`. @defaultValue false */
  captureOutput?: boolean;
}

const START_SPAN_KEYS = ["eventType", "inputs", "metadata", "config", "attributes", "captureOutput"];
const START_SPAN_KEY_SET: ReadonlySet<string> = new Set(START_SPAN_KEYS);

/**
 * An unknown key of `startSpan`'s options warns once per process naming the closest option, and is ignored; never
 * thrown, even strict (`startSpan` runs on the request path, as `withSession`). One pass over the keys when all are known.
 */
function warnUnknownStartOptions(site: () => string, options: object, logger: () => Logger): void {
  for (const key in options) {
    if (START_SPAN_KEY_SET.has(key)) continue;
    return checkUnknownOptions(options, START_SPAN_KEYS, site(), { strictness: "lenient", logger: logger() });
  }
}

/** {@link StartSpanOptions} whose values have the types they should (see `checkStartOptionTypes`). */
interface CheckedStartOptions {
  readonly attributes: Attributes | undefined;
  readonly inputs: Record<string, unknown> | undefined;
  readonly metadata: Record<string, unknown> | undefined;
  readonly config: Record<string, unknown> | undefined;
  readonly captureOutput: boolean | undefined;
  readonly problems: readonly string[];
}

/**
 * The start attributes and output capture of {@link StartSpanOptions}, read once; unreadable options count as none.
 * A value of the wrong type follows the trace options' rule (`trace-option-types.ts`: a record option is ignored, a
 * non-boolean `captureOutput` captures nothing) with one warning per process; `startSpan` never throws for them.
 */
function readStartOptions(name: string, options: StartSpanOptions | undefined, budget: Readonly<NormalizeBudget>, logger: () => Logger): { attributes: Attributes; captureOutput: boolean } {
  const base: Attributes = { [ATTR_EVENT_TYPE]: DEFAULT_EVENT_TYPE, [ATTR_EVENT_NAME]: name };
  if (options === undefined || options === null) return { attributes: base, captureOutput: false };
  try {
    const site = (): string => `startSpan(${JSON.stringify(name)})`; // made only for a warning
    warnUnknownStartOptions(site, options, logger);
    const eventType = userEventType(options.eventType, site, logger);
    const check = checkStartOptionTypes(options);
    for (const problem of check.problems) guard(() => warnOncePerProcess(logger(), `${site()}: ${problem}`), undefined);
    const attributes: Attributes = { ...NO_FIELDS, ...check.attributes, [ATTR_EVENT_TYPE]: eventType, [ATTR_EVENT_NAME]: name };
    if (check.inputs) flattenInto(attributes, "honeyhive_inputs", check.inputs, budget);
    if (check.metadata) flattenInto(attributes, "honeyhive_metadata", check.metadata, budget);
    if (check.config) flattenInto(attributes, "honeyhive_config", check.config, budget);
    return { attributes, captureOutput: check.captureOutput === true };
  } catch {
    return { attributes: base, captureOutput: false };
  }
}

/** The problems of options whose values all have the right types (shared: never written to). */
const NO_PROBLEMS: readonly string[] = [];

/** The record options and `captureOutput` of {@link StartSpanOptions} by the trace options' type rule, with the problems found. */
function checkStartOptionTypes(options: StartSpanOptions): CheckedStartOptions {
  const attributes = checkRecordOption("attributes", options.attributes);
  const inputs = checkRecordOption("inputs", options.inputs);
  const metadata = checkRecordOption("metadata", options.metadata);
  const config = checkRecordOption("config", options.config);
  const captureOutput = checkCaptureFlag("captureOutput", options.captureOutput, "outputs");
  let problems = NO_PROBLEMS;
  for (const check of [attributes, inputs, metadata, config, captureOutput]) if (check.problem !== undefined) problems = [...problems, check.problem];
  return { attributes: attributes.value as Attributes | undefined, inputs: inputs.value, metadata: metadata.value, config: config.value, captureOutput: captureOutput.value, problems };
}

/**
 * Runs `fn(span)` with a new span of `tracer` active (and `tracer` active for everything inside). The span
 * ends when `fn` returns or its promise settles; a throw or rejection is recorded on the span and rethrown.
 */
export function runInSpan<T>(tracer: TracerHandle, name: string, fn: (span: Span) => T, options?: StartSpanOptions): T {
  const ctx = setActiveTracer(context.active(), tracer);
  const spanName = typeof name === "string" ? name : "span";
  const { attributes, captureOutput } = readStartOptions(spanName, options, tracer.attributeBudget ?? DEFAULT_NORMALIZE_BUDGET, () => tracer.logger ?? sdkLogger()); // a tracer of an older copy has none
  let span: Span;
  try {
    span = tracer.startOwnSpan(spanName, ctx);
  } catch {
    span = otelTrace.wrapSpanContext(otelTrace.getSpanContext(ctx) ?? INVALID_SPAN_CONTEXT);
  }
  try {
    span.setAttributes(attributes);
  } catch {
    // the span still runs and ends
  }
  const spanContext = otelTrace.setSpan(ctx, span);
  const startedAt = startOfUserCode(span);
  let result: T;
  try {
    result = context.with(spanContext, () => fn(span));
  } catch (error) {
    recordError(span, error);
    finishSpan(span, startedAt);
    throw error;
  }
  return settleResult(span, spanContext, startedAt, result, captureOutput, tracer) as T;
}
