/**
 * Issue 3, requirement 2 ("Done when": a user-registered NodeSDK provider plus HoneyHiveSpanProcessor shows the
 * same routing). The application starts its own `NodeSDK` BEFORE any HoneyHive tracer, with its own exporter,
 * the OpenInference OpenAI instrumentation and `new HoneyHiveSpanProcessor()` among its span processors. The
 * SDK must detect that provider, warn once, leave it in place, and still route every instrumentation span to
 * the tracer active in context — exactly once.
 */
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import { trace as otelTrace } from "@opentelemetry/api";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { OpenAI as OpenAIClient } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveSpanProcessor } from "../../packages/honeyhive/src/index";
import { type TestTracer, createTestTracer } from "../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { CHAT_CALLS_PER_UNIT, STEP_SPAN_NAME, runOpenAIUnit, requireOpenAI } from "./openai-workload";
import { type SpanView, checkRouting, crossUnitParents, unitMark, viewOfReadable } from "./routing-check";

const UNITS = 200;
const isChat = (s: SpanView): boolean => s.scope === "@arizeai/openinference-instrumentation-openai" && s.name === "OpenAI Chat Completions";

let fake: FakeOpenAI;
let sdk: NodeSDK;
const appInstrumentation = new OpenAIInstrumentation();
let client: OpenAIClient;
const userExporter = new InMemorySpanExporter();
const userProvider = (): object => (otelTrace.getTracerProvider() as unknown as { getDelegate(): object }).getDelegate();

beforeAll(async () => {
  fake = await startFakeOpenAI();
  sdk = new NodeSDK({
    serviceName: "user-app",
    autoDetectResources: false,
    spanProcessors: [new SimpleSpanProcessor(userExporter), new HoneyHiveSpanProcessor()],
    instrumentations: [appInstrumentation],
  });
  sdk.start();
  const { OpenAI } = requireOpenAI();
  client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
});
afterAll(async () => {
  await sdk.shutdown();
  await fake.close();
});

describe("an application's own NodeSDK with HoneyHiveSpanProcessor", () => {
  const warnings: string[] = [];
  const notes: string[] = [];
  let units: TestTracer[] = [];

  it("is detected and left in place, with one note (not a warning) for all tracers", () => {
    const before = userProvider();
    expect(before.constructor.name).not.toBe("NoopTracerProvider");
    units = Array.from({ length: UNITS }, () => createTestTracer({ logSink: (level, message) => {
      if (level === "info") notes.push(message);
      if (level === "warn") warnings.push(message);
    } }));
    expect(userProvider()).toBe(before);
    expect(units[0]!.tracer.diagnostics().globalProvider).toBe("existing-provider");
    expect(warnings).toEqual([]);
    const providerNotes = notes.filter((w) => w.includes("tracer provider is already registered"));
    expect(providerNotes).toHaveLength(1);
    expect(providerNotes[0]).toContain("HoneyHiveSpanProcessor");
  });

  it("routes the instrumentation's spans to the tracer in context: zero misrouted, zero lost, none exported twice", async () => {
    await Promise.all(units.map((unit, i) => unit.tracer.trace(() => runOpenAIUnit(client, i))));
    const spans = (await Promise.all(units.map(async (unit, i) => (await unit.spans()).map((s) => viewOfReadable(s, i))))).flat();
    const report = checkRouting(spans, { units: UNITS, sessionOf: (i) => units[i]!.tracer.sessionId, select: isChat, perUnit: CHAT_CALLS_PER_UNIT });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ counted: UNITS * CHAT_CALLS_PER_UNIT, misrouted: 0, lost: 0, duplicated: 0 });
    // no span reaches HoneyHive twice (neither through two tracers nor twice through one)
    const ids = spans.map((s) => s.spanId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(spans.filter((s) => isChat(s)).every((s) => s.attributes["honeyhive_event_type"] === "model")).toBe(true);
    expect(spans.filter((s) => s.name === STEP_SPAN_NAME)).toHaveLength(UNITS);
    expect(crossUnitParents(spans)).toBe(0);

    // the application's own exporter still gets every instrumentation span, stamped the same way
    const userSpans = userExporter.getFinishedSpans().map((s) => viewOfReadable(s, -1)).filter(isChat);
    expect(userSpans).toHaveLength(UNITS * CHAT_CALLS_PER_UNIT);
    expect(userSpans.every((s) => s.attributes["honeyhive.session_id"] !== undefined)).toBe(true);
  });

  it("spans started outside any HoneyHive tracer are not sent anywhere when no default tracer exists", async () => {
    const before = units.map((u) => u.exporter.getFinishedSpans().length);
    await client.chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content: `${unitMark(999)}outside` }] });
    const after = await Promise.all(units.map(async (u) => (await u.spans()).length));
    expect(after).toEqual(before);
  });

  it("handing HoneyHive the application's own instrumentation does not take its spans away from the application", async () => {
    const late = createTestTracer({ instrumentations: [appInstrumentation] });
    userExporter.reset();
    await late.tracer.trace(() => runOpenAIUnit(client, 0));
    const spans = (await late.spans()).map((s) => viewOfReadable(s, 0));
    const report = checkRouting(spans, { units: 1, sessionOf: () => late.tracer.sessionId, select: isChat, perUnit: CHAT_CALLS_PER_UNIT });
    expect(report).toMatchObject({ counted: CHAT_CALLS_PER_UNIT, misrouted: 0, lost: 0, duplicated: 0 });
    expect(userExporter.getFinishedSpans().map((s) => viewOfReadable(s, -1)).filter(isChat)).toHaveLength(CHAT_CALLS_PER_UNIT);
  });
});
