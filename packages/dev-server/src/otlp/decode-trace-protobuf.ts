import { decodeKeyValueProtobuf } from "./decode-any-value-protobuf";
import type { DecodedAttributes, DecodedEvent, DecodedLink, DecodedScope, DecodedSpan } from "./decoded-span";
import {
  checkEnd, expectWireType, ProtoReader, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT,
} from "./proto-reader";

const EMPTY_RESOURCE: DecodedAttributes = Object.freeze({}) as DecodedAttributes;
const NO_SCOPE: DecodedScope = Object.freeze({ name: "" });

/**
 * Decodes a protobuf `ExportTraceServiceRequest` into spans. Unknown fields are skipped; any malformed
 * wire data throws {@link OtlpDecodeError}.
 */
export function decodeTraceProtobuf(body: Uint8Array): DecodedSpan[] {
  const r = new ProtoReader(body);
  const out: DecodedSpan[] = [];
  const end = body.length;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      expectWireType(tag & 7, WIRE_LEN, "ExportTraceServiceRequest", 1);
      const e = r.lengthDelimited(end);
      decodeResourceSpans(r, e, out);
    } else r.skip(tag & 7, end);
    checkEnd(r, end, "ExportTraceServiceRequest");
  }
  return out;
}

function bytesField(r: ProtoReader, end: number, wt: number, message: string, field: number): string {
  expectWireType(wt, WIRE_LEN, message, field);
  const e = r.lengthDelimited(end);
  const hex = r.hex(r.pos, e);
  r.pos = e;
  return hex;
}

function stringField(r: ProtoReader, end: number, wt: number, message: string, field: number): string {
  expectWireType(wt, WIRE_LEN, message, field);
  return r.string(end);
}

function attributesField(r: ProtoReader, end: number, wt: number, target: DecodedAttributes, message: string, field: number): void {
  expectWireType(wt, WIRE_LEN, message, field);
  const e = r.lengthDelimited(end);
  decodeKeyValueProtobuf(r, e, target, 0);
}

function decodeResourceSpans(r: ProtoReader, end: number, out: DecodedSpan[]): void {
  const first = out.length;
  let resource: DecodedAttributes = {};
  while (r.pos < end) {
    const tag = r.tag();
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1: {
        expectWireType(wt, WIRE_LEN, "ResourceSpans", 1);
        const e = r.lengthDelimited(end);
        resource = decodeResource(r, e);
        break;
      }
      case 2: {
        expectWireType(wt, WIRE_LEN, "ResourceSpans", 2);
        const e = r.lengthDelimited(end);
        decodeScopeSpans(r, e, out);
        break;
      }
      default:
        r.skip(wt, end);
    }
    checkEnd(r, end, "ResourceSpans");
  }
  for (let i = first; i < out.length; i++) out[i]!.resource = resource;
}

function decodeResource(r: ProtoReader, end: number): DecodedAttributes {
  const attributes: DecodedAttributes = {};
  while (r.pos < end) {
    const tag = r.tag();
    if (tag >>> 3 === 1) attributesField(r, end, tag & 7, attributes, "Resource", 1);
    else r.skip(tag & 7, end);
    checkEnd(r, end, "Resource");
  }
  return attributes;
}

function decodeScopeSpans(r: ProtoReader, end: number, out: DecodedSpan[]): void {
  const first = out.length;
  let scope: DecodedScope = { name: "" };
  let schemaUrl = "";
  while (r.pos < end) {
    const tag = r.tag();
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1: {
        expectWireType(wt, WIRE_LEN, "ScopeSpans", 1);
        const e = r.lengthDelimited(end);
        scope = decodeScope(r, e);
        break;
      }
      case 2: {
        expectWireType(wt, WIRE_LEN, "ScopeSpans", 2);
        const e = r.lengthDelimited(end);
        out.push(decodeSpan(r, e));
        break;
      }
      case 3:
        schemaUrl = stringField(r, end, wt, "ScopeSpans", 3);
        break;
      default:
        r.skip(wt, end);
    }
    checkEnd(r, end, "ScopeSpans");
  }
  if (schemaUrl !== "") scope.schemaUrl = schemaUrl;
  for (let i = first; i < out.length; i++) out[i]!.scope = scope;
}

function decodeScope(r: ProtoReader, end: number): DecodedScope {
  const scope: DecodedScope = { name: "" };
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) scope.name = stringField(r, end, tag & 7, "InstrumentationScope", 1);
    else if (field === 2) {
      const version = stringField(r, end, tag & 7, "InstrumentationScope", 2);
      if (version !== "") scope.version = version;
    } else r.skip(tag & 7, end);
    checkEnd(r, end, "InstrumentationScope");
  }
  return scope;
}

/** Span fields 1-8: ids, trace state, name, kind and times. */
function spanHeaderField(r: ProtoReader, end: number, tag: number, span: DecodedSpan): void {
  const wt = tag & 7;
  switch (tag >>> 3) {
    case 1: span.traceId = bytesField(r, end, wt, "Span", 1); break;
    case 2: span.spanId = bytesField(r, end, wt, "Span", 2); break;
    case 3: setOptional(span, "traceState", stringField(r, end, wt, "Span", 3)); break;
    case 4: setOptional(span, "parentSpanId", bytesField(r, end, wt, "Span", 4)); break;
    case 5: span.name = stringField(r, end, wt, "Span", 5); break;
    case 6: expectWireType(wt, WIRE_VARINT, "Span", 6); span.kind = r.int32(); break;
    case 7: expectWireType(wt, WIRE_FIXED64, "Span", 7); span.startTimeUnixNano = r.fixed64BigInt(); break;
    case 8: expectWireType(wt, WIRE_FIXED64, "Span", 8); span.endTimeUnixNano = r.fixed64BigInt(); break;
    default: r.skip(wt, end);
  }
}

/** Span fields 9-16: attributes, events, links, their dropped counts, status and flags. */
function spanBodyField(r: ProtoReader, end: number, tag: number, span: DecodedSpan): void {
  const wt = tag & 7;
  switch (tag >>> 3) {
    case 9: attributesField(r, end, wt, span.attributes, "Span", 9); break;
    case 10: expectWireType(wt, WIRE_VARINT, "Span", 10); span.droppedAttributesCount = r.uint32(); break;
    case 11: expectWireType(wt, WIRE_LEN, "Span", 11); span.events.push(decodeEvent(r, r.lengthDelimited(end))); break;
    case 12: expectWireType(wt, WIRE_VARINT, "Span", 12); span.droppedEventsCount = r.uint32(); break;
    case 13: expectWireType(wt, WIRE_LEN, "Span", 13); span.links.push(decodeLink(r, r.lengthDelimited(end))); break;
    case 14: expectWireType(wt, WIRE_VARINT, "Span", 14); span.droppedLinksCount = r.uint32(); break;
    case 15: expectWireType(wt, WIRE_LEN, "Span", 15); span.status = decodeStatus(r, r.lengthDelimited(end)); break;
    case 16: expectWireType(wt, WIRE_FIXED32, "Span", 16); span.flags = r.fixed32(); break;
    default: r.skip(wt, end);
  }
}

/** Sets an optional string field when non-empty, removes it when a later occurrence is empty (the last one wins). */
function setOptional(span: DecodedSpan, key: "traceState" | "parentSpanId", value: string): void {
  if (value !== "") span[key] = value;
  else if (span[key] !== undefined) delete span[key];
}

function decodeSpan(r: ProtoReader, end: number): DecodedSpan {
  const span: DecodedSpan = {
    traceId: "", spanId: "", name: "", kind: 0, startTimeUnixNano: 0n, endTimeUnixNano: 0n, attributes: {}, droppedAttributesCount: 0,
    events: [], droppedEventsCount: 0, links: [], droppedLinksCount: 0, status: { code: 0 }, flags: 0, scope: NO_SCOPE, resource: EMPTY_RESOURCE,
  };
  while (r.pos < end) {
    const tag = r.tag();
    if (tag >>> 3 <= 8) spanHeaderField(r, end, tag, span);
    else spanBodyField(r, end, tag, span);
    checkEnd(r, end, "Span");
  }
  return span;
}

function decodeEvent(r: ProtoReader, end: number): DecodedEvent {
  const ev: DecodedEvent = { name: "", timeUnixNano: 0n, attributes: {}, droppedAttributesCount: 0 };
  while (r.pos < end) {
    const tag = r.tag();
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1: expectWireType(wt, WIRE_FIXED64, "Event", 1); ev.timeUnixNano = r.fixed64BigInt(); break;
      case 2: ev.name = stringField(r, end, wt, "Event", 2); break;
      case 3: attributesField(r, end, wt, ev.attributes, "Event", 3); break;
      case 4: expectWireType(wt, WIRE_VARINT, "Event", 4); ev.droppedAttributesCount = r.uint32(); break;
      default: r.skip(wt, end);
    }
    checkEnd(r, end, "Event");
  }
  return ev;
}

function decodeLink(r: ProtoReader, end: number): DecodedLink {
  const link: DecodedLink = { traceId: "", spanId: "", attributes: {}, droppedAttributesCount: 0, flags: 0 };
  while (r.pos < end) {
    const tag = r.tag();
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1: link.traceId = bytesField(r, end, wt, "Link", 1); break;
      case 2: link.spanId = bytesField(r, end, wt, "Link", 2); break;
      case 3: {
        const ts = stringField(r, end, wt, "Link", 3);
        if (ts !== "") link.traceState = ts;
        break;
      }
      case 4: attributesField(r, end, wt, link.attributes, "Link", 4); break;
      case 5: expectWireType(wt, WIRE_VARINT, "Link", 5); link.droppedAttributesCount = r.uint32(); break;
      case 6: expectWireType(wt, WIRE_FIXED32, "Link", 6); link.flags = r.fixed32(); break;
      default: r.skip(wt, end);
    }
    checkEnd(r, end, "Link");
  }
  return link;
}

function decodeStatus(r: ProtoReader, end: number): { code: number; message?: string } {
  let status: { code: number; message?: string } = { code: 0 };
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 2) {
      const message = stringField(r, end, tag & 7, "Status", 2);
      status = message !== "" ? { code: status.code, message } : { code: status.code };
    } else if (field === 3) {
      expectWireType(tag & 7, WIRE_VARINT, "Status", 3);
      status.code = r.int32();
    } else r.skip(tag & 7, end);
    checkEnd(r, end, "Status");
  }
  return status;
}
