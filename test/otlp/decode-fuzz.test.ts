import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  OtlpDecodeError, decodeTraceJson, decodeTraceProtobuf, decodeTraceRequest, encodeTraceRequestJson, encodeTraceRequestProtobuf,
} from "./otlp";
import { FIXTURE_RESOURCE, makeVariedSpans } from "./span-fixtures";

/**
 * Runs the format-specific decoder directly (it has no catch-all wrapper, so a stray RangeError or
 * TypeError would surface here) and the public entry point; fails the property on any error other than
 * OtlpDecodeError.
 */
function decodesOrThrowsDecodeError(body: Uint8Array, contentType: string): boolean {
  const inner = contentType.includes("json") ? decodeTraceJson : decodeTraceProtobuf;
  for (const decode of [() => inner(body), () => decodeTraceRequest(body, contentType)]) {
    try {
      if (!Array.isArray(decode())) return false;
    } catch (error) {
      if (!(error instanceof OtlpDecodeError)) throw error;
    }
  }
  return true;
}

function validBodies(): { pb: Uint8Array; json: Uint8Array } {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer("fuzz", "1");
  for (let i = 0; i < 3; i++) {
    const span = tracer.startSpan(`span-${i}`, { attributes: { a: i, b: "text", c: [1.5, 2.5], d: true } });
    span.addEvent("e", { x: "y" });
    span.end();
  }
  const spans = exporter.getFinishedSpans();
  return { pb: ProtobufTraceSerializer.serializeRequest(spans)!, json: JsonTraceSerializer.serializeRequest(spans)! };
}

const { pb, json } = validBodies();
const varied = makeVariedSpans().filter((s) => s.name !== "root ✓"); // skip the 20 kB attribute: keeps cases small
const ourPb = encodeTraceRequestProtobuf(varied, FIXTURE_RESOURCE);
const ourJson = new TextEncoder().encode(encodeTraceRequestJson(varied, FIXTURE_RESOURCE));

const mutation = (base: Uint8Array) =>
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom("set", "insert", "delete")), { minLength: 1, maxLength: 8 })
    .chain((edits) => fc.nat({ max: base.length }).map((cut) => ({ edits, cut })))
    .map(({ edits, cut }) => {
      const bytes = Array.from(base.subarray(0, Math.max(cut, base.length - 40)));
      for (const [at, value, op] of edits) {
        const i = bytes.length === 0 ? 0 : at % bytes.length;
        if (op === "set") bytes[i] = value;
        else if (op === "insert") bytes.splice(i, 0, value);
        else bytes.splice(i, 1);
      }
      return new Uint8Array(bytes);
    });

describe("decoder fuzzing: only OtlpDecodeError ever escapes", () => {
  it("random bytes as protobuf and JSON", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) =>
        decodesOrThrowsDecodeError(bytes, "application/x-protobuf") && decodesOrThrowsDecodeError(bytes, "application/json")),
      { numRuns: 3000 },
    );
  });

  it("mutated valid protobuf bodies", () => {
    fc.assert(fc.property(mutation(pb), (bytes) => decodesOrThrowsDecodeError(bytes, "application/x-protobuf")), { numRuns: 3000 });
  });

  it("mutated bodies from our own encoders", () => {
    fc.assert(fc.property(mutation(ourPb), (bytes) => decodesOrThrowsDecodeError(bytes, "application/x-protobuf")), { numRuns: 1500 });
    fc.assert(fc.property(mutation(ourJson), (bytes) => decodesOrThrowsDecodeError(bytes, "application/json")), { numRuns: 1000 });
  });

  it("mutated valid JSON bodies", () => {
    fc.assert(fc.property(mutation(json), (bytes) => decodesOrThrowsDecodeError(bytes, "application/json")), { numRuns: 2000 });
  });

  it("random JSON values, also placed where spans, attributes and values are expected", () => {
    const anyJson = fc.jsonValue({ maxDepth: 4 });
    const shaped = fc.oneof(
      anyJson,
      anyJson.map((v) => ({ resourceSpans: v })),
      anyJson.map((v) => ({ resourceSpans: [{ scopeSpans: [{ spans: v }] }] })),
      anyJson.map((v) => ({ resourceSpans: [{ resource: v, scopeSpans: [{ scope: v, spans: [v] }] }] })),
      fc.record({ key: anyJson, value: anyJson }).map((kv) => ({ resourceSpans: [{ scopeSpans: [{ spans: [{ attributes: [kv] }] }] }] })),
      fc.dictionary(fc.constantFrom("traceId", "spanId", "parentSpanId", "kind", "status", "startTimeUnixNano", "events", "links", "flags", "name"), anyJson)
        .map((span) => ({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] })),
    );
    fc.assert(
      fc.property(shaped, (value) => decodesOrThrowsDecodeError(new TextEncoder().encode(JSON.stringify(value) ?? "null"), "application/json")),
      { numRuns: 3000 },
    );
  });

  it("valid bodies still decode (the fuzz bases are sound)", () => {
    expect(decodeTraceRequest(pb, "application/x-protobuf")).toHaveLength(3);
    expect(decodeTraceRequest(json, "application/json")).toHaveLength(3);
    expect(decodeTraceRequest(ourPb, "application/x-protobuf")).toHaveLength(varied.length);
    expect(decodeTraceRequest(ourJson, "application/json")).toHaveLength(varied.length);
  });
});
