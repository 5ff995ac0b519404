/**
 * trace() around generator functions: the span stays open while the generator runs, and what its body starts (a
 * traced function, a library's raw OpenTelemetry span) is a child of the generator's span, not of whoever iterates.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { type Span, trace as otelTrace } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { trace } from "../../packages/honeyhive/src/index";
import { createTestTracer } from "../../packages/honeyhive/src/testing";

const library = otelTrace.getTracer("instrumentation-like");
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

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

describe("trace() of a generator function (function*)", () => {
  it("the span stays open while it runs: yielded values aggregated as outputs, children nested, ends at exhaustion", async () => {
    const { tracer, spans } = createTestTracer();
    const child = trace(function child(i: number) { return i * 10; }, { tracer, eventName: "child" });
    const active: Array<{ id: string | undefined; recording: boolean | undefined }> = [];
    const numbers = trace(function* numbers(n: number) {
      for (let i = 0; i < n; i++) {
        const span = otelTrace.getActiveSpan();
        active.push({ id: span?.spanContext().spanId, recording: span?.isRecording() });
        library.startActiveSpan(`raw${i}`, (span: Span) => span.end());
        yield child(i);
      }
    }, { tracer, eventName: "numbers" });
    const words = trace(function* words() { yield "a"; yield "b"; }, { tracer, eventName: "words" });
    const consumer = trace(function consumer() { return [...numbers(3)]; }, { tracer, eventName: "consumer", eventType: "chain" });
    expect(consumer()).toEqual([0, 10, 20]);
    const started = words();
    expect(started.next()).toEqual({ done: false, value: "a" });
    const open = tracer.diagnostics();
    expect(open.spansStarted - open.spansEnded).toBe(1); // words: still running
    expect([...started]).toEqual(["b"]);
    const all = await spans();
    const named = byName(all);
    expect(parentOf(named.numbers)).toBe(idOf(named.consumer));
    const children = all.filter((s) => s.name === "child" || s.name.startsWith("raw"));
    expect(children).toHaveLength(6);
    for (const c of children) expect(parentOf(c)).toBe(idOf(named.numbers));
    const outputs = Object.entries(named.numbers!.attributes).filter(([k]) => k.startsWith("honeyhive_outputs."));
    expect(Object.fromEntries(outputs)).toEqual({ "honeyhive_outputs.result.0": 0, "honeyhive_outputs.result.1": 10, "honeyhive_outputs.result.2": 20 });
    expect(named.numbers!.attributes["honeyhive_metadata.stream_end"]).toBe("completed");
    expect(named.numbers!.attributes["honeyhive_metadata.stream_chunks"]).toBe(3);
    expect(named.words!.attributes["honeyhive_outputs.result"]).toBe("ab");
    expect(named.words!.attributes["honeyhive_metadata.stream_end"]).toBe("completed");
    expect(active).toEqual([0, 1, 2].map(() => ({ id: idOf(named.numbers), recording: true }))); // its span, not yet ended
  });

  it("break in for…of: return() runs in the span (finally block), which ends closed early with what was yielded", async () => {
    const { tracer, spans } = createTestTracer();
    const cleanup = trace(function cleanup() { return "closed"; }, { tracer, eventName: "cleanup" });
    const letters = trace(function* letters() {
      try {
        yield "x";
        yield "y";
        yield "z";
      } finally {
        cleanup();
      }
    }, { tracer, eventName: "letters" });
    const got: string[] = [];
    for (const letter of letters()) {
      got.push(letter);
      if (letter === "y") break;
    }
    expect(got).toEqual(["x", "y"]);
    const d = tracer.diagnostics();
    expect(d.spansEnded).toBe(d.spansStarted);
    const named = byName(await spans());
    expect(parentOf(named.cleanup)).toBe(idOf(named.letters));
    expect(named.letters!.attributes["honeyhive_outputs.result"]).toBe("xy");
    expect(named.letters!.attributes["honeyhive_metadata.stream_end"]).toBe("closed_early");
  });

  it("a throw from the body is recorded on the span and rethrown unchanged", async () => {
    const { tracer, spans } = createTestTracer();
    const failure = new Error("generator broke");
    const failing = trace(function* failing() {
      yield "ok";
      throw failure;
    }, { tracer, eventName: "failing" });
    const got: string[] = [];
    let caught: unknown;
    try {
      for (const v of failing()) got.push(v);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(failure);
    expect(got).toEqual(["ok"]);
    const [span] = await spans();
    expect(span!.attributes.honeyhive_error).toBe("generator broke");
    expect(span!.attributes["honeyhive_metadata.stream_end"]).toBe("error");
    expect(span!.attributes["honeyhive_outputs.result"]).toBe("ok");
    expect(span!.status.code).toBe(2);
  });

  it("the caller gets a generator: itself as its iterator, sent values, return(v), a throw() the body catches", async () => {
    const { tracer, spans } = createTestTracer();
    const echo = trace(function* echo(): Generator<string, unknown, unknown> {
      let received: unknown = yield "ready";
      for (;;) {
        try {
          received = yield `got ${String(received)}`;
        } catch (error) {
          received = yield `caught ${(error as Error).message}`;
        }
      }
    }, { tracer, eventName: "echo" });
    const gen = echo();
    expect(Object.prototype.toString.call(gen)).toBe("[object Generator]");
    expect(gen[Symbol.iterator]()).toBe(gen);
    expect(gen.next).toBe(gen.next);
    expect(gen.next()).toEqual({ done: false, value: "ready" });
    expect(gen.next(1)).toEqual({ done: false, value: "got 1" });
    expect(gen.throw(new Error("nudge"))).toEqual({ done: false, value: "caught nudge" });
    expect(tracer.diagnostics().spansEnded).toBe(0);
    expect(gen.return("bye")).toEqual({ done: true, value: "bye" });
    expect(gen.next()).toEqual({ done: true, value: undefined });
    const [span] = await spans();
    expect(span!.attributes["honeyhive_metadata.stream_end"]).toBe("closed_early");
    expect(span!.attributes["honeyhive_outputs.result"]).toBe("readygot 1caught nudge");
  });

  it("a generator never iterated: its span is ended as abandoned at flush, like an unconsumed stream, and counted", async () => {
    const { tracer, spans } = createTestTracer();
    const idle = trace(function* idle() { yield 1; }, { tracer, eventName: "idle" });
    const gen = idle();
    expect(tracer.diagnostics().spansEnded).toBe(0);
    const [span] = await spans();
    expect(span!.attributes["honeyhive_metadata.stream_abandoned"]).toBe(true);
    expect(span!.attributes["honeyhive_metadata.stream_end"]).toBe("abandoned");
    const d = tracer.diagnostics();
    expect(d.spansStarted).toBe(1);
    expect(d.spansEnded).toBe(1);
    expect([...gen]).toEqual([1]); // still usable; the span was already ended
  });

  it("a generator never iterated and dropped: its span ends as abandoned once the generator is collected, without a flush", async () => {
    const { tracer, exporter } = createTestTracer();
    const idle = trace(function* idle() { yield 1; }, { tracer, eventName: "idle" });
    idle();
    for (let i = 0; i < 20 && tracer.diagnostics().spansEnded === 0; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(tracer.diagnostics().spansEnded).toBe(1);
    expect(exporter.getFinishedSpans()[0]!.attributes["honeyhive_metadata.stream_end"]).toBe("abandoned");
  });

  it("an async function resolving to a generator, and tracer.startSpan returning one, follow it the same way", async () => {
    const { tracer, spans } = createTestTracer();
    const child = trace(function child() { return "c"; }, { tracer, eventName: "child" });
    function* body() { yield child(); }
    const later = trace(async function later() { return body(); }, { tracer, eventName: "later" });
    expect([...(await later())]).toEqual(["c"]);
    expect([...tracer.startSpan("started", () => body(), { captureOutput: true })]).toEqual(["c"]);
    const all = await spans();
    const named = byName(all);
    const children = all.filter((s) => s.name === "child");
    expect(children.map(parentOf).sort()).toEqual([idOf(named.later), idOf(named.started)].sort());
    expect(named.later!.attributes["honeyhive_outputs.result"]).toBe("c");
    expect(named.started!.attributes["honeyhive_outputs.result"]).toBe("c");
  });
});
