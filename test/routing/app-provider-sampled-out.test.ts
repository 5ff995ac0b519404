/**
 * Issue 11, requirement 1, the sampling edge: the application's own provider (with HoneyHiveSpanProcessor) samples
 * nothing. Its backend keeps that decision for the whole subtree (no orphan children either), while HoneyHive
 * still records the SDK's own spans, each exactly once, ended, in one trace with intact parent links.
 */
import { trace as otelTrace } from "@opentelemetry/api";
import { AlwaysOffSampler, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveSpanProcessor, trace } from "../../packages/honeyhive/src/index";
import { type TestTracer, createTestTracer } from "../../packages/honeyhive/src/testing";

const appExporter = new InMemorySpanExporter();
let provider: NodeTracerProvider;
let unit: TestTracer;

beforeAll(() => {
  provider = new NodeTracerProvider({ sampler: new AlwaysOffSampler(), spanProcessors: [new SimpleSpanProcessor(appExporter), new HoneyHiveSpanProcessor()] });
  provider.register();
  unit = createTestTracer({ logSink: () => undefined });
});
afterAll(() => provider.shutdown());

describe("an application provider that samples nothing", () => {
  it("keeps its decision; HoneyHive still gets every own span once, with parents", async () => {
    const inner = trace(() => {
      otelTrace.getTracer("lib").startActiveSpan("lib-call", (span) => span.end());
      return 2;
    }, { eventName: "inner" });
    const outer = trace(() => inner() + 1, { tracer: unit.tracer, eventName: "outer" });
    expect(outer()).toBe(3);
    const spans = await unit.spans();
    expect(appExporter.getFinishedSpans()).toHaveLength(0);
    expect(spans.map((s) => s.name).sort()).toEqual(["inner", "outer"]);
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]));
    expect(byName.inner!.parentSpanContext?.spanId).toBe(byName.outer!.spanContext().spanId);
    expect(byName.inner!.spanContext().traceId).toBe(byName.outer!.spanContext().traceId);
    const d = unit.tracer.diagnostics();
    expect(d.spansStarted).toBe(2);
    expect(d.spansEnded).toBe(2);
  });
});
