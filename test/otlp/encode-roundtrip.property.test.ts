import { type AttributeValue, type Attributes, type HrTime, SpanKind, SpanStatusCode, TraceFlags } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type DecodedValue, decodeTraceRequest, encodeTraceRequestJson, encodeTraceRequestProtobuf,
} from "./otlp";
import { hrNanos } from "./span-fixtures";

/** What a number attribute decodes to: ints in int64 range exactly (string when unsafe), else the double. */
function expectedNumber(n: number): DecodedValue {
  if (Number.isSafeInteger(n)) return n === 0 ? 0 : n;
  if (Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 63) return BigInt(n).toString();
  return n;
}

function expectedValue(v: AttributeValue): DecodedValue {
  if (typeof v === "number") return expectedNumber(v);
  if (Array.isArray(v)) return v.map((x) => (x === null || x === undefined ? null : expectedValue(x as AttributeValue)));
  return v as DecodedValue;
}

const str = fc.string({ unit: "binary", maxLength: 300 });
const num = fc.oneof(
  fc.integer(), fc.maxSafeInteger(), fc.double(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(Number),
  fc.constantFrom(0, -0, 2 ** 53, -(2 ** 53), 2 ** 63, -(2 ** 63), 1e300, NaN, Infinity, -Infinity),
);
const value: fc.Arbitrary<AttributeValue> = fc.oneof(
  str, num, fc.boolean(),
  fc.array(fc.option(str, { nil: null }), { maxLength: 5 }) as fc.Arbitrary<AttributeValue>,
  fc.array(num, { maxLength: 5 }), fc.array(fc.boolean(), { maxLength: 5 }),
);
const attributes = fc.dictionary(str, value, { maxKeys: 20 }) as fc.Arbitrary<Attributes>;
const hrTime: fc.Arbitrary<HrTime> = fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 999_999_999 }));
const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString("hex"));

const spanArb = fc.record({
  traceId: hex(16), spanId: hex(8), parentSpanId: fc.option(hex(8), { nil: undefined }), name: str,
  kind: fc.constantFrom(SpanKind.INTERNAL, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER),
  startTime: hrTime, endTime: hrTime, attributes,
  status: fc.record({ code: fc.constantFrom(SpanStatusCode.UNSET, SpanStatusCode.OK, SpanStatusCode.ERROR), message: fc.option(str, { nil: undefined }) }),
  events: fc.array(fc.record({ name: str, time: hrTime, attributes }), { maxLength: 3 }),
  scopeName: fc.constantFrom("a", "b", "ünïcode"), scopeVersion: fc.option(fc.constantFrom("1", "2.0"), { nil: undefined }),
  dropped: fc.nat({ max: 1000 }),
});

type SpanInput = typeof spanArb extends fc.Arbitrary<infer T> ? T : never;
const scopes = new Map<string, { name: string; version?: string }>();

/** A ReadableSpan-shaped object (only the fields the encoders read), for arbitrary timestamps and ids. */
function toReadableSpan(s: SpanInput): ReadableSpan {
  const scopeKey = `${s.scopeName}@${s.scopeVersion}`;
  if (!scopes.has(scopeKey)) scopes.set(scopeKey, { name: s.scopeName, version: s.scopeVersion });
  const ctx = { traceId: s.traceId, spanId: s.spanId, traceFlags: TraceFlags.SAMPLED };
  return {
    name: s.name, kind: s.kind, spanContext: () => ctx,
    parentSpanContext: s.parentSpanId === undefined ? undefined : { traceId: s.traceId, spanId: s.parentSpanId, traceFlags: 1 },
    startTime: s.startTime, endTime: s.endTime, status: s.status, attributes: s.attributes, links: [],
    events: s.events, duration: [0, 0], ended: true, resource: undefined as never, instrumentationScope: scopes.get(scopeKey)!,
    droppedAttributesCount: s.dropped, droppedEventsCount: 0, droppedLinksCount: 0,
  } as ReadableSpan;
}

function expectedAttributes(attrs: Attributes): Record<string, DecodedValue> {
  const out: Record<string, DecodedValue> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) Object.defineProperty(out, k, { value: expectedValue(v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function checkRoundTrip(inputs: SpanInput[], resource: Attributes, decode: (spans: ReadableSpan[]) => ReturnType<typeof decodeTraceRequest>): void {
  const spans = inputs.map(toReadableSpan);
  const decoded = decode(spans);
  expect(decoded).toHaveLength(spans.length);
  const byId = new Map(decoded.map((d) => [d.spanId, d]));
  for (const input of inputs) {
    const d = byId.get(input.spanId);
    if (d === undefined) continue; // duplicate random span ids: covered by the length check
    if (inputs.filter((i) => i.spanId === input.spanId).length > 1) continue;
    expect(d.traceId).toBe(input.traceId);
    expect(d.parentSpanId).toBe(input.parentSpanId);
    expect(d.name).toBe(input.name);
    expect(d.kind).toBe(input.kind + 1);
    expect(d.startTimeUnixNano).toBe(hrNanos(input.startTime));
    expect(d.endTimeUnixNano).toBe(hrNanos(input.endTime));
    expect(d.attributes).toEqual(expectedAttributes(input.attributes));
    expect(d.droppedAttributesCount).toBe(input.dropped);
    expect(d.status.code).toBe(input.status.code);
    expect(d.status.message).toBe(input.status.message || undefined);
    expect(d.events.map((e) => [e.name, e.timeUnixNano, e.attributes])).toEqual(
      input.events.map((e) => [e.name, hrNanos(e.time), expectedAttributes(e.attributes)]),
    );
    expect(d.scope).toEqual(input.scopeVersion ? { name: input.scopeName, version: input.scopeVersion } : { name: input.scopeName });
    expect(d.resource).toEqual(expectedAttributes(resource));
  }
}

describe("encode → decode round trip (property)", () => {
  const batch = fc.array(spanArb, { minLength: 1, maxLength: 6 });
  it("protobuf", () => {
    fc.assert(fc.property(batch, attributes, (inputs, resource) => {
      checkRoundTrip(inputs, resource, (spans) => decodeTraceRequest(encodeTraceRequestProtobuf(spans, resource), "application/x-protobuf"));
    }), { numRuns: 400 });
  });

  it("JSON", () => {
    fc.assert(fc.property(batch, attributes, (inputs, resource) => {
      checkRoundTrip(inputs, resource, (spans) =>
        decodeTraceRequest(new TextEncoder().encode(encodeTraceRequestJson(spans, resource)), "application/json"));
    }), { numRuns: 400 });
  });

  it("with repeated attribute values across spans (exercises the encoders' key/value caches)", () => {
    const shared = fc.tuple(attributes, fc.array(spanArb, { minLength: 2, maxLength: 6 }));
    fc.assert(fc.property(shared, ([common, inputs]) => {
      const withCommon = inputs.map((s) => ({ ...s, attributes: { ...s.attributes, ...common } }));
      for (let i = 0; i < 2; i++) {
        checkRoundTrip(withCommon, {}, (spans) => decodeTraceRequest(encodeTraceRequestProtobuf(spans, {}), "application/x-protobuf"));
        checkRoundTrip(withCommon, {}, (spans) =>
          decodeTraceRequest(new TextEncoder().encode(encodeTraceRequestJson(spans, {})), "application/json"));
      }
    }), { numRuns: 200 });
  });
});
