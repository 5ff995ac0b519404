import type { Attributes, HrTime, Link, SpanContext } from "@opentelemetry/api";
import type { InstrumentationScope } from "@opentelemetry/core";
import type { ReadableSpan, TimedEvent } from "@opentelemetry/sdk-trace-base";
import { writeAttributes } from "./encode-any-value-protobuf";
import { groupByScope } from "./group-by-scope";
import { writeHexBytes } from "@honeyhive/core/otlp/hex";
import { type ProtoWriter, acquireWriter, releaseWriter, utf8Length } from "./proto-writer";
import { registerModuleCache } from "../internal/process-state";
import { exportedParentOf } from "./session-root";

/** OTLP Span.flags bit: the is-remote bit (0x200) of the parent context is meaningful. */
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;

/** Encoded `ResourceSpans.resource` fields, per resource attributes object (treated as immutable). */
let resourceCache = new WeakMap<Attributes, Uint8Array>();
/** Encoded `ScopeSpans.scope` fields, per InstrumentationScope object (immutable in the OTel SDK). */
let scopeCache = new WeakMap<InstrumentationScope, Uint8Array>();
let cachedObjects = 0;
registerModuleCache("otlp/protobuf-encoder", {
  clear: () => {
    resourceCache = new WeakMap();
    scopeCache = new WeakMap();
    cachedObjects = 0;
  },
  size: () => cachedObjects,
});

function stringField(w: ProtoWriter, tag: number, s: string): void {
  const n = utf8Length(s);
  w.ensure(6);
  w.byte(tag);
  w.varint(n);
  w.utf8(s, n);
}

function idField(w: ProtoWriter, tag: number, hex: string): void {
  const n = hex.length >>> 1;
  w.ensure(6 + n);
  w.byte(tag);
  w.varint(n);
  w.pos += writeHexBytes(hex, w.buf, w.pos);
}

function timeField(w: ProtoWriter, tag: number, time: HrTime): void {
  w.ensure(9);
  w.byte(tag);
  w.hrTime(time[0], time[1]);
}

function uint32Field(w: ProtoWriter, tag: number, value: number | undefined): void {
  if (!value) return;
  w.ensure(6);
  w.byte(tag);
  w.varint(value >>> 0);
}

function encodeOnce(write: (w: ProtoWriter) => void): Uint8Array {
  const w = acquireWriter();
  try {
    write(w);
    return Uint8Array.prototype.slice.call(w.finish()); // a standalone copy: caches must not pin a slab
  } finally {
    releaseWriter(w);
  }
}

function resourceField(resource: Attributes): Uint8Array {
  let bytes = resourceCache.get(resource);
  if (bytes === undefined) {
    bytes = encodeOnce((w) => {
      w.ensure(1);
      w.byte(0x0a);
      const start = w.beginLength(2);
      writeAttributes(w, 0x0a, resource);
      w.endLength(start, 2);
    });
    resourceCache.set(resource, bytes);
    cachedObjects++;
  }
  return bytes;
}

function scopeField(scope: InstrumentationScope): Uint8Array {
  let bytes = scopeCache.get(scope);
  if (bytes === undefined) {
    bytes = encodeOnce((w) => {
      w.ensure(1);
      w.byte(0x0a);
      const start = w.beginLength(1);
      stringField(w, 0x0a, scope.name ?? "");
      if (scope.version) stringField(w, 0x12, scope.version);
      w.endLength(start, 1);
    });
    scopeCache.set(scope, bytes);
    cachedObjects++;
  }
  return bytes;
}

function flagsOf(context: SpanContext, remote: boolean | undefined): number {
  return (context.traceFlags & 0xff) | HAS_IS_REMOTE | (remote ? IS_REMOTE : 0);
}

function writeEvent(w: ProtoWriter, event: TimedEvent): void {
  w.ensure(1);
  w.byte(0x5a);
  const start = w.beginLength(1);
  timeField(w, 0x09, event.time);
  stringField(w, 0x12, event.name);
  writeAttributes(w, 0x1a, event.attributes);
  uint32Field(w, 0x20, event.droppedAttributesCount);
  w.endLength(start, 1);
}

function writeLink(w: ProtoWriter, link: Link): void {
  const ctx = link.context;
  w.ensure(1);
  w.byte(0x6a);
  const start = w.beginLength(1);
  idField(w, 0x0a, ctx.traceId);
  idField(w, 0x12, ctx.spanId);
  const traceState = ctx.traceState?.serialize();
  if (traceState) stringField(w, 0x1a, traceState);
  writeAttributes(w, 0x22, link.attributes);
  uint32Field(w, 0x28, link.droppedAttributesCount);
  w.ensure(5);
  w.byte(0x35);
  w.fixed32(flagsOf(ctx, ctx.isRemote));
  w.endLength(start, 1);
}

function writeSpan(w: ProtoWriter, span: ReadableSpan): void {
  const ctx = span.spanContext();
  const parent = exportedParentOf(span);
  idField(w, 0x0a, ctx.traceId);
  idField(w, 0x12, ctx.spanId);
  const traceState = ctx.traceState?.serialize();
  if (traceState) stringField(w, 0x1a, traceState);
  if (parent !== undefined && parent.spanId) idField(w, 0x22, parent.spanId);
  stringField(w, 0x2a, span.name);
  w.ensure(20);
  w.byte(0x30);
  w.varint(span.kind + 1);
  timeField(w, 0x39, span.startTime);
  timeField(w, 0x41, span.endTime);
  writeAttributes(w, 0x4a, span.attributes);
  uint32Field(w, 0x50, span.droppedAttributesCount);
  const events = span.events;
  for (let i = 0; i < events.length; i++) writeEvent(w, events[i]!);
  uint32Field(w, 0x60, span.droppedEventsCount);
  const links = span.links;
  for (let i = 0; i < links.length; i++) writeLink(w, links[i]!);
  uint32Field(w, 0x70, span.droppedLinksCount);
  const status = span.status;
  if (status.code !== 0 || status.message) {
    w.ensure(1);
    w.byte(0x7a);
    const start = w.beginLength(1);
    if (status.message) stringField(w, 0x12, status.message);
    w.ensure(6);
    w.byte(0x18);
    w.varint(status.code);
    w.endLength(start, 1);
  }
  w.ensure(6);
  w.byte(0x85);
  w.byte(0x01);
  w.fixed32(flagsOf(ctx, parent?.isRemote));
}

/**
 * Encodes spans as a protobuf OTLP `ExportTraceServiceRequest`: one ResourceSpans carrying `resource`
 * (the pipeline's resource attributes, not `span.resource`), with spans in their order, one ScopeSpans per
 * run of one instrumentation scope (see groupByScope). Encodes straight from the ReadableSpans into a reused slab; the returned array
 * is a view of its own region of that slab, never written again. An empty `spans` gives an empty body
 * (a valid empty request).
 *
 * The encoded form of `resource` and of each scope is cached per object: do not mutate them afterwards.
 */
export function encodeTraceRequestProtobuf(spans: readonly ReadableSpan[], resource: Attributes): Uint8Array {
  if (spans.length === 0) return new Uint8Array(0);
  const w = acquireWriter();
  try {
    w.ensure(1);
    w.byte(0x0a);
    const rs = w.beginLength(3);
    w.raw(resourceField(resource));
    for (const group of groupByScope(spans)) {
      w.ensure(1);
      w.byte(0x12);
      const ss = w.beginLength(3);
      w.raw(scopeField(group.scope));
      const list = group.spans;
      for (let i = 0; i < list.length; i++) {
        w.ensure(3);
        w.byte(0x12);
        const start = w.beginLength(2);
        writeSpan(w, list[i]!);
        w.endLength(start, 2);
      }
      if (group.scope.schemaUrl) stringField(w, 0x1a, group.scope.schemaUrl);
      w.endLength(ss, 3);
    }
    w.endLength(rs, 3);
    return w.finish();
  } finally {
    releaseWriter(w);
  }
}
