/**
 * Issue 23, requirement 2: one model event per LLM call when two instrumentations report it as siblings (neither
 * span encloses the other). The matching rule (semconv/sibling-call.ts) as pure functions, fuzzed: it never merges
 * two real calls; and the SDK's bounded hold (processing/sibling-hold.ts) through a real tracer and the real
 * OpenTelemetry SDK: twins decided before export, spans that cannot have a twin never held, held spans released
 * when no twin can come, at the bound, or at flush. The real stacks are in test/frameworks/stacks/ (openai-agents,
 * langgraph+openai).
 */
import { type Span, context, trace as otelTrace } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SiblingHold } from "../../packages/honeyhive/src/processing/sibling-hold";
import { ATTR_SAME_CALL_AS } from "../../packages/core/src/semconv/model-call";
import { type SiblingCallSpan, decideSiblingCall, isSameCall, pairSiblingCalls } from "../../packages/core/src/semconv/sibling-call";
import { createTestTracer } from "../../packages/honeyhive/src/testing";
import { expectPairsOfOneCall } from "./sibling-pairs-check";

/** One real call: its content and time, and the scopes that report it (one or two instrumentations). */
interface Call {
  prompt: string;
  answer: string;
  model: string;
  start: number;
  duration: number;
  scopes: readonly string[];
}

const callArb = fc.record({
  prompt: fc.constantFrom("unit-1/a", "unit-2/a", "unit-1/b", "same prompt"),
  answer: fc.constantFrom("echo: x", "echo: y", "lookup({})"),
  model: fc.constantFrom("gpt-test", "gpt-4o"),
  start: fc.integer({ min: 0, max: 50 }),
  duration: fc.integer({ min: 1, max: 40 }),
  scopes: fc.constantFrom(["framework"], ["client"], ["framework", "client"]),
});

/** The reports of `calls`: one span per (call, scope), times jittered inside the call (the client's span inside). */
function reportsOf(calls: readonly Call[]): { span: SiblingCallSpan; call: number }[] {
  return calls.flatMap((call, index) =>
    call.scopes.map((scope, k) => ({
      call: index,
      span: {
        spanId: `${index}-${scope}`, session: "s", scope, startMs: call.start + k * 0.5, endMs: call.start + call.duration - k * 0.25,
        request: { model: call.model, prompt: call.prompt, answer: call.answer }, attributes: { "llm.token_count.total": 3 },
      },
    })),
  );
}

/** Two calls are indistinguishable by content (then pairing across them still counts each call once). */
function sameContent(a: Call, b: Call): boolean {
  return a.prompt === b.prompt && a.answer === b.answer && a.model === b.model;
}

describe("the sibling matching rule (pure)", () => {
  it("never merges two real calls: a pair is two reports of one call, or of two calls alike in content and time", () => {
    fc.assert(fc.property(fc.array(callArb, { minLength: 1, maxLength: 8 }), (calls) => {
      const reports = reportsOf(calls);
      // when both instrumentations report every call (both active on the same client), one model event per call
      expectPairsOfOneCall(reports, calls.length, (a, b) => sameContent(calls[a]!, calls[b]!), calls.every((c) => c.scopes.length === 2));
    }));
  });

  it("calls distinct in content are never merged, however concurrent; each call reported twice becomes one model event", () => {
    fc.assert(fc.property(fc.array(fc.record({ start: fc.integer({ min: 0, max: 5 }), duration: fc.integer({ min: 10, max: 30 }) }), { minLength: 1, maxLength: 6 }), (times) => {
      // same model, overlapping times, different content: every call reported by both instrumentations
      const calls: Call[] = times.map((t, i) => ({ prompt: `unit-${i}/a`, answer: `echo: unit-${i}/a`, model: "gpt-test", ...t, scopes: ["framework", "client"] }));
      const reports = reportsOf(calls);
      const pairs = pairSiblingCalls(reports.map((r) => r.span));
      expect(pairs).toHaveLength(calls.length);
      for (const { kept, absorbed } of pairs) expect(kept.request.prompt).toBe(absorbed.request.prompt);
    }));
  });

  it("two calls of one instrumentation are never one call, even identical and simultaneous", () => {
    const span = (spanId: string): SiblingCallSpan => ({ spanId, session: "s", scope: "client", startMs: 0, endMs: 10, request: { model: "m", prompt: "p", answer: "a" }, attributes: {} });
    expect(isSameCall(span("1"), span("2"))).toBe(false);
    expect(pairSiblingCalls([span("1"), span("2")])).toEqual([]);
  });

  it("no merge across sessions, without overlap, without a readable prompt, or with different models or answers", () => {
    const base: SiblingCallSpan = { spanId: "1", session: "s", scope: "a", startMs: 0, endMs: 10, request: { model: "gpt-4o", prompt: "p", answer: "x" }, attributes: {} };
    const other = (change: Omit<Partial<SiblingCallSpan>, "request"> & { request?: Partial<SiblingCallSpan["request"]> }): SiblingCallSpan => ({ ...base, spanId: "2", scope: "b", ...change, request: { ...base.request, ...change.request } });
    expect(isSameCall(base, other({}))).toBe(true);
    expect(isSameCall(base, other({ request: { model: "gpt-4o-2024-08-06" } }))).toBe(true); // a dated snapshot
    expect(isSameCall(base, other({ request: { model: "openai/gpt-4o", answer: null } }))).toBe(true);
    expect(isSameCall(base, other({ startMs: 10.5, endMs: 20 }))).toBe(true); // millisecond clocks
    expect(isSameCall(base, other({ session: "t" }))).toBe(false);
    expect(isSameCall(base, other({ startMs: 12, endMs: 20 }))).toBe(false);
    expect(isSameCall(base, other({ request: { model: "gpt-4o-mini" } }))).toBe(false);
    expect(isSameCall(base, other({ request: { model: "gpt-4o-mini-2024-07-18" } }))).toBe(false);
    expect(isSameCall(base, other({ request: { answer: "y" } }))).toBe(false);
    expect(isSameCall({ ...base, request: { ...base.request, prompt: null } }, other({ request: { prompt: null } }))).toBe(false);
  });

  it("a report with no content (a client's built-in telemetry) is the same call only by the same model and token counts", () => {
    const oi: SiblingCallSpan = { spanId: "1", session: "s", scope: "oi", startMs: 3, endMs: 50, request: { model: "claude-test", prompt: "p", answer: "x", tokens: "2/3" }, attributes: { "llm.token_count.prompt": 2 } };
    const bare = (request: Partial<SiblingCallSpan["request"]>, change: Partial<SiblingCallSpan> = {}): SiblingCallSpan => ({
      spanId: "2", session: "s", scope: "com.anthropic.sdk.typescript", startMs: 0, endMs: 60, attributes: { "gen_ai.usage.input_tokens": 2 }, ...change,
      request: { model: "claude-test", prompt: null, answer: null, tokens: "2/3", ...request },
    });
    expect(isSameCall(oi, bare({}))).toBe(true);
    expect(isSameCall(bare({}), oi)).toBe(true);
    expect(isSameCall(oi, bare({ model: "claude-test-20250101" }))).toBe(true); // a dated snapshot
    expect(isSameCall(oi, bare({ tokens: "2/4" }))).toBe(false);
    expect(isSameCall(oi, bare({ tokens: null }))).toBe(false);
    expect(isSameCall({ ...oi, request: { ...oi.request, tokens: undefined } }, bare({}))).toBe(false);
    expect(isSameCall(oi, bare({ model: "claude-other" }))).toBe(false);
    expect(isSameCall(oi, bare({ model: null }))).toBe(false);
    expect(isSameCall(oi, bare({}, { session: "t" }))).toBe(false);
    expect(isSameCall(oi, bare({}, { startMs: 52, endMs: 60 }))).toBe(false);
    expect(isSameCall(oi, bare({ answer: "y" }))).toBe(false); // an answer but no prompt: still never merged
    expect(isSameCall(oi, bare({}, { attributes: { "gen_ai.input.messages": "[REDACTED]" } }))).toBe(false); // masked content is content
    // the report with the call's messages stays the model event, even when the content-less one ended later
    const decision = decideSiblingCall(bare({}), oi);
    expect(decision.kept).toBe(oi);
    expect(decision.absorbedAttributes).toEqual({ honeyhive_event_type: "chain", [ATTR_SAME_CALL_AS]: "1" });
  });

  it("content-less reports pair only with calls of their model and token counts; each call stays counted once", () => {
    const tokensArb = fc.constantFrom("2/3", "2/4", "5/3");
    fc.assert(fc.property(fc.array(fc.record({ tokens: tokensArb, start: fc.integer({ min: 0, max: 5 }) }), { minLength: 1, maxLength: 6 }), (calls) => {
      const spans = calls.flatMap((call, i): SiblingCallSpan[] => [
        { spanId: `oi-${i}`, session: "s", scope: "oi", startMs: call.start + 1, endMs: call.start + 20, request: { model: "m", prompt: `p${i}`, answer: `a${i}`, tokens: call.tokens }, attributes: {} },
        { spanId: `sdk-${i}`, session: "s", scope: "sdk", startMs: call.start, endMs: call.start + 21, request: { model: "m", prompt: null, answer: null, tokens: call.tokens }, attributes: {} },
      ]);
      const pairs = pairSiblingCalls(spans);
      expect(pairs).toHaveLength(calls.length); // every call one model event
      for (const { kept, absorbed } of pairs) {
        expect(kept.scope).toBe("oi");
        expect(absorbed.request.tokens).toBe(kept.request.tokens); // across calls only when alike in tokens
      }
    }));
  });

  it("the decision is symmetric; the twin becomes a linked chain; usage is handed over only when the kept one has none", () => {
    const usageArb = fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined });
    fc.assert(fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 5, max: 20 }), usageArb, usageArb, (start, end, ua, ub) => {
      const make = (spanId: string, scope: string, s: number, e: number, tokens: number | undefined): SiblingCallSpan => ({
        spanId, session: "s", scope, startMs: s, endMs: e, request: { model: "m", prompt: "p", answer: "a" }, attributes: tokens === undefined ? {} : { "llm.token_count.total": tokens },
      });
      const a = make("aaaa", "framework", start, end + 3, ua);
      const b = make("bbbb", "client", start + 1, end, ub);
      const one = decideSiblingCall(a, b);
      const two = decideSiblingCall(b, a);
      expect(one.kept.spanId).toBe(two.kept.spanId);
      expect(one.absorbedAttributes).toEqual({ honeyhive_event_type: "chain", [ATTR_SAME_CALL_AS]: one.kept.spanId });
      if (ua !== undefined || ub === undefined) expect(one.kept).toBe(a); // usage first, then the later end (the framework's)
      if (ua === undefined && ub !== undefined) expect(one.kept).toBe(b);
      expect(one.keptAttributes).toEqual(one.kept.attributes["llm.token_count.total"] === undefined ? one.absorbed.attributes : {});
    }));
  });
});

function llmAttributes(prompt: string, answer: string, tokens?: number): Record<string, string | number> {
  return {
    "openinference.span.kind": "LLM", "llm.model_name": "gpt-test",
    "llm.input_messages.0.message.role": "user", "llm.input_messages.0.message.content": prompt,
    "llm.output_messages.0.message.role": "assistant", "llm.output_messages.0.message.content": answer,
    ...(tokens === undefined ? {} : { "llm.token_count.total": tokens }),
  };
}

function typeOf(span: ReadableSpan): unknown {
  return span.attributes["honeyhive_event_type"];
}

describe("the SDK's sibling hold, real tracer and OpenTelemetry SDK", () => {
  it("a framework's LLM span and a client's span of one call, siblings under a chain: one model event, the other a linked chain", async () => {
    const unit = createTestTracer();
    const framework = otelTrace.getTracer("framework-instrumentation");
    const client = otelTrace.getTracer("client-instrumentation");
    await unit.tracer.trace(async () => {
      const agent = framework.startSpan("agent", { attributes: { "openinference.span.kind": "CHAIN" } });
      const ctx = otelTrace.setSpan(context.active(), agent);
      // the first call: both report usage; the second: the framework's span has none (a streamed call)
      for (const [prompt, frameworkTokens] of [["unit-1/a", 4], ["unit-2/a", undefined]] as const) {
        const llm = framework.startSpan("ChatModel", {}, ctx);
        llm.setAttributes(llmAttributes(prompt, `echo: ${prompt}`, frameworkTokens));
        const call = client.startSpan("Chat Completions", {}, ctx);
        call.setAttributes(llmAttributes(prompt, `echo: ${prompt}`, 4));
        await new Promise((resolve) => setTimeout(resolve, 3));
        call.end();
        await new Promise((resolve) => setTimeout(resolve, 5));
        llm.end();
      }
      agent.end();
    });
    const spans = await unit.spans();
    const models = spans.filter((s) => typeOf(s) === "model");
    // usage first, then the later end (the framework's span, around the client call)
    expect(models.map((s) => s.name)).toEqual(["ChatModel", "Chat Completions"]);
    const twins = spans.filter((s) => typeOf(s) === "chain" && s.name !== "agent");
    expect(twins.map((s) => s.name)).toEqual(["Chat Completions", "ChatModel"]);
    for (const [i, twin] of twins.entries()) expect(twin.attributes[ATTR_SAME_CALL_AS]).toBe(models[i]!.spanContext().spanId);
    expect(models.map((s) => s.attributes["llm.token_count.total"])).toEqual([4, 4]);
  });

  it("two concurrent calls of different content each stay one model event; one instrumentation alone is never held", async () => {
    const forwarded: string[] = [];
    const unit = createTestTracer();
    const client = otelTrace.getTracer("client-instrumentation");
    await unit.tracer.trace(async () => {
      const a = client.startSpan("call");
      const b = client.startSpan("call");
      a.setAttributes(llmAttributes("unit-1/a", "echo: unit-1/a", 2));
      b.setAttributes(llmAttributes("unit-2/a", "echo: unit-2/a", 2));
      a.end();
      await new Promise((resolve) => setTimeout(resolve, 20)); // far below the hold's bound
      forwarded.push(...unit.exporter.getFinishedSpans().map((s) => s.name)); // exported at once: nothing else is open
      b.end();
    });
    expect(forwarded).toEqual(["call"]);
    expect((await unit.spans()).map(typeOf)).toEqual(["model", "model"]);
  });
});

describe("SiblingHold (bounds)", () => {
  const unit = createTestTracer();
  const scopeA = otelTrace.getTracer("a");
  const scopeB = otelTrace.getTracer("b");

  /** Starts a span of `tracer` as an ended-span source for a standalone hold. */
  function started(tracer: ReturnType<typeof otelTrace.getTracer>, name: string, attributes: Record<string, string | number> = {}): Span {
    return unit.tracer.trace(() => tracer.startSpan(name, { attributes }));
  }

  it("a model span is held only while another instrumentation is open in its session, at most the bound, and released by flush", async () => {
    const out: string[] = [];
    const hold = new SiblingHold((span) => out.push(span.name), 30);
    const open = started(scopeB, "chain-of-b");
    const model = started(scopeA, "model-of-a", llmAttributes("p", "a", 1));
    hold.started(open as unknown as ReadableSpan);
    hold.started(model as unknown as ReadableSpan);
    model.end();
    hold.ended(model as unknown as ReadableSpan, true);
    expect(out).toEqual([]); // b is open: a twin may come
    expect(hold.heldCount).toBe(1);
    open.end();
    hold.ended(open as unknown as ReadableSpan, false);
    expect(out).toEqual(["chain-of-b", "model-of-a"]); // nothing of another scope open: no twin can come
    expect(hold.heldCount).toBe(0);

    const open2 = started(scopeB, "chain-of-b");
    const model2 = started(scopeA, "model-of-a", llmAttributes("p", "a", 1));
    hold.started(open2 as unknown as ReadableSpan);
    hold.started(model2 as unknown as ReadableSpan);
    model2.end();
    hold.ended(model2 as unknown as ReadableSpan, true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(out).toEqual(["chain-of-b", "model-of-a", "model-of-a"]); // released at the bound
    const model3 = started(scopeA, "model-of-a", llmAttributes("q", "a", 1));
    hold.started(model3 as unknown as ReadableSpan);
    model3.end();
    hold.ended(model3 as unknown as ReadableSpan, true);
    expect(hold.heldCount).toBe(1);
    hold.releaseAll();
    expect(out.length).toBe(4);
    open2.end();
    hold.ended(open2 as unknown as ReadableSpan, false);
    expect(out.length).toBe(5); // every span forwarded exactly once
  });

  it("tracer.flush() exports a held span at once", async () => {
    const open = unit.tracer.trace(() => scopeB.startSpan("still-open"));
    unit.tracer.trace(() => scopeA.startSpan("llm", { attributes: llmAttributes("p", "a", 1) })).end();
    expect(unit.exporter.getFinishedSpans().map((s) => s.name)).not.toContain("llm");
    expect(await unit.tracer.flush()).toBe(true);
    expect(unit.exporter.getFinishedSpans().map((s) => s.name)).toContain("llm");
    open.end();
  });
});
