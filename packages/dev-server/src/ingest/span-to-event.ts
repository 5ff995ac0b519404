/**
 * Maps one decoded OTLP span to an event write (honeyhive-api.md §2.3): session, source, type, name,
 * ids, parent link, un-flattened `honeyhive_<namespace>.*` fields, every other attribute into metadata
 * under its full key, evaluation ids, error and times in milliseconds.
 */
import type { DecodedSpan } from "../otlp/index";
import { isUuid } from "@honeyhive/core/ids/uuid";
import {
  ATTR_EVENT_ID, ATTR_SESSION_ID, ATTR_SESSION_NAME, ATTR_SOURCE, ATTR_TL_SESSION_ID, ATTR_TL_SOURCE,
} from "@honeyhive/core/semconv/attributes";
import { normalizeId, spanEventId, traceSessionId } from "../domain/ids";
import { setOwn, type JsonObject } from "../domain/json";
import { ATTR_PARENT_ID, LEGACY_SESSION_ID, LEGACY_SOURCE, splitAttributes, TRACELOOP_EVAL_IDS } from "./split-attributes";
import type { EventRecord, EventWrite } from "../domain/records";
import { eventNameOf } from "@honeyhive/core/semconv/event-name";
import { spanEventType } from "@honeyhive/core/semconv/event-type";
import { addEvaluationMetrics } from "@honeyhive/core/semconv/genai";
import { conversationSessionId } from "./conversation-session";
import { fillModelCall } from "./model-call";
import { sameCallLink } from "./same-call-link";
import { fillStepIo } from "./step-io";
import type { PriceTable } from "@honeyhive/core/pricing/call-cost";
import { spanErrorMessage } from "@honeyhive/core/semconv/span-error";

const MAX_ID_LENGTH = 200;

/** One span's event write (with its span identity) and the session name it asks for, if any. */
export interface MappedSpan {
  write: EventWrite;
  sessionName: string | undefined;
}

/** Derives span event ids, remembering them for one request (a parent id is usually derived twice). */
export class SpanRefs {
  private readonly cache = new Map<string, Map<string, string>>(); // trace id → span id → event id

  /** The stable event id of span `spanId` of trace `traceId`. */
  ref(traceId: string, spanId: string): string {
    let ids = this.cache.get(traceId);
    if (ids === undefined) this.cache.set(traceId, (ids = new Map()));
    let id = ids.get(spanId);
    if (id === undefined) {
      id = spanEventId(traceId, spanId);
      ids.set(spanId, id);
    }
    return id;
  }
}

function text(attributes: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = Object.prototype.hasOwnProperty.call(attributes, key) ? attributes[key] : undefined;
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** Where a span names its session, in order of precedence. */
const SESSION_ID_KEYS = [ATTR_SESSION_ID, ATTR_TL_SESSION_ID, LEGACY_SESSION_ID] as const;
const PARENT_ID_KEYS = [ATTR_PARENT_ID] as const;

function idAttribute(attributes: Readonly<Record<string, unknown>>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const id = normalizeId(text(attributes, key));
    if (id !== undefined && id.length <= MAX_ID_LENGTH) return id;
  }
  return undefined;
}

/**
 * The span's session: the one it names, else its trace's conversation (`conversationId`, named after it), else one
 * session per trace.
 */
function sessionOf(attributes: DecodedSpan["attributes"], traceId: string, conversationId: string | undefined): { id: string; name?: string } {
  const named = idAttribute(attributes, SESSION_ID_KEYS);
  if (named !== undefined) return { id: named };
  if (conversationId !== undefined) return { id: conversationSessionId(conversationId), name: conversationId };
  return { id: traceSessionId(traceId) };
}

/** Nanoseconds to milliseconds, keeping microsecond precision. */
export function nanosToMillis(nanos: bigint): number {
  return Number(nanos / 1000n) / 1000;
}

function spanError(span: DecodedSpan, attributes: Readonly<Record<string, unknown>>): string | null {
  return spanErrorMessage({ statusCode: span.status.code, statusMessage: span.status.message, attributes, events: span.events }) ?? null;
}

/**
 * The event's metadata, built in `extras` (the attributes not consumed as fields): its `honeyhive_metadata.*` fields
 * over them, then the evaluation ids a Traceloop-style span carries where the metadata names none.
 */
function mergeMetadata(attributes: DecodedSpan["attributes"], extras: JsonObject, namespaced: JsonObject): JsonObject {
  for (const key of Object.keys(namespaced)) setOwn(extras, key, namespaced[key]);
  for (const [key, traceloopKey] of TRACELOOP_EVAL_IDS) {
    const fromTraceloop = text(attributes, traceloopKey);
    if (extras[key] === undefined && fromTraceloop !== undefined) extras[key] = fromTraceloop;
  }
  return extras;
}

/** The span's source: its own attribute (current, Traceloop, legacy key), else the request's `X-Source`; capped. */
function spanSource(attributes: DecodedSpan["attributes"], sourceHeader: string | undefined): string {
  const source = text(attributes, ATTR_SOURCE) ?? text(attributes, ATTR_TL_SOURCE) ?? text(attributes, LEGACY_SOURCE) ??
    sourceHeader ?? "unknown";
  return source.slice(0, 1000);
}

/**
 * Maps a decoded span; `sourceHeader` is the request's `X-Source`, used when the span names no source;
 * `refs` derives (and caches, per request) span event ids; `prices` costs a model event (ingest/model-cost.ts);
 * `conversationId` is the OTel GenAI conversation of the span's trace, the session of a span that names none
 * (ingest/conversation-session.ts).
 */
export function mapSpan(span: DecodedSpan, sourceHeader: string | undefined, refs: SpanRefs, prices: PriceTable, conversationId?: string): MappedSpan {
  const attributes = span.attributes;
  const { fields, extras } = splitAttributes(attributes);
  const metadata = mergeMetadata(attributes, extras, fields.metadata);
  const session = sessionOf(attributes, span.traceId, conversationId);
  const sessionId = session.id;
  const spanRef = refs.ref(span.traceId, span.spanId);
  const explicitId = text(attributes, ATTR_EVENT_ID);
  const eventId = isUuid(explicitId) ? explicitId.toLowerCase() : spanRef;
  const parentSpanRef = span.parentSpanId ? refs.ref(span.traceId, span.parentSpanId) : undefined;
  const eventType = spanEventType(attributes, span.name, span.scope.name);
  const sameCallSpanRef = sameCallLink(metadata, span.traceId, refs);
  fillModelCall(span, eventType, { inputs: fields.inputs, outputs: fields.outputs, config: fields.config, metadata, metrics: fields.metrics }, prices);
  fillStepIo(span, eventType, { inputs: fields.inputs, outputs: fields.outputs, metadata });
  if (span.events.length > 0) addEvaluationMetrics(span.events, fields.metrics);
  const start = nanosToMillis(span.startTimeUnixNano);
  const end = nanosToMillis(span.endTimeUnixNano);
  const event: EventRecord = {
    event_id: eventId,
    session_id: sessionId,
    parent_id: parentSpanRef ?? idAttribute(attributes, PARENT_ID_KEYS) ?? sessionId,
    children_ids: [],
    event_type: eventType,
    event_name: eventNameOf(attributes, span.name) || "unknown",
    source: spanSource(attributes, sourceHeader),
    inputs: fields.inputs,
    outputs: fields.outputs,
    config: fields.config,
    metadata,
    metrics: fields.metrics,
    feedback: fields.feedback,
    user_properties: fields.user_properties,
    error: spanError(span, attributes),
    start_time: start,
    end_time: end,
    duration: Math.max(0, end - start),
  };
  return { write: { event, spanRef, parentSpanRef, sameCallSpanRef }, sessionName: text(attributes, ATTR_SESSION_NAME) ?? session.name };
}
