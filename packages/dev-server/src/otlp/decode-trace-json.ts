import { decodeKeyValuesJson } from "./decode-any-value-json";
import type { DecodedAttributes, DecodedEvent, DecodedLink, DecodedScope, DecodedSpan } from "./decoded-span";
import {
  asArray, asEnum, asId, asNanos, asObject, asString, asUint32, getField, type JsonObject,
} from "./json-fields";
import { OtlpDecodeError } from "./otlp-decode-error";

const SPAN_KINDS = [
  "SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER",
  "SPAN_KIND_CONSUMER",
] as const;
const STATUS_CODES = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"] as const;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Parses a JSON body (UTF-8, optional BOM) or throws {@link OtlpDecodeError}. */
function parseJson(body: Uint8Array): unknown {
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    throw new OtlpDecodeError("JSON body is not valid UTF-8");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 200) : "parse error";
    throw new OtlpDecodeError(`invalid JSON: ${detail}`);
  }
}

/**
 * Decodes an OTLP/JSON `ExportTraceServiceRequest`. Accepts the spec form (hex ids, integer enums,
 * string int64) and the HoneyHive Python SDK's variants (base64 ids, enum names, numbers for int64,
 * null `parentSpanId`, snake_case field names). Anything else malformed throws {@link OtlpDecodeError}.
 */
export function decodeTraceJson(body: Uint8Array): DecodedSpan[] {
  return decodeTraceJsonValue(parseJson(body));
}

/** Decodes an already-parsed OTLP/JSON `ExportTraceServiceRequest` value. */
export function decodeTraceJsonValue(parsed: unknown): DecodedSpan[] {
  const request = asObject(parsed, "ExportTraceServiceRequest");
  const out: DecodedSpan[] = [];
  const resourceSpans = asArray(getField(request, "resourceSpans", "resource_spans"), "resourceSpans");
  for (const rawRs of resourceSpans) {
    const rs = asObject(rawRs, "resourceSpans[]");
    const resource: DecodedAttributes = {};
    const rawResource = rs.resource;
    if (rawResource !== undefined && rawResource !== null) {
      decodeKeyValuesJson(asObject(rawResource, "resource").attributes, resource, 0, "resource.attributes");
    }
    const scopeSpans = asArray(getField(rs, "scopeSpans", "scope_spans"), "scopeSpans");
    for (const rawSs of scopeSpans) {
      const ss = asObject(rawSs, "scopeSpans[]");
      const scope = decodeScope(ss);
      for (const rawSpan of asArray(ss.spans, "spans")) out.push(decodeSpan(asObject(rawSpan, "span"), scope, resource));
    }
  }
  return out;
}

function decodeScope(ss: JsonObject): DecodedScope {
  const scope: DecodedScope = { name: "" };
  const rawScope = ss.scope;
  if (rawScope !== undefined && rawScope !== null) {
    const obj = asObject(rawScope, "scope");
    scope.name = asString(obj.name, "scope.name");
    const version = asString(obj.version, "scope.version");
    if (version !== "") scope.version = version;
  }
  const schemaUrl = asString(getField(ss, "schemaUrl", "schema_url"), "scopeSpans.schemaUrl");
  if (schemaUrl !== "") scope.schemaUrl = schemaUrl;
  return scope;
}

function decodeSpan(s: JsonObject, scope: DecodedScope, resource: DecodedAttributes): DecodedSpan {
  const attributes: DecodedAttributes = {};
  decodeKeyValuesJson(s.attributes, attributes, 0, "span.attributes");
  const events: DecodedEvent[] = asArray(s.events, "span.events").map(decodeEvent);
  const links: DecodedLink[] = asArray(s.links, "span.links").map(decodeLink);
  const span: DecodedSpan = {
    traceId: asId(getField(s, "traceId", "trace_id"), 16, "span.traceId"),
    spanId: asId(getField(s, "spanId", "span_id"), 8, "span.spanId"),
    name: asString(s.name, "span.name"),
    kind: asEnum(s.kind, SPAN_KINDS, "span.kind"),
    startTimeUnixNano: asNanos(getField(s, "startTimeUnixNano", "start_time_unix_nano"), "span.startTimeUnixNano"),
    endTimeUnixNano: asNanos(getField(s, "endTimeUnixNano", "end_time_unix_nano"), "span.endTimeUnixNano"),
    attributes,
    droppedAttributesCount: asUint32(getField(s, "droppedAttributesCount", "dropped_attributes_count"), "span.droppedAttributesCount"),
    events,
    droppedEventsCount: asUint32(getField(s, "droppedEventsCount", "dropped_events_count"), "span.droppedEventsCount"),
    links,
    droppedLinksCount: asUint32(getField(s, "droppedLinksCount", "dropped_links_count"), "span.droppedLinksCount"),
    status: decodeStatus(s.status),
    flags: asUint32(s.flags, "span.flags"),
    scope,
    resource,
  };
  const parentSpanId = asId(getField(s, "parentSpanId", "parent_span_id"), 8, "span.parentSpanId");
  if (parentSpanId !== "") span.parentSpanId = parentSpanId;
  const traceState = asString(getField(s, "traceState", "trace_state"), "span.traceState");
  if (traceState !== "") span.traceState = traceState;
  return span;
}

function decodeStatus(raw: unknown): { code: number; message?: string } {
  if (raw === undefined || raw === null) return { code: 0 };
  const obj = asObject(raw, "span.status");
  const code = asEnum(obj.code, STATUS_CODES, "span.status.code");
  const message = asString(obj.message, "span.status.message");
  return message !== "" ? { code, message } : { code };
}

function decodeEvent(raw: unknown): DecodedEvent {
  const e = asObject(raw, "span.events[]");
  const attributes: DecodedAttributes = {};
  decodeKeyValuesJson(e.attributes, attributes, 0, "event.attributes");
  return {
    name: asString(e.name, "event.name"),
    timeUnixNano: asNanos(getField(e, "timeUnixNano", "time_unix_nano"), "event.timeUnixNano"),
    attributes,
    droppedAttributesCount: asUint32(getField(e, "droppedAttributesCount", "dropped_attributes_count"), "event.droppedAttributesCount"),
  };
}

function decodeLink(raw: unknown): DecodedLink {
  const l = asObject(raw, "span.links[]");
  const attributes: DecodedAttributes = {};
  decodeKeyValuesJson(l.attributes, attributes, 0, "link.attributes");
  const link: DecodedLink = {
    traceId: asId(getField(l, "traceId", "trace_id"), 16, "link.traceId"),
    spanId: asId(getField(l, "spanId", "span_id"), 8, "link.spanId"),
    attributes,
    droppedAttributesCount: asUint32(getField(l, "droppedAttributesCount", "dropped_attributes_count"), "link.droppedAttributesCount"),
    flags: asUint32(l.flags, "link.flags"),
  };
  const traceState = asString(getField(l, "traceState", "trace_state"), "link.traceState");
  if (traceState !== "") link.traceState = traceState;
  return link;
}
