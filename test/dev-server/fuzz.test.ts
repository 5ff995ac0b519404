import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, startServer, type Client, type Reply } from "./helpers";
import { protobufBody, recordSpans } from "./spans";

let server: DevServer;
let api: Client;
beforeAll(async () => {
  server = await startServer({ maxConcurrentRequests: 256 });
  api = client(server, "fuzz-key");
});
afterAll(() => server.close());

function expectJsonReply(res: Reply, allowed: number[]) {
  expect(allowed).toContain(res.status);
  expect(res.contentType).toMatch(/json|protobuf/);
  if (res.status >= 400) expect(res.body).toEqual({ error: expect.any(String) });
}

const TRICKY_KEYS = ["__proto__", "constructor", "prototype", "honeyhive_inputs.__proto__.polluted", "honeyhive_metadata.constructor.prototype.x",
  "honeyhive_inputs.a.0", "honeyhive_inputs.a.b", "honeyhive_inputs", "honeyhive_metrics.score", "honeyhive_event_id", "honeyhive.session_id",
  "honeyhive_event_type", "traceloop.association.properties.session_id", "honeyhive_metadata.run_id", "", "a".repeat(300)];

const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.record({ stringValue: fc.string() }),
    fc.record({ intValue: fc.oneof(fc.integer().map(String), fc.constantFrom("9007199254740993", "-1", "x", "1e3")) }),
    fc.record({ doubleValue: fc.oneof(fc.double(), fc.constantFrom("NaN", "Infinity")) }),
    fc.record({ boolValue: fc.oneof(fc.boolean(), fc.constant("yes")) }),
    fc.record({ arrayValue: fc.record({ values: fc.array(tie("value"), { maxLength: 3 }) }) }),
    fc.record({ kvlistValue: fc.record({ values: fc.array(fc.record({ key: fc.constantFrom(...TRICKY_KEYS), value: tie("value") }), { maxLength: 3 }) }) }),
    fc.constant({}),
    fc.constant(null),
  ),
})).value;

const hexId = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString("hex"));

const otlpJson = fc.record({
  resourceSpans: fc.array(fc.record({
    scopeSpans: fc.array(fc.record({
      spans: fc.array(fc.record({
        traceId: fc.oneof(hexId(16), fc.string()),
        spanId: fc.oneof(hexId(8), fc.string()),
        parentSpanId: fc.oneof(hexId(8), fc.constant(null), fc.constant("")),
        name: fc.string(),
        kind: fc.oneof(fc.integer({ min: -1, max: 9 }), fc.constantFrom("SPAN_KIND_SERVER", "BOGUS")),
        startTimeUnixNano: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String), fc.integer()),
        endTimeUnixNano: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String), fc.integer()),
        attributes: fc.array(fc.record({ key: fc.oneof(fc.constantFrom(...TRICKY_KEYS), fc.string()), value: anyValue }), { maxLength: 8 }),
        status: fc.oneof(fc.record({ code: fc.constantFrom(0, 1, 2, "STATUS_CODE_ERROR", 7), message: fc.string() }), fc.constant(undefined)),
      }, { requiredKeys: ["traceId", "spanId", "name"] }), { maxLength: 4 }),
    }), { maxLength: 2 }),
  }), { maxLength: 2 }),
});

describe("fuzzing the OTLP endpoint", () => {
  const valid = Buffer.from(protobufBody(recordSpans((t) => {
    const s = t.startSpan("seed", { attributes: { "honeyhive.session_id": "abababab-0000-4000-8000-000000000001", "honeyhive_inputs.q": "x" } });
    s.end();
  })));

  it("answers random and mutated protobuf bodies with 200/400 JSON, never crashing", async () => {
    const mutated = fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.nat({ max: valid.length }))
      .map(([pos, byte, cut]) => {
        const copy = Buffer.from(valid);
        copy[pos] = byte;
        return copy.subarray(0, cut);
      });
    await fc.assert(fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)), mutated), async (body) => {
      const res = await api.raw("POST", "/opentelemetry/v1/traces", body, { "content-type": "application/x-protobuf" });
      expectJsonReply(res, [200, 400]);
    }), { numRuns: 200 });
  });

  it("answers hostile OTLP JSON with 200/400, and stored data stays readable", async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(otlpJson.map((v) => JSON.stringify(v)), fc.json(), fc.string()), async (text) => {
      const res = await api.raw("POST", "/opentelemetry/v1/traces", text, { "content-type": "application/json" });
      expectJsonReply(res, [200, 400]);
    }), { numRuns: 200 });
    const exported = await api.call("POST", "/v1/events/export", { filters: [], limit: 7500 });
    expect(exported.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("x");
  });
});

const ENDPOINTS: [string, string][] = [
  ["POST", "/session/start"], ["POST", "/v1/sessions"], ["POST", "/events"], ["POST", "/events/batch"], ["PUT", "/events"],
  ["POST", "/events/model"], ["POST", "/v1/events/export"], ["POST", "/v1/events/search"], ["POST", "/v1/runs"],
  ["PUT", "/v1/runs/abababab-0000-4000-8000-000000000002"], ["POST", "/v1/datasets"], ["PUT", "/v1/datasets"],
  ["POST", "/v1/datapoints"], ["POST", "/v1/datasets/abc/datapoints"], ["PUT", "/v1/datapoints/abc"],
  ["POST", "/v1/sessions/abababab-0000-4000-8000-000000000003/events/batch"],
];

const hostileField = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom("__proto__", { __proto__: { x: 1 } }, [[[]]], 1e308, -0, ""));
const hostileBody = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.dictionary(fc.oneof(fc.constantFrom("session", "event", "events", "event_id", "filters", "metadata", "outputs", "event_type",
    "run_id", "status", "data", "mapping", "name", "limit", "page", "dateRange", "inputs", "__proto__", "single_session"), fc.string()),
  hostileField, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
  fc.string(),
);

describe("fuzzing the JSON endpoints", () => {
  it("answers every hostile body with a 200 or 4xx JSON reply", async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...ENDPOINTS), hostileBody, async ([method, path], body) => {
      const res = await api.raw(method, path, body, { "content-type": "application/json" });
      expectJsonReply(res, [200, 400, 404, 415]);
    }), { numRuns: 400 });
    expect((await fetch(server.url + "/health")).status).toBe(200);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("answers hostile query strings on GET endpoints with 200 or 4xx", async () => {
    const paths = ["/v1/runs", "/v1/events", "/v1/datasets", "/v1/datapoints", "/v1/runs/compare/events"];
    const params = fc.array(fc.tuple(fc.constantFrom("filters", "dateRange", "limit", "page", "run_ids[]", "sort_by", "datapoint_ids",
      "dataset_id", "run_id_1", "aggregate_function"), fc.string()), { maxLength: 4 });
    await fc.assert(fc.asyncProperty(fc.constantFrom(...paths), params, async (path, pairs) => {
      const res = await api.call("GET", `${path}?${new URLSearchParams(pairs).toString()}`);
      expectJsonReply(res, [200, 400, 404]);
    }), { numRuns: 200 });
  });
});
