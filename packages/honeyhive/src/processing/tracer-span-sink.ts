import type { AttributeValue } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { SpanSink } from "../context/tracer-handle";
import { ATTR_EVENT_NAME, ATTR_EVENT_TYPE } from "@honeyhive/core/semconv/attributes";
import { derivedEventName } from "@honeyhive/core/semconv/event-name";
import { inferEventType, spanEventType } from "@honeyhive/core/semconv/event-type";
import { addUsage, completeModelUsage, decideModelCall } from "@honeyhive/core/semconv/model-call";
import { readModelCall } from "@honeyhive/core/semconv/genai";
import { hasStreamFacts, mergeStreamFacts, missingStreamFacts, type StreamFacts, streamFactsOf } from "@honeyhive/core/semconv/stream-facts";
import { forgetRoute, routeOf } from "../span/span-route";
import { type MaskFunction, maskEndedAttributes, maskSpanAttributes } from "./mask-span";
import { noteInternalError } from "../internal/guard";
import { SiblingHold } from "./sibling-hold";
import { writeEvaluationEventMetrics } from "./evaluation-event-metrics";
import { notePricedCall } from "./unpriced-models";
import { liftStepIo } from "./step-io-lift";
import type { NormalizeBudget } from "../normalize/budget";
import type { DatapointMetrics } from "./datapoint-metrics";
import type { SessionSpans } from "./session-spans";

/** Where a tracer's finished spans go (its export pipeline). */
interface FinishedSpanTarget {
  push(span: ReadableSpan): void;
  /** How mask replacements become attributes (the pipeline's `maxAttributeBytes`, cuts counted). */
  readonly attributeBudget?: Readonly<NormalizeBudget>;
}

type Write = (attributes: Readonly<Record<string, unknown>>) => void;

/**
 * Writes the event name a third-party span's own name does not give (semconv/event-name.ts: an AI SDK tool call's
 * tool), so HoneyHive's backend, which names an event by `honeyhive_event_name` else the span's name, shows it.
 */
function nameSpan(span: ReadableSpan, attributes: Readonly<Record<string, unknown>>, write: Write): void {
  if (attributes[ATTR_EVENT_NAME] !== undefined) return;
  const name = derivedEventName(attributes, span.name);
  if (name !== undefined) write({ [ATTR_EVENT_NAME]: name });
}

/**
 * Gives a finishing span its event name (when its own name does not say it) and type, and applies the
 * one-model-event-per-call rule (semconv/model-call.ts): a model span inside another model span's call becomes a
 * linked `chain` and hands its usage and stream facts up; a model event that absorbed such spans gets their usage when
 * it reports none of its own, and their time to first token and `streamed` when it records none (semconv/stream-facts.ts:
 * the client's span measured the stream the framework's span around it only wrapped, with or without usage).
 */
function typeSpan(span: ReadableSpan, attributes: Readonly<Record<string, unknown>>, write: Write): void {
  nameSpan(span, attributes, write);
  const explicit = typeof attributes[ATTR_EVENT_TYPE] === "string";
  const route = routeOf(span);
  const scope = span.instrumentationScope?.name;
  if (route === undefined || (route.enclosing === undefined && route.own === undefined)) {
    if (!explicit) write({ [ATTR_EVENT_TYPE]: inferEventType(attributes, span.name, scope) });
    return;
  }
  const eventType = spanEventType(attributes, span.name, scope);
  const enclosing = route.enclosing;
  if (enclosing !== undefined && eventType === "model") {
    const decision = decideModelCall({ eventType, attributes }, { spanId: enclosing.span.spanContext().spanId, attributes: enclosing.span.attributes });
    write(decision.linkAttributes);
    if (!enclosing.span.ended) {
      enclosing.absorbedUsage = addUsage(enclosing.absorbedUsage ?? {}, decision.usageForEnclosing);
      enclosing.absorbedStream = mergeStreamFacts(enclosing.absorbedStream, streamFactsOfSpan(span, attributes));
    }
    return;
  }
  if (!explicit) write({ [ATTR_EVENT_TYPE]: eventType });
  if (eventType !== "model" || route.own === undefined) return;
  if (route.own.absorbedUsage !== undefined) write(completeModelUsage(attributes, route.own.absorbedUsage));
  if (route.own.absorbedStream !== undefined) write(missingStreamFacts(streamFactsOfSpan(span, attributes), attributes, route.own.absorbedStream));
}

/** What a model span records of a stream (the one GenAI translation), or undefined when it records none. */
function streamFactsOfSpan(span: ReadableSpan, attributes: Readonly<Record<string, unknown>>): StreamFacts | undefined {
  const facts = streamFactsOf(readModelCall({ name: span.name, attributes, scopeName: span.instrumentationScope?.name }));
  return hasStreamFacts(facts) ? facts : undefined;
}

/** What evaluate()'s datapoint tracers collect of their session as its spans end (undefined for every other tracer). */
export interface DatapointCollectors {
  /** The metric values (the verdict judges them). */
  readonly metrics: DatapointMetrics;
  /** The ended spans (the evaluators' trace is built from them). */
  readonly spans: SessionSpans;
}

/** Hands the span to evaluate()'s collectors; a failure there never keeps the span from its export. */
function collect(collectors: DatapointCollectors, span: ReadableSpan, attributes: Readonly<Record<string, unknown>>): void {
  try {
    collectors.spans.add(span, attributes);
    collectors.metrics.fromSpan(span, attributes);
  } catch (error) {
    noteInternalError(error); // the verdict or the trace misses this span; the span is still exported
  }
}

/**
 * Hands an exported span to evaluate()'s collectors (the cost budget; the session's spans, read ahead when the run reads
 * traces); a failure there never keeps the span from its export.
 */
function noteExported(collectors: DatapointCollectors, span: ReadableSpan): void {
  try {
    collectors.metrics.exported(span, span.attributes[ATTR_EVENT_TYPE] === "model");
    collectors.spans.exported(span);
  } catch (error) {
    noteInternalError(error);
  }
}

/**
 * Builds a tracer's span sink: at `onEnding` it decides the event type (see {@link typeSpan}) and applies the
 * mask while the span is writable; at `onEnd` it counts the span, forgets its route and queues it for export
 * through the sibling hold (`sibling-hold.ts`: a model span that may have a twin from another instrumentation
 * waits, boundedly, for it). Providers that never call `onEnding` (older SDKs) get the same treatment on the ended
 * span's attributes. With `collectors` (evaluate()'s datapoint tracers only), each ended span and its metrics are
 * collected, after the mask (the values the server will store).
 */
export function createTracerSpanSink(target: FinishedSpanTarget, mask: MaskFunction | undefined, onEnded: () => void, collectors?: DatapointCollectors): SpanSink {
  const masked = mask ? new WeakSet<object>() : undefined;
  const hold = new SiblingHold((span) => {
    notePricedCall(span); // after the sibling rule: one model event per call is counted
    if (collectors !== undefined) noteExported(collectors, span);
    target.push(span);
  });
  return {
    onSpanStart(span) {
      hold.started(span as unknown as ReadableSpan);
    },
    release() {
      hold.releaseAll();
    },
    onSpanEnding(span) {
      const write = (attributes: Readonly<Record<string, unknown>>): void => void span.setAttributes(attributes as Record<string, AttributeValue>);
      typeSpan(span, span.attributes, write);
      writeEvaluationEventMetrics(span, span.attributes, write);
      if (mask && masked) {
        maskSpanAttributes(span, mask, target.attributeBudget);
        masked.add(span);
      }
      const route = routeOf(span);
      if (route !== undefined) liftStepIo(span, route, span.attributes, write); // after the mask: derived from masked calls
    },
    onSpanEnd(span) {
      onEnded();
      const attributes = span.attributes as Record<string, AttributeValue | undefined>;
      const write = (added: Readonly<Record<string, unknown>>): void => void Object.assign(attributes, added);
      if (typeof attributes[ATTR_EVENT_TYPE] !== "string") {
        typeSpan(span, attributes, write);
        writeEvaluationEventMetrics(span, attributes, write); // onSpanEnding never ran (an older SDK)
      }
      if (mask && masked && !masked.has(span)) maskEndedAttributes(attributes, span.name, mask, target.attributeBudget);
      const route = routeOf(span);
      if (route !== undefined) liftStepIo(span, route, attributes, write); // once: a no-op after onSpanEnding
      forgetRoute(span);
      if (collectors !== undefined) collect(collectors, span, attributes);
      hold.ended(span, attributes[ATTR_EVENT_TYPE] === "model", route?.parentScope);
    },
  };
}
