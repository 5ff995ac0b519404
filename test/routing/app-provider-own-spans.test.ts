/**
 * Issue 11, requirement 1 ("Done when"): an application with its own NodeSDK, its own exporter and
 * `HoneyHiveSpanProcessor` gets every span of a `trace(outer)` call in its own backend — `outer` included, with
 * intact parent links — and HoneyHive (a real OTLP receiver on 127.0.0.1) gets each span exactly once, with
 * the key of the tracer that owned the call. Two tracers with different keys run concurrently.
 */
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import { trace as otelTrace } from "@opentelemetry/api";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { OpenAI as OpenAIClient } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveSpanProcessor, HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import type { DecodedSpan } from "../../packages/dev-server/src/otlp/decoded-span";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { type OtlpReceiver, startOtlpReceiver } from "../helpers/otlp-receiver";
import { requireOpenAI } from "./openai-workload";

const KEYS = ["hh-key-tenant-a", "hh-key-tenant-b"] as const;
const CALLS_PER_TENANT = 3;
/** Spans per outer call: outer, one global-API span, one nested trace(), one OpenAI chat span. */
const SPANS_PER_CALL = 4;

let fake: FakeOpenAI;
let receiver: OtlpReceiver;
let sdk: NodeSDK;
let client: OpenAIClient;
const appExporter = new InMemorySpanExporter();
const warnings: string[] = [];
let tracers: HoneyHiveTracer[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI();
  receiver = await startOtlpReceiver();
  sdk = new NodeSDK({
    serviceName: "user-app",
    autoDetectResources: false,
    spanProcessors: [new SimpleSpanProcessor(appExporter), new HoneyHiveSpanProcessor()],
    instrumentations: [new OpenAIInstrumentation()],
  });
  sdk.start();
  client = new (requireOpenAI().OpenAI)({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
  tracers = KEYS.map((apiKey) => new HoneyHiveTracer({
    apiKey, serverUrl: receiver.url, skipSessionStart: true, setAsDefault: false, disableBatch: true,
    logSink: (level, message) => {
      if (level === "warn") warnings.push(message);
    },
  }));
});
afterAll(async () => {
  await Promise.all(tracers.map((t) => t.shutdown()));
  await sdk.shutdown();
  await Promise.all([fake.close(), receiver.close()]);
});

async function outerCall(tracer: HoneyHiveTracer, tenant: number, call: number): Promise<string> {
  const tag = `t${tenant}c${call}`;
  const inner = trace((text: string) => text.toUpperCase(), { eventName: `inner-${tag}` });
  const outer = trace(async (question: string): Promise<string> => {
    // a third-party span through the global OpenTelemetry API (any library's instrumentation does this)
    otelTrace.getTracer("third-party-lib").startActiveSpan(`lib-${tag}`, (span) => span.end());
    const answer = await client.chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content: question }] });
    return inner(answer.choices[0]?.message.content ?? "");
  }, { tracer, eventName: `outer-${tag}`, eventType: "chain" });
  return outer(`question ${tag}`);
}

/** The tag (`t<tenant>c<call>`) a span belongs to: from its name, or from its parent's for the chat span. */
function tagOf(name: string): string | undefined {
  return /-(t\d+c\d+)$/.exec(name)?.[1];
}

function keyOfSpan(span: DecodedSpan): string | undefined {
  for (const request of receiver.requests) if (request.spans.includes(span)) return request.headers.authorization;
  return undefined;
}

describe("an application's own NodeSDK + HoneyHiveSpanProcessor, with trace(outer) around third-party spans", () => {
  it("the application's exporter gets every span, outer included, with intact parent links", async () => {
    await Promise.all(tracers.flatMap((tracer, t) => Array.from({ length: CALLS_PER_TENANT }, (_, c) => outerCall(tracer, t, c))));
    expect((await Promise.all(tracers.map((t) => t.flush()))).every(Boolean)).toBe(true);
    expect(warnings.filter((w) => !w.includes("tracer provider is already registered"))).toEqual([]);

    const app = appExporter.getFinishedSpans();
    const total = KEYS.length * CALLS_PER_TENANT * SPANS_PER_CALL;
    expect(app).toHaveLength(total);
    const byId = new Map(app.map((s) => [s.spanContext().spanId, s]));
    expect(byId.size).toBe(total);
    const outers = app.filter((s) => s.name.startsWith("outer-"));
    expect(outers).toHaveLength(KEYS.length * CALLS_PER_TENANT);
    for (const outer of outers) expect(outer.parentSpanContext).toBeUndefined();
    // every other span's parent is in the application's own backend, in the same trace, and under its outer
    for (const span of app) {
      if (span.name.startsWith("outer-")) continue;
      const parent = byId.get(span.parentSpanContext?.spanId ?? "");
      expect(parent, `parent of ${span.name}`).toBeDefined();
      expect(parent!.spanContext().traceId).toBe(span.spanContext().traceId);
      expect(parent!.name.startsWith("outer-")).toBe(true);
    }
    const chats = app.filter((s) => s.instrumentationScope.name === "@arizeai/openinference-instrumentation-openai");
    expect(chats).toHaveLength(KEYS.length * CALLS_PER_TENANT);
    const ownScope = (s: ReadableSpan): boolean => s.instrumentationScope.name === "honeyhive";
    expect(app.filter(ownScope)).toHaveLength(KEYS.length * CALLS_PER_TENANT * 2);
  });

  it("HoneyHive gets each span exactly once, through the pipeline of the tracer that owned the call", async () => {
    const app = appExporter.getFinishedSpans();
    const received = await receiver.waitForSpans(app.length);
    expect(received).toHaveLength(app.length);
    expect(new Set(received.map((s) => s.spanId))).toEqual(new Set(app.map((s) => s.spanContext().spanId)));
    const appById = new Map(app.map((s) => [s.spanContext().spanId, s]));
    for (const span of received) {
      const outerName = span.name.startsWith("outer-") ? span.name : appById.get(span.parentSpanId ?? "")?.name;
      const tag = tagOf(span.name) ?? tagOf(outerName ?? "");
      expect(tag, span.name).toBeDefined();
      const tenant = Number(tag!.slice(1, tag!.indexOf("c")));
      expect(keyOfSpan(span)).toBe(`Bearer ${KEYS[tenant]}`);
      expect(span.attributes["honeyhive.session_id"]).toBe(tracers[tenant]!.sessionId);
      expect(span.parentSpanId).toBe(appById.get(span.spanId)!.parentSpanContext?.spanId);
    }
    const types = Object.fromEntries(received.map((s) => [s.name.replace(/-t\d+c\d+$/, ""), s.attributes["honeyhive_event_type"]]));
    expect(types).toMatchObject({ outer: "chain", inner: "tool", lib: "tool", "OpenAI Chat Completions": "model" });
    for (const tracer of tracers) {
      const d = tracer.diagnostics();
      expect(d.spansStarted).toBe(CALLS_PER_TENANT * SPANS_PER_CALL);
      expect(d.spansEnded).toBe(d.spansStarted);
    }
  });
});
