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
import { type Logger, sdkLogger } from "../internal/logger";

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

/** The start attributes and output capture of {@link StartSpanOptions}, read once; unreadable options count as none. */
function readStartOptions(name: string, options: StartSpanOptions | undefined, budget: Readonly<NormalizeBudget>, logger: () => Logger): { attributes: Attributes; captureOutput: boolean } {
  const base: Attributes = { [ATTR_EVENT_TYPE]: DEFAULT_EVENT_TYPE, [ATTR_EVENT_NAME]: name };
  if (options === undefined || options === null) return { attributes: base, captureOutput: false };
  try {
    const eventType = userEventType(options.eventType, () => `startSpan(${JSON.stringify(name)})`, logger);
    const attributes: Attributes = { ...NO_FIELDS, ...options.attributes, [ATTR_EVENT_TYPE]: eventType, [ATTR_EVENT_NAME]: name };
    if (options.inputs) flattenInto(attributes, "honeyhive_inputs", options.inputs, budget);
    if (options.metadata) flattenInto(attributes, "honeyhive_metadata", options.metadata, budget);
    if (options.config) flattenInto(attributes, "honeyhive_config", options.config, budget);
    return { attributes, captureOutput: options.captureOutput === true };
  } catch {
    return { attributes: base, captureOutput: false };
  }
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
