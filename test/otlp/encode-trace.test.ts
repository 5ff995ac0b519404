import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import {
  type DecodedSpan, decodeTraceRequest, encodeTraceRequestJson, encodeTraceRequestProtobuf,
} from "./otlp";
import { FIXTURE_RESOURCE, bySpanId, hrNanos, makeVariedSpans } from "./span-fixtures";

const PB = "application/x-protobuf";
const JSON_CT = "application/json";
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("encodeTraceRequestProtobuf matches @opentelemetry/otlp-transformer", () => {
  const spans = makeVariedSpans();
  const ours = bySpanId(decodeTraceRequest(encodeTraceRequestProtobuf(spans, FIXTURE_RESOURCE), PB));
  const reference = bySpanId(decodeTraceRequest(ProtobufTraceSerializer.serializeRequest(spans)!, PB));

  it("encodes every span", () => {
    expect(ours).toHaveLength(spans.length);
    expect(reference).toHaveLength(spans.length);
  });

  it("agrees on every field of every span", () => {
    for (let i = 0; i < ours.length; i++) {
      expect(ours[i], `span ${ours[i]!.name}`).toEqual(reference[i]);
    }
  });

  it("carries the fields the fixtures exercise (so the comparison is not vacuous)", () => {
    const byName = new Map(ours.map((s) => [s.name, s]));
    const root = byName.get("root ✓")!;
    const child = byName.get("child")!;
    const remote = byName.get("remote-child")!;
    expect(root.startTimeUnixNano).toBe(1_700_000_000_123_456_789n);
    expect(root.endTimeUnixNano).toBe(4_294_967_295_999_999_999n);
    expect(root.status).toEqual({ code: 1 });
    expect(root.kind).toBe(2);
    expect(root.attributes.huge).toHaveLength(20_000);
    expect(root.attributes.bigInt).toBe("1152921504606846976");
    expect(root.attributes.negBigInt).toBe("-4611686018427387904");
    expect(root.attributes.huge64).toBe(1e30);
    expect(Number.isNaN(root.attributes.nan)).toBe(true);
    expect(root.attributes.withNull).toEqual(["a", null, "b"]);
    expect(root.resource).toEqual(FIXTURE_RESOURCE);
    expect(child.droppedAttributesCount).toBe(5);
    expect(child.droppedEventsCount).toBe(2);
    expect(child.droppedLinksCount).toBe(1);
    expect(child.events).toHaveLength(3);
    expect(child.links.find((l) => l.spanId === "00f067aa0ba902b7")).toMatchObject({ traceState: "vendor=value,other=1", flags: 0x301 });
    expect(child.links.find((l) => l.spanId === root.spanId)).toMatchObject({ flags: 0x101, attributes: {} });
    expect(child.scope).toEqual({ name: "scope-b", schemaUrl: "https://opentelemetry.io/schemas/1.30.0" });
    expect(child.status).toEqual({ code: 2, message: "it broke: ✗" });
    expect(remote.parentSpanId).toBe("00f067aa0ba902b7");
    expect(remote.traceState).toBe("vendor=value,other=1");
    expect(remote.flags).toBe(0x301);
    expect(remote.kind).toBe(5);
    expect(root.flags).toBe(0x101);
  });

  it("groups consecutive spans by scope name+version+schemaUrl (two tracer objects with the same scope share a group)", () => {
    const body = encodeTraceRequestProtobuf(spans, FIXTURE_RESOURCE);
    const decoded = decodeTraceRequest(body, PB);
    const scopes = decoded.map((s) => s.scope);
    // scope-a appears once as an object shared by all its spans; scope-b separately.
    expect(new Set(scopes).size).toBe(2);
    expect(decoded.find((s) => s.name === "remote-child")!.scope).toBe(decoded.find((s) => s.name === "producer")!.scope);
  });

  it("keeps the order the spans came in (the order they ended): a new ScopeSpans where the scope changes", () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const [own, library, sameAsOwn] = [provider.getTracer("own", "1"), provider.getTracer("library"), provider.getTracer("own", "1")];
    for (const [tracer, name] of [[own, "model"], [library, "tool"], [sameAsOwn, "model again"], [own, "turn"]] as const) tracer.startSpan(name).end();
    const ended = exporter.getFinishedSpans();
    for (const [body, type] of [[encodeTraceRequestProtobuf(ended, FIXTURE_RESOURCE), PB], [utf8(encodeTraceRequestJson(ended, FIXTURE_RESOURCE)), JSON_CT]] as const) {
      expect(decodeTraceRequest(body, type).map((s) => `${s.scope.name}:${s.name}`)).toEqual(["own:model", "library:tool", "own:model again", "own:turn"]);
    }
    expect(JSON.parse(encodeTraceRequestJson(ended, FIXTURE_RESOURCE)).resourceSpans[0].scopeSpans.map((ss: any) => ss.spans.length)).toEqual([1, 1, 2]);
  });

  it("gives identical bytes on repeated calls (caches do not change the output)", () => {
    const first = encodeTraceRequestProtobuf(spans, FIXTURE_RESOURCE);
    const second = encodeTraceRequestProtobuf(spans, FIXTURE_RESOURCE);
    const third = encodeTraceRequestProtobuf(spans, FIXTURE_RESOURCE);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
  });

  it("encodes an empty span list as an empty request", () => {
    expect(encodeTraceRequestProtobuf([], FIXTURE_RESOURCE)).toHaveLength(0);
    expect(decodeTraceRequest(utf8(encodeTraceRequestJson([], FIXTURE_RESOURCE)), JSON_CT)).toEqual([]);
  });
});

describe("encodeTraceRequestJson", () => {
  const spans = makeVariedSpans();
  const fromJson = bySpanId(decodeTraceRequest(utf8(encodeTraceRequestJson(spans, FIXTURE_RESOURCE)), JSON_CT));
  const fromPb = bySpanId(decodeTraceRequest(encodeTraceRequestProtobuf(spans, FIXTURE_RESOURCE), PB));

  it("round-trips to exactly what the protobuf encoding decodes to", () => {
    expect(fromJson).toHaveLength(spans.length);
    expect(fromJson).toEqual(fromPb);
  });

  it("agrees with otlp-transformer's JSON on every safe value", () => {
    const reference = bySpanId(decodeTraceRequest(JsonTraceSerializer.serializeRequest(spans)!, JSON_CT));
    const strip = (s: DecodedSpan): DecodedSpan => {
      // otlp-transformer's JSON writes unsafe integers as JSON numbers (precision lost) and non-finite
      // doubles as JSON null; compare everything else.
      const attributes = { ...s.attributes };
      for (const key of ["bigInt", "negBigInt", "nan", "inf", "ninf", "huge64"]) delete attributes[key];
      return { ...s, attributes };
    };
    expect(fromJson.map(strip)).toEqual(reference.map(strip));
  });

  it("follows the OTLP/JSON spec form", () => {
    const parsed = JSON.parse(encodeTraceRequestJson(spans, FIXTURE_RESOURCE));
    const root = parsed.resourceSpans[0].scopeSpans.flatMap((ss: any) => ss.spans).find((s: any) => s.name === "root ✓");
    expect(root.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(root.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(root.parentSpanId).toBeUndefined();
    expect(root.kind).toBe(2);
    expect(root.startTimeUnixNano).toBe("1700000000123456789");
    expect(root.status).toEqual({ code: 1 });
    const attr = (k: string) => root.attributes.find((a: any) => a.key === k).value;
    expect(attr("one")).toEqual({ intValue: "1" });
    expect(attr("negZero")).toEqual({ intValue: "0" });
    expect(attr("dbl")).toEqual({ doubleValue: 3.25 });
    expect(attr("nan")).toEqual({ doubleValue: "NaN" });
    expect(attr("ninf")).toEqual({ doubleValue: "-Infinity" });
    expect(attr("yes")).toEqual({ boolValue: true });
    expect(attr("ints")).toEqual({ arrayValue: { values: [{ intValue: "1" }, { intValue: "-2" }, { intValue: "3000000000" }] } });
    expect(parsed.resourceSpans[0].resource.attributes).toContainEqual({ key: "host.cores", value: { intValue: "8" } });
  });
});

describe("timestamps", () => {
  it("encode HrTime exactly across the whole uint32 seconds range", () => {
    const spans = makeVariedSpans();
    const decoded = decodeTraceRequest(encodeTraceRequestProtobuf(spans, FIXTURE_RESOURCE), PB);
    for (const span of spans) {
      const d = decoded.find((x) => x.spanId === span.spanContext().spanId)!;
      expect(d.startTimeUnixNano).toBe(hrNanos(span.startTime));
      expect(d.endTimeUnixNano).toBe(hrNanos(span.endTime));
      span.events.slice(0, d.events.length).forEach((e, i) => expect(d.events[i]!.timeUnixNano).toBe(hrNanos(e.time)));
    }
  });
});
