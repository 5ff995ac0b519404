/**
 * trace() around generator functions: the span stays open while the generator runs, and what its body starts (a
 * traced function, a library's raw OpenTelemetry span) is a child of the generator's span, not of whoever iterates.
 */
import { type Span, trace as otelTrace } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { trace } from "../../packages/honeyhive/src/index";
import { createTestTracer } from "../../packages/honeyhive/src/testing";

const library = otelTrace.getTracer("instrumentation-like");

function byName(spans: ReadableSpan[]): Record<string, ReadableSpan> {
  return Object.fromEntries(spans.map((s) => [s.name, s]));
}

function parentOf(span: ReadableSpan | undefined): string | undefined {
  return span?.parentSpanContext?.spanId;
}

function idOf(span: ReadableSpan | undefined): string | undefined {
  return span?.spanContext().spanId;
}

describe("trace() of an async generator function", () => {
  it("spans started in the body (a traced function, a raw OpenTelemetry span) are children of the generator's span", async () => {
    const { tracer, spans } = createTestTracer();
    const retrieve = trace(async function retrieve(i: number) { return `doc${i}`; }, { tracer, eventName: "retrieve" });
    const numbers = trace(async function* numbers(n: number) {
      for (let i = 0; i < n; i++) {
        await new Promise((r) => setTimeout(r, 1));
        yield await retrieve(i);
        library.startActiveSpan(`raw${i}`, (span: Span) => span.end());
      }
    }, { tracer, eventName: "numbers" });
    const consumer = trace(async function consumer() {
      const out: string[] = [];
      for await (const doc of numbers(2)) out.push(doc);
      return out;
    }, { tracer, eventName: "consumer", eventType: "chain" });
    expect(await consumer()).toEqual(["doc0", "doc1"]);
    const all = await spans();
    const named = byName(all);
    expect(parentOf(named.numbers)).toBe(idOf(named.consumer));
    const children = all.filter((s) => s.name === "retrieve" || s.name.startsWith("raw"));
    expect(children.map((s) => s.name).sort()).toEqual(["raw0", "raw1", "retrieve", "retrieve"]);
    for (const child of children) expect(parentOf(child)).toBe(idOf(named.numbers));
    expect(named.numbers!.attributes["honeyhive_outputs.result"]).toBe("doc0doc1");
  });

  it("return() on the generator runs in its span (a finally block's call after break is a child)", async () => {
    const { tracer, spans } = createTestTracer();
    const cleanup = trace(function cleanup() { return "closed"; }, { tracer, eventName: "cleanup" });
    const gen = trace(async function* gen() {
      try {
        yield 1;
        yield 2;
      } finally {
        cleanup();
      }
    }, { tracer, eventName: "gen" });
    for await (const v of gen()) if (v === 1) break;
    const named = byName(await spans());
    expect(parentOf(named.cleanup)).toBe(idOf(named.gen));
    expect(named.gen!.attributes["honeyhive_metadata.stream_end"]).toBe("closed_early");
  });

  it("throw() on the generator runs in its span (a catch block's call is a child)", async () => {
    const { tracer, spans } = createTestTracer();
    const handle = trace(function handle() { return "handled"; }, { tracer, eventName: "handle" });
    const gen = trace(async function* gen() {
      try {
        yield 1;
      } catch {
        yield handle();
      }
    }, { tracer, eventName: "gen" });
    const it = gen();
    await it.next();
    expect(await it.throw(new Error("injected"))).toEqual({ done: false, value: "handled" });
    const named = byName(await spans());
    expect(parentOf(named.handle)).toBe(idOf(named.gen));
  });

  it("an async function resolving to an async generator: the generator's body runs in the function's span", async () => {
    const { tracer, spans } = createTestTracer();
    const retrieve = trace(function retrieve() { return "doc"; }, { tracer, eventName: "retrieve" });
    async function* docs() {
      yield retrieve();
    }
    const later = trace(async function later() { return docs(); }, { tracer, eventName: "later" });
    const got: string[] = [];
    for await (const doc of await later()) got.push(doc);
    expect(got).toEqual(["doc"]);
    const named = byName(await spans());
    expect(parentOf(named.retrieve)).toBe(idOf(named.later));
  });
});
