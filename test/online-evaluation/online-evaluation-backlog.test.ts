// Online evaluation behind a backlog: a score write waiting for its session's start (queued behind thousands of
// others) holds no evaluation slot, so the other sampled subjects are still judged; and while the evaluator's code
// loads, the spans of a session subject go to export at once (they are not held, then handed to the export queue all
// in one turn), and only the spans it will look at are kept for it.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ATTR_SESSION_ID } from "@honeyhive/core/semconv/attributes";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { isSessionSampled } from "../../packages/honeyhive/src/index";
import { resolveOnlineEvaluation } from "../../packages/honeyhive/src/config/online-evaluation-option";
import { OnlineEvaluator } from "../../packages/honeyhive/src/online-evaluation/online-evaluator";
import { DeferredSink } from "../../packages/honeyhive/src/seam/deferred-sink";
import type { SpanSink } from "../../packages/honeyhive/src/context/tracer-handle";

/** A span as the sinks see it: its session id and name only. */
function span(sessionId: string, name = "handler"): ReadableSpan {
  return { name, attributes: { [ATTR_SESSION_ID]: sessionId }, spanContext: () => ({ traceId: "0".repeat(32), spanId: "0".repeat(16), traceFlags: 1 }) } as unknown as ReadableSpan;
}

/** A sink that records the spans it is given. */
function recordingSink(): SpanSink & { ended: ReadableSpan[] } {
  const ended: ReadableSpan[] = [];
  return { ended, onSpanEnding: () => undefined, onSpanEnd: (s) => void ended.push(s) };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("online evaluation behind a backlog", () => {
  it("a score write still waiting holds no evaluation slot: the other subjects are judged meanwhile, and flush waits for it", async () => {
    const errors: string[] = [];
    const options = resolveOnlineEvaluation({ target: "span", concurrency: 1, evaluators: [() => 1] }, errors)!;
    expect(errors).toEqual([]);
    const writes: (() => void)[] = [];
    const evaluator = new OnlineEvaluator(options, {
      logger: createLogger({ sink: () => undefined }),
      // the write waits (its session's start is queued behind others) until the test lets it go
      write: () => new Promise<boolean>((resolve) => writes.push(() => resolve(true))),
      inSession: (_sessionId, fn) => fn(),
      spanDropped: () => false, // every span here was queued for export
    });
    for (let i = 0; i < 5; i++) evaluator.spanEnded(span(randomUUID()));
    await until(() => evaluator.counters.evaluated === 5);
    expect(evaluator.counters.evaluated).toBe(5); // all judged, one slot, while every write still waits
    expect(evaluator.snapshot()).toMatchObject({ sampled: 5, written: 0, pending: 5 }); // the writes are still pending
    expect(await evaluator.whenIdle(50)).toBe(false);
    const idle = evaluator.whenIdle(60_000);
    for (const release of writes) release();
    expect(await idle).toBe(true);
    expect(evaluator.snapshot()).toMatchObject({ sampled: 5, evaluated: 5, written: 5, writeFailures: 0, pending: 0, dropped: 0 });
  });

  it("while the wrapper loads, spans it only looks at after export go on at once; it is shown the ones it wants once loaded", async () => {
    const inner = recordingSink();
    let load!: (wrap: (sink: SpanSink) => SpanSink) => void;
    const shown: string[] = [];
    const sampled = (s: ReadableSpan): boolean => isSessionSampled(String(s.attributes[ATTR_SESSION_ID]), 0.5);
    const deferred = new DeferredSink(inner, new Promise((resolve) => (load = resolve)), { maxQueued: 4, seesAfterExport: true, shows: sampled });
    const spans = Array.from({ length: 40 }, () => span(randomUUID()));
    for (const s of spans) deferred.onSpanEnd(s);
    expect(inner.ended).toEqual(spans); // every span went on to export at once, in order
    load((sink) => ({ onSpanEnding: () => undefined, onSpanEnd: (s) => { shown.push(String(s.attributes[ATTR_SESSION_ID])); sink.onSpanEnd(s); } }));
    await deferred.ready();
    const wanted = spans.filter(sampled).map((s) => String(s.attributes[ATTR_SESSION_ID]));
    expect(shown).toEqual(wanted.slice(0, 4)); // the first 4 it wants, kept for it; nothing exported twice
    expect(deferred.passedUnwrapped).toBe(wanted.length - 4); // only spans it wanted count as not shown
    expect(inner.ended).toHaveLength(spans.length);
    const after = span(randomUUID());
    deferred.onSpanEnd(after); // loaded: through the wrapper
    expect(inner.ended.at(-1)).toBe(after);
  });

  it.each([
    ["its code failed to load", () => Promise.reject(new Error("chunk missing"))],
    ["wrapping threw", () => Promise.resolve(() => { throw new Error("wrap failed"); })],
  ] as const)("a wrapper that never comes (%s): every span goes on, none is held, each one it would have seen is counted", async (_why, wrapper) => {
    for (const seesAfterExport of [false, true]) {
      const inner = recordingSink();
      const sampled = (s: ReadableSpan): boolean => isSessionSampled(String(s.attributes[ATTR_SESSION_ID]), 0.5);
      const deferred = new DeferredSink(inner, wrapper() as Promise<(sink: SpanSink) => SpanSink>, { maxQueued: 4, seesAfterExport, shows: sampled });
      const before = Array.from({ length: 10 }, () => span(randomUUID()));
      for (const s of before) deferred.onSpanEnd(s);
      await deferred.ready();
      const after = Array.from({ length: 40 }, () => span(randomUUID()));
      for (const s of after) deferred.onSpanEnd(s);
      const all = [...before, ...after];
      expect(new Set(inner.ended), `seesAfterExport ${seesAfterExport}`).toEqual(new Set(all));
      expect(inner.ended).toHaveLength(all.length);
      expect(deferred.passedUnwrapped).toBe(all.filter(sampled).length);
    }
  });
});
