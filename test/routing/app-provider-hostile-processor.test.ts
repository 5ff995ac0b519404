/**
 * Issue 9 requirement 2 with a hostile neighbour: an application processor that throws in onStart (before or after
 * HoneyHiveSpanProcessor) must not make the SDK lose, duplicate or leave open its own spans, nor run the user's
 * function twice.
 */
import type { Context } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan, type Span, SimpleSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveSpanProcessor, trace } from "../../packages/honeyhive/src/index";
import { type TestTracer, createTestTracer } from "../../packages/honeyhive/src/testing";

/** Throws in onStart for spans named `boom…`. */
class ThrowingOnStart implements SpanProcessor {
  onStart(span: Span, _ctx: Context): void {
    if (span.name.startsWith("boom")) throw new Error("application processor failed");
  }
  onEnd(_span: ReadableSpan): void {}
  forceFlush(): Promise<void> { return Promise.resolve(); }
  shutdown(): Promise<void> { return Promise.resolve(); }
}

const appExporter = new InMemorySpanExporter();
let provider: NodeTracerProvider;
let unit: TestTracer;

beforeAll(() => {
  // HoneyHive's processor runs before the throwing one for these spans
  provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(appExporter), new HoneyHiveSpanProcessor(), new ThrowingOnStart()] });
  provider.register();
  unit = createTestTracer({ logSink: () => undefined });
});
afterAll(() => provider.shutdown());

describe("an application processor throwing in onStart", () => {
  it("own spans are still recorded once and ended; the function runs once", async () => {
    let calls = 0;
    const inner = trace(() => ++calls, { eventName: "boom-inner" });
    const outer = trace(() => inner() * 10, { tracer: unit.tracer, eventName: "boom-outer" });
    expect(outer()).toBe(10);
    expect(calls).toBe(1);
    const spans = await unit.spans();
    expect(spans.map((s) => s.name).sort()).toEqual(["boom-inner", "boom-outer"]);
    const [innerSpan, outerSpan] = [spans.find((s) => s.name === "boom-inner")!, spans.find((s) => s.name === "boom-outer")!];
    expect(innerSpan.parentSpanContext?.spanId).toBe(outerSpan.spanContext().spanId);
    const d = unit.tracer.diagnostics();
    expect([d.spansStarted, d.spansEnded]).toEqual([2, 2]);
    expect(appExporter.getFinishedSpans().map((s) => s.name).sort()).toEqual(["boom-inner", "boom-outer"]);
  });
});
