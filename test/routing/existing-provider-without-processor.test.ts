/**
 * Issue 3, requirement 2, the other branch: the application registered its own provider (NodeSDK) but did NOT
 * add `HoneyHiveSpanProcessor` to it. The SDK leaves the provider in place, says once what to do, and the
 * instrumentations given to HoneyHive itself still report to HoneyHive (through the SDK's own provider),
 * routed by context — nothing is lost while the application has not followed the advice.
 */
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import { trace as otelTrace } from "@opentelemetry/api";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { OpenAI as OpenAIClient } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestTracer, createTestTracer } from "../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { CHAT_CALLS_PER_UNIT, STEP_SPAN_NAME, requireOpenAI, runOpenAIUnit } from "./openai-workload";
import { type SpanView, checkRouting, viewOfReadable } from "./routing-check";

const UNITS = 20;
const isChat = (s: SpanView): boolean => s.scope === "@arizeai/openinference-instrumentation-openai" && s.name === "OpenAI Chat Completions";

let fake: FakeOpenAI;
let sdk: NodeSDK;
let client: OpenAIClient;
let units: TestTracer[];
const warnings: string[] = [];
const appExporter = new InMemorySpanExporter();

beforeAll(async () => {
  fake = await startFakeOpenAI();
  sdk = new NodeSDK({ serviceName: "user-app", autoDetectResources: false, spanProcessors: [new SimpleSpanProcessor(appExporter)] });
  sdk.start();
  const logSink = (level: string, message: string): void => {
    if (level === "warn") warnings.push(message);
  };
  units = Array.from({ length: UNITS }, (_, i) => createTestTracer({ logSink, ...(i === 0 ? { instrumentations: [new OpenAIInstrumentation()] } : {}) }));
  client = new (requireOpenAI().OpenAI)({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
});
afterAll(async () => {
  await sdk.shutdown();
  await fake.close();
});

describe("an application's own provider without HoneyHiveSpanProcessor", () => {
  it("is left in place, and one warning says to add HoneyHiveSpanProcessor", () => {
    const delegate = (otelTrace.getTracerProvider() as unknown as { getDelegate(): object }).getDelegate();
    expect(delegate.constructor.name).not.toBe("NoopTracerProvider");
    expect(units[0]!.tracer.diagnostics().globalProvider).toBe("existing-provider");
    const advice = warnings.filter((w) => w.includes("tracer provider is already registered"));
    expect(advice).toHaveLength(1);
    expect(advice[0]).toContain("Add `new HoneyHiveSpanProcessor()`");
  });

  it("instrumentations given to HoneyHive still reach HoneyHive, routed by context, none lost or misrouted", async () => {
    await Promise.all(units.map((unit, i) => unit.tracer.trace(() => runOpenAIUnit(client, i))));
    const spans = (await Promise.all(units.map(async (unit, i) => (await unit.spans()).map((s) => viewOfReadable(s, i))))).flat();
    const report = checkRouting(spans, { units: UNITS, sessionOf: (i) => units[i]!.tracer.sessionId, select: isChat, perUnit: CHAT_CALLS_PER_UNIT });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ counted: UNITS * CHAT_CALLS_PER_UNIT, misrouted: 0, lost: 0, duplicated: 0 });
    // they went through the SDK's own provider, not the application's
    const appSpans = appExporter.getFinishedSpans().map((s) => viewOfReadable(s, -1));
    expect(appSpans.filter(isChat)).toHaveLength(0);
    // the SDK's own spans (trace()) go through the application's provider too (issue 11), and still reach
    // HoneyHive exactly once each, routed by the SDK itself since no HoneyHiveSpanProcessor is there
    expect(appSpans.map((s) => s.name)).toEqual(Array.from({ length: UNITS }, () => STEP_SPAN_NAME));
    const steps = spans.filter((s) => s.name === STEP_SPAN_NAME);
    expect(steps).toHaveLength(UNITS);
    expect(new Set(steps.map((s) => s.spanId))).toEqual(new Set(appSpans.map((s) => s.spanId)));
  });
});
