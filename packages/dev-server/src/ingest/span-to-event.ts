/**
 * Maps one decoded OTLP span to an event write (honeyhive-api.md §2.3): session, source, type, name,
 * ids, parent link, un-flattened `honeyhive_<namespace>.*` fields, every other attribute into metadata
 * under its full key, evaluation ids, error and times in milliseconds.
 */
import type { DecodedSpan } from "../otlp/index";
import { unflattenAttributes } from "@honeyhive/core/values/unflatten";
import { isUuid } from "@honeyhive/core/ids/uuid";
import {
  ATTR_ERROR, ATTR_EVENT_ID, ATTR_EVENT_NAME, ATTR_EVENT_TYPE, ATTR_PROJECT, ATTR_SESSION_ID, ATTR_SESSION_NAME,
  ATTR_SOURCE, ATTR_TL_PROJECT, ATTR_TL_SESSION_ID, ATTR_TL_SOURCE, EVENT_NAMESPACES, TRACELOOP_PREFIX,
  type EventNamespace,
} from "@honeyhive/core/semconv/attributes";
import { normalizeId, spanEventId, traceSessionId } from "../domain/ids";
import { setOwn, type JsonObject } from "../domain/json";
import type { EventRecord, EventWrite } from "../domain/records";
import { eventNameOf } from "@honeyhive/core/semconv/event-name";
import { spanEventType } from "@honeyhive/core/semconv/event-type";
import { fillModelCall } from "./model-call";
import { sameCallLink } from "./same-call-link";
import { fillStepIo } from "./step-io";
import type { PriceTable } from "@honeyhive/core/pricing/call-cost";

const EVAL_IDS = ["run_id", "dataset_id", "datapoint_id"] as const;
const ATTR_PARENT_ID = "honeyhive.parent_id";
const LEGACY_SESSION_ID = "honeyhive_session_id";
const LEGACY_SOURCE = "honeyhive_source";
/** Attributes that become top-level event fields and are therefore not repeated in metadata. */
const CONSUMED = new Set<string>([
  ATTR_EVENT_TYPE, ATTR_EVENT_NAME, ATTR_EVENT_ID, ATTR_ERROR, ATTR_SESSION_ID, ATTR_TL_SESSION_ID, LEGACY_SESSION_ID,
  ATTR_SOURCE, ATTR_TL_SOURCE, LEGACY_SOURCE, ATTR_PROJECT, ATTR_TL_PROJECT, ATTR_PARENT_ID,
  ...EVAL_IDS.map((k) => `${TRACELOOP_PREFIX}${k}`),
]);
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

function idAttribute(attributes: Readonly<Record<string, unknown>>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const id = normalizeId(text(attributes, key));
    if (id !== undefined && id.length <= MAX_ID_LENGTH) return id;
  }
  return undefined;
}

/** Nanoseconds to milliseconds, keeping microsecond precision. */
export function nanosToMillis(nanos: bigint): number {
  return Number(nanos / 1000n) / 1000;
}

const NAMESPACE_PREFIX = "honeyhive_";

/**
 * The event namespace a `honeyhive_<namespace>[.…]` key belongs to, without allocating (this runs for every
 * attribute of every span).
 */
function namespaceOf(key: string): EventNamespace | undefined {
  if (key.charCodeAt(0) !== 104 || !key.startsWith(NAMESPACE_PREFIX)) return undefined;
  const at = NAMESPACE_PREFIX.length;
  for (const ns of EVENT_NAMESPACES) {
    if (!key.startsWith(ns, at)) continue;
    const next = at + ns.length;
    if (next === key.length || key.charCodeAt(next) === 46) return ns;
  }
  return undefined;
}

/**
 * A span's `honeyhive_<namespace>.*` attributes as the event's namespace fields, and every other attribute not
 * consumed as a top-level field (the event's metadata, before its `honeyhive_metadata.*`). Keys one segment deep
 * (the common case: `honeyhive_outputs.result`) are set directly; a namespace with a deeper or bare key is rebuilt
 * whole by the un-flattening rule (nested objects, arrays).
 */
function splitAttributes(attributes: DecodedSpan["attributes"]): { fields: Record<EventNamespace, JsonObject>; extras: JsonObject } {
  const fields: Record<EventNamespace, JsonObject> = { inputs: {}, outputs: {}, metadata: {}, metrics: {}, feedback: {}, config: {}, user_properties: {} };
  const extras: JsonObject = {};
  let nested = 0; // bit i: namespace EVENT_NAMESPACES[i] has a deeper or bare key
  for (const key of Object.keys(attributes)) {
    const ns = namespaceOf(key);
    if (ns === undefined) {
      if (!CONSUMED.has(key)) setOwn(extras, key, attributes[key]);
      continue;
    }
    const start = NAMESPACE_PREFIX.length + ns.length + 1;
    if (key.length > start && key.indexOf(".", start) === -1) setOwn(fields[ns], key.slice(start), attributes[key]);
    else nested |= 1 << EVENT_NAMESPACES.indexOf(ns);
  }
  for (let i = 0; nested !== 0; i++, nested >>>= 1) {
    if ((nested & 1) === 1) fields[EVENT_NAMESPACES[i]!] = unflattenNamespace(attributes, EVENT_NAMESPACES[i]!);
  }
  return { fields, extras };
}

function unflattenNamespace(attributes: DecodedSpan["attributes"], ns: EventNamespace): JsonObject {
  const bucket = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(attributes)) if (namespaceOf(key) === ns) bucket[key] = attributes[key];
  return unflattenAttributes(bucket, `${NAMESPACE_PREFIX}${ns}`) ?? {};
}

function spanError(span: DecodedSpan, attributes: Readonly<Record<string, unknown>>): string | null {
  const explicit = text(attributes, ATTR_ERROR);
  if (explicit !== undefined) return explicit;
  if (span.status.code !== 2) return null;
  if (span.status.message) return span.status.message;
  for (const event of span.events) {
    if (event.name !== "exception") continue;
    const type = text(event.attributes, "exception.type");
    const message = text(event.attributes, "exception.message");
    if (type || message) return [type, message].filter(Boolean).join(": ");
  }
  return "error";
}

/**
 * The event's metadata, built in `extras` (the attributes not consumed as fields): its `honeyhive_metadata.*` fields
 * over them, then the evaluation ids a Traceloop-style span carries where the metadata names none.
 */
function mergeMetadata(attributes: DecodedSpan["attributes"], extras: JsonObject, namespaced: JsonObject): JsonObject {
  for (const key of Object.keys(namespaced)) setOwn(extras, key, namespaced[key]);
  for (const key of EVAL_IDS) {
    const fromTraceloop = text(attributes, `${TRACELOOP_PREFIX}${key}`);
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
 * `refs` derives (and caches, per request) span event ids; `prices` costs a model event (ingest/model-cost.ts).
 */
export function mapSpan(span: DecodedSpan, sourceHeader: string | undefined, refs: SpanRefs, prices: PriceTable): MappedSpan {
  const attributes = span.attributes;
  const { fields, extras } = splitAttributes(attributes);
  const metadata = mergeMetadata(attributes, extras, fields.metadata);
  const sessionId =
    idAttribute(attributes, ATTR_SESSION_ID, ATTR_TL_SESSION_ID, LEGACY_SESSION_ID) ?? traceSessionId(span.traceId);
  const spanRef = refs.ref(span.traceId, span.spanId);
  const explicitId = text(attributes, ATTR_EVENT_ID);
  const eventId = isUuid(explicitId) ? explicitId.toLowerCase() : spanRef;
  const parentSpanRef = span.parentSpanId ? refs.ref(span.traceId, span.parentSpanId) : undefined;
  const eventType = spanEventType(attributes, span.name, span.scope.name);
  const sameCallSpanRef = sameCallLink(metadata, span.traceId, refs);
  fillModelCall(span, eventType, { inputs: fields.inputs, outputs: fields.outputs, config: fields.config, metadata }, prices);
  fillStepIo(span, eventType, { inputs: fields.inputs, outputs: fields.outputs, metadata });
  const start = nanosToMillis(span.startTimeUnixNano);
  const end = nanosToMillis(span.endTimeUnixNano);
  const event: EventRecord = {
    event_id: eventId,
    session_id: sessionId,
    parent_id: parentSpanRef ?? idAttribute(attributes, ATTR_PARENT_ID) ?? sessionId,
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
  return { write: { event, spanRef, parentSpanRef, sameCallSpanRef }, sessionName: text(attributes, ATTR_SESSION_NAME) };
}
