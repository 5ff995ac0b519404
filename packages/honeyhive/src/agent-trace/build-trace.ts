/**
 * A session's {@link AgentTrace}, built in-process from the ended spans its tracer kept (`processing/session-spans.ts`),
 * with no request to the backend: the spans are read as the dev server reads them when it stores them
 * (`span-trace-event.ts`) and assembled by the one rule (core `agent-trace/assemble-trace`). The evaluation's own work
 * (spans marked `honeyhive_metadata.evaluator`: evaluators, LLM judges, a simulated user) is left out. Decision record
 * 0077.
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ATTR_EVALUATOR } from "@honeyhive/core/semconv/attributes";
import { assembleTrace } from "@honeyhive/core/agent-trace/assemble-trace";
import type { AgentTrace, TraceEvent, TraceSpan } from "@honeyhive/core/agent-trace/trace-types";
import { type CallPricer, spanTraceEvent } from "./span-trace-event";

/**
 * The spans a trace is built from: the session's ended spans and how many were not kept; what was read of each ahead,
 * as it ended, when the source reads ahead (`processing/session-spans.ts`), and how to have it read ahead from now on.
 */
export interface TraceSource {
  readonly spans: readonly ReadableSpan[];
  readonly dropped: number;
  eventOf?(span: ReadableSpan): TraceEvent | undefined;
  readAhead?(reader: (span: ReadableSpan) => TraceEvent): void;
}

function isEvaluationWork(attributes: Readonly<Record<string, unknown>>): boolean {
  const evaluator = attributes[ATTR_EVALUATOR];
  return typeof evaluator === "string" && evaluator !== "";
}

function traceSpan(span: ReadableSpan, event: TraceEvent): TraceSpan {
  const view: { -readonly [K in keyof TraceSpan]: TraceSpan[K] } = {
    spanId: event.id, name: event.name, eventType: event.type, startMs: event.startMs, endMs: event.endMs,
    durationMs: Math.max(0, event.endMs - event.startMs), attributes: span.attributes as Readonly<Record<string, unknown>>,
  };
  if (event.parentId !== undefined) view.parentSpanId = event.parentId;
  if (event.error !== undefined) view.error = event.error;
  const scope = span.instrumentationScope?.name;
  if (scope !== undefined) view.scope = scope;
  return view;
}

/**
 * The trace of session `sessionId` from `source`'s spans (the first `upTo` of them, when given: the spans that had
 * ended when its evaluators started). `pricer` prices model calls that report tokens and no cost.
 */
export function buildAgentTrace(sessionId: string, source: TraceSource, options: { upTo?: number; pricer?: CallPricer } = {}): AgentTrace {
  const kept = options.upTo === undefined ? source.spans : source.spans.slice(0, options.upTo);
  const spans: ReadableSpan[] = [];
  const events: TraceEvent[] = [];
  for (const span of kept) {
    if (isEvaluationWork(span.attributes as Readonly<Record<string, unknown>>)) continue;
    spans.push(span);
    events.push(source.eventOf?.(span) ?? spanTraceEvent(span, options.pricer));
  }
  const views = spans.map((span, i) => traceSpan(span, events[i]!)).sort((a, b) => a.startMs - b.startMs);
  const { toolCalls, modelCalls, steps, totals } = assembleTrace(events);
  return { sessionId, toolCalls, modelCalls, steps, totals, spans: views, droppedSpans: source.dropped };
}
