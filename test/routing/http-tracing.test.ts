/**
 * Issue 3, requirement 3: `httpTracing: true` enables the official http and undici instrumentations. Outgoing
 * node:http and fetch calls made inside a traced function become child spans of that function's span, in the
 * right session, through the right tracer; the SDK's own export (`/opentelemetry/v1/traces`) and API
 * (`/v1/sessions`) requests are never traced — not as client spans, and not as server spans when the
 * receiving server runs in the same process.
 *
 * What works for enabling it: fetch (undici) is traced through diagnostics channels, whatever loaded it; the
 * http instrumentation patches `node:http` through a require hook, so code must `require("node:http")` after
 * the first tracer with `httpTracing: true` was created (done here with `createRequire`).
 */
import type * as NodeHttp from "node:http";
import { createRequire } from "node:module";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";
import { type SpanView, crossUnitParents, sleep, spansInForeignTraces, unitMark, unitOfContent, viewOfDecoded } from "./routing-check";

const UNITS = 50;
const keyOf = (i: number): string => `hh_key_http_${String(i).padStart(3, "0")}`;

let fake: FakeOpenAI;
let server: HoneyHiveRecorder;
let http: typeof NodeHttp;
let tracers: HoneyHiveTracer[];

/** POSTs a tiny embeddings request with node:http and resolves with the status. */
function postWithHttp(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", headers: { "content-type": "application/json" } }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
    request.end(body);
  });
}

const callDownstream = trace(async function callDownstream(mark: string): Promise<number[]> {
  const body = JSON.stringify({ model: "text-embedding-test", input: mark });
  const viaHttp = postWithHttp(`${fake.url}/v1/embeddings`, body);
  await sleep(1);
  const viaFetch = fetch(`${fake.url}/v1/embeddings`, { method: "POST", headers: { "content-type": "application/json" }, body }).then(async (r) => {
    await r.arrayBuffer();
    return r.status;
  });
  return Promise.all([viaHttp, viaFetch]);
}, { eventType: "tool", eventName: "call_downstream" });

beforeAll(async () => {
  fake = await startFakeOpenAI();
  server = await startHoneyHiveRecorder();
  // the first tracer is the process default: spans started outside any tracer would go to it
  tracers = Array.from({ length: UNITS }, (_, i) =>
    new HoneyHiveTracer({ apiKey: keyOf(i), serverUrl: server.url, sessionName: `http ${i}`, httpTracing: true, setAsDefault: i === 0 }),
  );
  http = createRequire(import.meta.url)("node:http") as typeof NodeHttp;
});
afterAll(async () => {
  await Promise.all(tracers.map((t) => t.shutdown()));
  await Promise.all([fake.close(), server.close()]);
});

function received(): SpanView[] {
  const unitOfKey = new Map(tracers.map((_, i) => [`Bearer ${keyOf(i)}`, i]));
  return server.requestsTo("/opentelemetry/v1/traces").flatMap((r) => r.spans.map((s) => viewOfDecoded(s, unitOfKey.get(String(r.headers.authorization)) ?? -1)));
}

const isHttpScope = (s: SpanView): boolean => s.scope === "@opentelemetry/instrumentation-http" || s.scope === "@opentelemetry/instrumentation-undici";
const isHttpClient = (s: SpanView): boolean => isHttpScope(s) && s.kind === "client";

describe("httpTracing: true", () => {
  it("node:http and fetch calls inside a traced function are its children, in its session, through its tracer", async () => {
    const statuses = await Promise.all(tracers.map((t, i) => t.trace(() => callDownstream(unitMark(i)))));
    expect(statuses.flat().every((s) => s === 200)).toBe(true);
    expect((await Promise.all(tracers.map((t) => t.flush()))).every(Boolean)).toBe(true);

    const spans = received();
    const functionSpans = spans.filter((s) => s.name === "call_downstream");
    expect(functionSpans).toHaveLength(UNITS);
    const owner = new Map(functionSpans.map((s) => [s.spanId, s.deliveredTo]));
    const clientSpans = spans.filter(isHttpClient);
    expect(clientSpans).toHaveLength(UNITS * 2);
    for (const span of clientSpans) {
      const unit = span.parentSpanId === undefined ? undefined : owner.get(span.parentSpanId);
      expect(unit, `${span.name} must be a child of a traced function span`).toBe(span.deliveredTo);
      expect(span.attributes["honeyhive.session_id"]).toBe(tracers[span.deliveredTo]!.sessionId);
    }
    for (let i = 0; i < UNITS; i++) {
      expect(clientSpans.filter((s) => s.deliveredTo === i).map((s) => s.scope).sort()).toEqual(["@opentelemetry/instrumentation-http", "@opentelemetry/instrumentation-undici"]);
    }
    expect(spansInForeignTraces(spans, (i) => tracers[i]!.sessionId)).toBe(0);
    expect(crossUnitParents(spans)).toBe(0);
  });

  it("the SDK's own export and API calls are never traced, even with a default tracer and the backend in-process", async () => {
    await tracers[0]!.trace(() => callDownstream(unitMark(0)));
    // several export rounds: a traced export would produce spans that are exported in the next round
    for (let round = 0; round < 3; round++) {
      expect((await Promise.all(tracers.map((t) => t.flush()))).every(Boolean)).toBe(true);
      await sleep(20);
    }
    expect(server.requestsTo("/v1/sessions")).toHaveLength(UNITS);
    const port = String(new URL(server.url).port);
    const touchesBackend = (s: SpanView): boolean =>
      Object.values(s.attributes).some((v) => String(v) === port || (typeof v === "string" && (v.includes("/v1/sessions") || v.includes("/session/start") || v.includes("/opentelemetry/") || v.includes(`:${port}`))));
    const spans = received();
    expect(spans.filter(touchesBackend).map((s) => `${s.kind} ${s.scope} ${s.name} ${String(s.attributes["url.path"] ?? s.attributes["url.full"] ?? "")}`)).toEqual([]);
    // and incoming requests of in-process servers do not become spans of the default session
    expect(spans.filter((s) => isHttpScope(s) && s.kind !== "client").map((s) => `${s.kind} ${s.name}`)).toEqual([]);
    expect(spans.filter(isHttpClient)).toHaveLength((UNITS + 1) * 2);
  });

  it("calls with no active span are not traced, so background requests never flood the default session", async () => {
    const before = received().filter(isHttpScope).length;
    const body = JSON.stringify({ model: "text-embedding-test", input: "background" });
    expect(await postWithHttp(`${fake.url}/v1/embeddings`, body)).toBe(200);
    expect((await fetch(`${fake.url}/v1/embeddings`, { method: "POST", body })).status).toBe(200);
    expect((await Promise.all(tracers.map((t) => t.flush()))).every(Boolean)).toBe(true);
    expect(received().filter(isHttpScope).length).toBe(before);
  });

  it("HTTP spans under spans made through tracer.getTracer() follow their parent's tracer even with none in context", async () => {
    // the Vercel AI SDK keeps its own contexts: they hold its spans, not the HoneyHive tracer
    const provider = createOpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test" });
    await Promise.all(tracers.map((t, i) =>
      generateText({ model: provider.chat("gpt-test"), prompt: `${unitMark(i)}ai`, experimental_telemetry: { isEnabled: true, tracer: t.getTracer() } })));
    expect((await Promise.all(tracers.map((t) => t.flush()))).every(Boolean)).toBe(true);
    const spans = received();
    const chatTraces = new Map(spans.filter((s) => s.name === "ai.generateText.doGenerate").map((s) => [s.traceId, unitOfContent(s)]));
    expect(chatTraces.size).toBe(UNITS);
    const children = spans.filter((s) => isHttpClient(s) && chatTraces.has(s.traceId));
    expect(children).toHaveLength(UNITS);
    expect(children.filter((s) => s.deliveredTo !== chatTraces.get(s.traceId) || s.attributes["honeyhive.session_id"] !== tracers[s.deliveredTo]!.sessionId)).toEqual([]);
    expect(spansInForeignTraces(spans, (i) => tracers[i]!.sessionId)).toBe(0);
  });
});
