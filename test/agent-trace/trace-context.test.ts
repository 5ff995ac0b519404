/**
 * The evaluators' context over a session's kept spans (agent-trace/trace-context.ts): evaluate() asks for one per
 * datapoint, so a session without a model call (no pricer to load) gets it at once, not through a promise; one with a
 * model call gets it once the dev server's prices are looked up. Either way the trace covers the spans held when it
 * was asked for, not those that end later (the evaluators' own).
 */
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, describe, expect, it } from "vitest";
import { traceContext } from "../../packages/honeyhive/src/agent-trace/trace-context";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer("trace-context-test");

/** An ended span with `attributes`, as a session keeps it. */
function endedSpan(name: string, attributes: Record<string, string | number>): ReadableSpan {
  tracer.startSpan(name, { attributes }).end();
  const spans = exporter.getFinishedSpans();
  return spans[spans.length - 1]!;
}

afterAll(() => provider.shutdown());

describe("traceContext", () => {
  it("is given at once for a session without a model call, over the spans held when asked", () => {
    const spans = [endedSpan("lookup", { honeyhive_event_type: "tool" })];
    const made = traceContext("session-1", { spans, dropped: 0 });
    expect(made).not.toBeInstanceOf(Promise);
    spans.push(endedSpan("later", { honeyhive_event_type: "tool" })); // ends after the context was made: not in it
    const { trace } = made as Awaited<typeof made>;
    expect(trace.sessionId).toBe("session-1");
    expect(trace.spans.map((s) => [s.name, s.eventType])).toEqual([["lookup", "tool"]]);
  });

  it("is given through a promise for a session with a model call (its prices looked up), never rejecting", async () => {
    const spans = [endedSpan("chat", { honeyhive_event_type: "model", "gen_ai.request.model": "gpt-4o-mini", "gen_ai.usage.input_tokens": 10, "gen_ai.usage.output_tokens": 2 })];
    const made = traceContext("session-2", { spans, dropped: 0 });
    expect(made).toBeInstanceOf(Promise);
    const { trace } = await made;
    expect(trace.spans.map((s) => [s.name, s.eventType])).toEqual([["chat", "model"]]);
    expect(trace.modelCalls).toHaveLength(1);
  });
});
