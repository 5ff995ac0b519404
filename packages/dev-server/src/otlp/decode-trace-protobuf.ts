import { decodeKeyValueProtobuf } from "./decode-any-value-protobuf";
import type { DecodedAttributes, DecodedEvent, DecodedLink, DecodedScope, DecodedSpan } from "./decoded-span";
import { bytesToHex } from "../../../honeyhive/src/otlp/hex";
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
  const hex = bytesToHex(r.buf, r.pos, e);
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

function decodeSpan(r: ProtoReader, end: number): DecodedSpan {
  let traceId = "", spanId = "", parentSpanId = "", traceState = "", name = "";
  let kind = 0, flags = 0, droppedAttributesCount = 0, droppedEventsCount = 0, droppedLinksCount = 0;
  let startTimeUnixNano = 0n, endTimeUnixNano = 0n;
  let status: { code: number; message?: string } = { code: 0 };
  const attributes: DecodedAttributes = {};
  const events: DecodedEvent[] = [];
  const links: DecodedLink[] = [];
  while (r.pos < end) {
    const tag = r.tag();
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1: traceId = bytesField(r, end, wt, "Span", 1); break;
      case 2: spanId = bytesField(r, end, wt, "Span", 2); break;
      case 3: traceState = stringField(r, end, wt, "Span", 3); break;
      case 4: parentSpanId = bytesField(r, end, wt, "Span", 4); break;
      case 5: name = stringField(r, end, wt, "Span", 5); break;
      case 6: expectWireType(wt, WIRE_VARINT, "Span", 6); kind = r.int32(); break;
      case 7: expectWireType(wt, WIRE_FIXED64, "Span", 7); startTimeUnixNano = r.fixed64BigInt(); break;
      case 8: expectWireType(wt, WIRE_FIXED64, "Span", 8); endTimeUnixNano = r.fixed64BigInt(); break;
      case 9: attributesField(r, end, wt, attributes, "Span", 9); break;
      case 10: expectWireType(wt, WIRE_VARINT, "Span", 10); droppedAttributesCount = r.uint32(); break;
      case 11: expectWireType(wt, WIRE_LEN, "Span", 11); events.push(decodeEvent(r, r.lengthDelimited(end))); break;
      case 12: expectWireType(wt, WIRE_VARINT, "Span", 12); droppedEventsCount = r.uint32(); break;
      case 13: expectWireType(wt, WIRE_LEN, "Span", 13); links.push(decodeLink(r, r.lengthDelimited(end))); break;
      case 14: expectWireType(wt, WIRE_VARINT, "Span", 14); droppedLinksCount = r.uint32(); break;
      case 15: expectWireType(wt, WIRE_LEN, "Span", 15); status = decodeStatus(r, r.lengthDelimited(end)); break;
      case 16: expectWireType(wt, WIRE_FIXED32, "Span", 16); flags = r.fixed32(); break;
      default: r.skip(wt, end);
    }
    checkEnd(r, end, "Span");
  }
  const span: DecodedSpan = {
    traceId, spanId, name, kind, startTimeUnixNano, endTimeUnixNano, attributes, droppedAttributesCount,
    events, droppedEventsCount, links, droppedLinksCount, status, flags, scope: NO_SCOPE, resource: EMPTY_RESOURCE,
  };
  if (parentSpanId !== "") span.parentSpanId = parentSpanId;
  if (traceState !== "") span.traceState = traceState;
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
