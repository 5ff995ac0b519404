import { SpanKind, SpanStatusCode, context, trace } from "@opentelemetry/api";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OtlpDecodeError, decodeTraceRequest, encodeTraceRequestProtobuf, otlpBodyFormat } from "./otlp";
import { doubleField, fixed64Field, hexBytes, keyValue, lenField, request, strField, varintField } from "./proto-builder";

const PB = "application/x-protobuf";
const JSON_CT = "application/json";
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function makeSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer("scope-a", "1.2.3");
  const root = tracer.startSpan("root", {
    kind: SpanKind.SERVER,
    attributes: { int: 42, neg: -7, str: "héllo ✓", dbl: 1.5, yes: true, arr: ["a", "b"], big: 2 ** 60 },
  });
  const ctx = trace.setSpan(context.active(), root);
  const child = tracer.startSpan("child", { kind: SpanKind.CLIENT, links: [{ context: root.spanContext(), attributes: { l: 1 } }] }, ctx);
  child.addEvent("ev", { k: "v" });
  child.setStatus({ code: SpanStatusCode.ERROR, message: "boom" });
  child.end();
  root.end();
  return exporter.getFinishedSpans();
}

describe("decodeTraceRequest against @opentelemetry/otlp-transformer output", () => {
  it("decodes the library's protobuf and JSON into the same spans", () => {
    const spans = makeSpans();
    const fromPb = decodeTraceRequest(ProtobufTraceSerializer.serializeRequest(spans)!, PB);
    const fromJson = decodeTraceRequest(JsonTraceSerializer.serializeRequest(spans)!, "application/json; charset=utf-8");
    expect(fromPb).toEqual(fromJson);
    expect(fromPb).toHaveLength(2);
    const [child, root] = fromPb as [(typeof fromPb)[0], (typeof fromPb)[0]];
    expect(root.spanId).toBe(spans[1]!.spanContext().spanId);
    expect(root.traceId).toBe(spans[1]!.spanContext().traceId);
    expect(root.parentSpanId).toBeUndefined();
    expect(root.kind).toBe(2);
    expect(root.attributes).toEqual({ int: 42, neg: -7, str: "héllo ✓", dbl: 1.5, yes: true, arr: ["a", "b"], big: "1152921504606846976" });
    expect(child.parentSpanId).toBe(root.spanId);
    expect(child.kind).toBe(3);
    expect(child.status).toEqual({ code: 2, message: "boom" });
    expect(child.events).toEqual([{ name: "ev", timeUnixNano: expect.any(BigInt), attributes: { k: "v" }, droppedAttributesCount: 0 }]);
    expect(child.links).toEqual([{ traceId: root.traceId, spanId: root.spanId, attributes: { l: 1 }, droppedAttributesCount: 0, flags: 257 }]);
    expect(child.scope).toEqual({ name: "scope-a", version: "1.2.3" });
    expect(child.resource["telemetry.sdk.language"]).toBe("nodejs");
    const [sec, ns] = spans[1]!.startTime;
    expect(root.startTimeUnixNano).toBe(BigInt(sec) * 1_000_000_000n + BigInt(ns));
  });

  it("recognises content types", () => {
    expect(otlpBodyFormat("Application/X-Protobuf")).toBe("protobuf");
    expect(otlpBodyFormat("application/protobuf")).toBe("protobuf");
    expect(otlpBodyFormat("application/json;charset=UTF-8")).toBe("json");
    expect(otlpBodyFormat("text/plain")).toBeUndefined();
    expect(() => decodeTraceRequest(new Uint8Array(), "text/plain")).toThrow(OtlpDecodeError);
  });

  it("decodes an empty body / empty request to no spans", () => {
    expect(decodeTraceRequest(new Uint8Array(), PB)).toEqual([]);
    expect(decodeTraceRequest(enc("{}"), JSON_CT)).toEqual([]);
  });
});

describe("decodeTraceRequest: Python SDK JSON quirks", () => {
  it("accepts base64 ids, null parentSpanId, enum names, string/number int64, NaN doubles, snake_case", () => {
    const traceHex = "0af7651916cd43dd8448eb211c80319c";
    const spanHex = "b7ad6b7169203331";
    const body = {
      resource_spans: [{
        resource: { attributes: [{ key: "service.name", value: { stringValue: "py" } }] },
        scopeSpans: [{
          scope: { name: "honeyhive", version: null },
          spans: [
            {
              traceId: Buffer.from(traceHex, "hex").toString("base64"),
              spanId: Buffer.from(spanHex, "hex").toString("base64"),
              parentSpanId: null,
              name: "py-root",
              kind: "SPAN_KIND_SERVER",
              startTimeUnixNano: "1700000000123456789",
              end_time_unix_nano: 1700000001000000000,
              status: { code: "STATUS_CODE_ERROR", message: "bad" },
              attributes: [
                { key: "i", value: { intValue: "9007199254740993" } },
                { key: "j", value: { intValue: 12 } },
                { key: "n", value: { doubleValue: "NaN" } },
                { key: "inf", value: { doubleValue: "-Infinity" } },
                { key: "kv", value: { kvlistValue: { values: [{ key: "x", value: { boolValue: false } }] } } },
                { key: "empty", value: {} },
                { key: "b", value: { bytesValue: "AQID" } },
              ],
            },
            { traceId: traceHex.toUpperCase(), spanId: "00f067aa0ba902b7", parentSpanId: "", kind: 3, status: { code: 1 } },
          ],
        }],
      }],
    };
    const [a, b] = decodeTraceRequest(enc(JSON.stringify(body)), JSON_CT) as [any, any];
    expect(a.traceId).toBe(traceHex);
    expect(a.spanId).toBe(spanHex);
    expect("parentSpanId" in a).toBe(false);
    expect(a.kind).toBe(2);
    expect(a.startTimeUnixNano).toBe(1700000000123456789n);
    expect(a.endTimeUnixNano).toBe(1700000001000000000n);
    expect(a.status).toEqual({ code: 2, message: "bad" });
    expect(a.attributes.i).toBe("9007199254740993");
    expect(a.attributes.j).toBe(12);
    expect(Number.isNaN(a.attributes.n)).toBe(true);
    expect(a.attributes.inf).toBe(-Infinity);
    expect(a.attributes.kv).toEqual({ x: false });
    expect(a.attributes.empty).toBeNull();
    expect(a.attributes.b).toBe("AQID");
    expect(a.scope).toEqual({ name: "honeyhive" });
    expect(a.resource).toEqual({ "service.name": "py" });
    expect(b.traceId).toBe(traceHex);
    expect(b.parentSpanId).toBeUndefined();
    expect(b.kind).toBe(3);
    expect(b.status).toEqual({ code: 1 });
  });

  it("keeps a __proto__ attribute key as an own property", () => {
    const body = { resourceSpans: [{ scopeSpans: [{ spans: [{ attributes: [{ key: "__proto__", value: { stringValue: "x" } }] }] }] }] };
    const [span] = decodeTraceRequest(enc(JSON.stringify(body)), JSON_CT);
    expect(Object.getOwnPropertyDescriptor(span!.attributes, "__proto__")?.value).toBe("x");
    expect(Object.getPrototypeOf(span!.attributes)).toBe(Object.prototype);
  });
});

describe("decodeTraceRequest: protobuf details", () => {
  const traceId = "5b8efff798038103d269b633813fc60c";
  const spanId = "eee19b7ec3c1b174";
  const base = [...lenField(1, hexBytes(traceId)), ...lenField(2, hexBytes(spanId)), ...strField(5, "s")];

  it("decodes int64 edge values, doubles, fixed64 timestamps and skips unknown fields", () => {
    const attrs = [
      keyValue("max", varintField(3, 2n ** 63n - 1n)),
      keyValue("min", varintField(3, -(2n ** 63n))),
      keyValue("minus1", varintField(3, -1n)),
      keyValue("safe", varintField(3, 2n ** 53n - 1n)),
      keyValue("unsafe", varintField(3, 2n ** 53n)),
      keyValue("negSafe", varintField(3, -(2n ** 53n) + 1n)),
      keyValue("negUnsafe", varintField(3, -(2n ** 53n))),
      keyValue("d", doubleField(4, -0.25)),
      keyValue("nested", lenField(5, lenField(1, lenField(6, lenField(1, keyValue("z", strField(1, "deep"))))))),
    ].flatMap((kv) => lenField(9, kv));
    const unknown = [...varintField(99, 5), ...lenField(100, [1, 2, 3]), ...fixed64Field(101, 7n)];
    const body = [...base, ...attrs, ...fixed64Field(7, 2n ** 64n - 1n), ...fixed64Field(8, 1700000000000000001n), ...unknown];
    const [span] = decodeTraceRequest(request(body), PB);
    expect(span!.attributes).toEqual({
      max: "9223372036854775807", min: "-9223372036854775808", minus1: -1, safe: 2 ** 53 - 1, unsafe: "9007199254740992",
      negSafe: -(2 ** 53) + 1, negUnsafe: "-9007199254740992", d: -0.25, nested: [{ z: "deep" }],
    });
    expect(span!.startTimeUnixNano).toBe(2n ** 64n - 1n);
    expect(span!.endTimeUnixNano).toBe(1700000000000000001n);
    expect(span!.scope).toEqual({ name: "test-scope" });
  });

  it("accepts fields in any order (spans before their scope and resource)", () => {
    const spanBytes = lenField(2, base);
    const scopeSpans = [...spanBytes, ...lenField(1, strField(1, "late-scope"))];
    const resource = lenField(1, keyValue("r", strField(1, "v")));
    const resourceSpans = [...lenField(2, scopeSpans), ...lenField(1, resource)];
    const [span] = decodeTraceRequest(new Uint8Array(lenField(1, resourceSpans)), PB);
    expect(span!.scope.name).toBe("late-scope");
    expect(span!.resource).toEqual({ r: "v" });
    expect(span!.traceId).toBe(traceId);
  });
});

describe("decodeTraceRequest: malformed input throws OtlpDecodeError", () => {
  const cases: [string, Uint8Array, string][] = [
    ["truncated varint", new Uint8Array([0x0a, 0x80]), PB],
    ["length past the end", new Uint8Array([0x0a, 0x05, 0x01]), PB],
    ["huge lying length", new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), PB],
    ["wrong wire type for resource_spans", new Uint8Array([0x08, 0x01]), PB],
    ["group wire type", new Uint8Array([0x0b]), PB],
    ["field number 0", new Uint8Array([0x02, 0x00]), PB],
    ["11-byte varint", new Uint8Array([0x08, ...new Array(10).fill(0xff), 0x01]), PB],
    ["truncated fixed64", request([...fixed64Field(7, 1n)]).subarray(0, 20), PB],
    ["JSON array", enc("[]"), JSON_CT],
    ["JSON null", enc("null"), JSON_CT],
    ["JSON string", enc('"x"'), JSON_CT],
    ["invalid JSON", enc("{"), JSON_CT],
    ["invalid UTF-8", new Uint8Array([0x7b, 0xff, 0x7d]), JSON_CT],
    ["resourceSpans not an array", enc('{"resourceSpans":{}}'), JSON_CT],
    ["span not an object", enc('{"resourceSpans":[{"scopeSpans":[{"spans":[1]}]}]}'), JSON_CT],
    ["name a number", enc('{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":1}]}]}]}'), JSON_CT],
    ["bad kind", enc('{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":"SPAN_KIND_NOPE"}]}]}]}'), JSON_CT],
    ["bad intValue", enc('{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"a","value":{"intValue":"1.5"}}]}]}]}]}'), JSON_CT],
    ["bad timestamp", enc('{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":-1}]}]}]}'), JSON_CT],
    ["bad id", enc('{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz!"}]}]}]}'), JSON_CT],
  ];
  for (const [name, body, ct] of cases) {
    it(name, () => {
      expect(() => decodeTraceRequest(body, ct)).toThrow(OtlpDecodeError);
    });
  }

  it("caps AnyValue nesting (protobuf and JSON) without stack overflow", () => {
    let any: number[] = strField(1, "leaf");
    for (let i = 0; i < 200; i++) any = lenField(5, lenField(1, any));
    expect(() => decodeTraceRequest(request([...lenField(9, keyValue("deep", any))]), PB)).toThrow(/nested deeper/);
    let json = '{"stringValue":"leaf"}';
    for (let i = 0; i < 200; i++) json = `{"arrayValue":{"values":[${json}]}}`;
    const body = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"a","value":${json}}]}]}]}]}`;
    expect(() => decodeTraceRequest(enc(body), JSON_CT)).toThrow(/nested deeper/);
  });

  it("accepts nesting up to the cap", () => {
    let any: number[] = strField(1, "leaf");
    for (let i = 0; i < 30; i++) any = lenField(5, lenField(1, any));
    const [span] = decodeTraceRequest(request([...lenField(9, keyValue("deep", any))]), PB);
    let v: unknown = span!.attributes.deep;
    for (let i = 0; i < 30; i++) v = (v as unknown[])[0];
    expect(v).toBe("leaf");
  });

  it("reports a clear message", () => {
    expect(() => decodeTraceRequest(new Uint8Array([0x0a, 0x05, 0x01]), PB)).toThrow(/runs past the end/);
    let caught: unknown;
    try {
      decodeTraceRequest(enc("[]"), JSON_CT);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OtlpDecodeError);
    expect((caught as Error).name).toBe("OtlpDecodeError");
    expect((caught as Error).message).toMatch(/expected an object/);
  });
});

describe("strings beginning with U+FEFF", () => {
  it("survive a protobuf round trip (TextDecoder would strip a leading BOM by default)", () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const span = provider.getTracer("bom").startSpan("\ufeffname");
    span.setAttribute("k", "\ufeffvalue");
    span.setAttribute("arr", ["\ufeff"]);
    span.end();
    const [decoded] = decodeTraceRequest(encodeTraceRequestProtobuf(exporter.getFinishedSpans(), {}), "application/x-protobuf");
    expect(decoded!.name).toBe("\ufeffname");
    expect(decoded!.attributes).toMatchObject({ k: "\ufeffvalue", arr: ["\ufeff"] });
  });
});

describe("decodeTraceRequest: attribute keys recurring across the spans of a request", () => {
  it("gives every span its own keys, whether seen before, new, colliding or too long to remember", () => {
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer("keys");
    // 2,000 distinct keys (more than the decoder's table holds): same-length keys differing in one byte, non-ASCII
    // keys, keys longer than it remembers; each span takes 12 of them, so slots are reused and overwritten.
    const keys = Array.from({ length: 2000 }, (_, i) =>
      i % 7 === 0 ? `ключ.${i}` : i % 11 === 0 ? `long.${"x".repeat(140)}.${i}` : `attr.${String(i).padStart(5, "0")}`);
    for (let s = 0; s < 300; s++) {
      const attributes: Record<string, string | number> = {};
      for (let k = 0; k < 12; k++) attributes[keys[(s * 37 + k * 101) % keys.length]!] = k % 2 === 0 ? `v${s}.${k}` : s * k;
      tracer.startSpan(`s${s}`, { attributes }).end();
    }
    const spans = exporter.getFinishedSpans();
    const fromPb = decodeTraceRequest(ProtobufTraceSerializer.serializeRequest(spans)!, PB);
    const fromJson = decodeTraceRequest(JsonTraceSerializer.serializeRequest(spans)!, JSON_CT);
    expect(fromPb).toEqual(fromJson);
    expect(fromPb.map((span) => span.attributes)).toEqual(spans.map((span) => span.attributes));
  });
});

describe("UTF-8 in protobuf strings", () => {
  it("decodes any bytes as a WHATWG TextDecoder does (U+FFFD for invalid sequences, a leading U+FEFF kept), in names, keys and values", () => {
    const whatwg = new TextDecoder("utf-8", { ignoreBOM: true });
    // Bytes biased towards multi-byte sequences, continuation bytes and their invalid combinations.
    const byte = fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff }));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), fc.array(byte, { minLength: 1, maxLength: 40 }), (name, key) => {
        const attribute = [...lenField(1, key), ...lenField(2, lenField(1, name))]; // KeyValue { key, AnyValue { string_value } }
        const span = [
          ...lenField(1, hexBytes("0af7651916cd43dd8448eb211c80319c")), ...lenField(2, hexBytes("b7ad6b7169203331")),
          ...lenField(5, name), ...lenField(9, attribute),
        ];
        const [decoded] = decodeTraceRequest(request(span), PB);
        expect(decoded!.name).toBe(whatwg.decode(new Uint8Array(name)));
        expect(decoded!.attributes[whatwg.decode(new Uint8Array(key))]).toBe(whatwg.decode(new Uint8Array(name)));
      }),
      { numRuns: 500 },
    );
  });
});
