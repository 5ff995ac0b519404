/**
 * The sibling rule's tie-break by layer (semconv/sibling-call.ts, decision record 0009): of two reports of one call
 * that tie on prompt, usage and tree — a LangChain chat model called directly, whose run and the `openai` client
 * instrumentation's span both hang under the application's span — the framework instrumentation's report stays the
 * model event, over the client library instrumentation's, whatever their times (before, the end times decided, and
 * about 10 of the langgraph stack's 40 direct calls kept the client's span). The classification of scopes
 * (semconv/instrumentation-layer.ts), the pure rule with a property over end times, and the SDK's hold through a real
 * tracer. The dev server's half: test/dev-server/sibling-calls-ingest.test.ts; the real stack:
 * test/frameworks/stacks/langgraph/langgraph-openai.test.ts (the direct calls).
 */
import { trace as otelTrace } from "@opentelemetry/api";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { instrumentationLayer } from "../../packages/core/src/semconv/instrumentation-layer";
import { ATTR_SAME_CALL_AS } from "../../packages/core/src/semconv/model-call";
import { type SiblingCallSpan, decideSiblingCall } from "../../packages/core/src/semconv/sibling-call";
import { createTestTracer } from "../../packages/honeyhive/src/testing";

const USAGE = { "llm.token_count.prompt": 1, "llm.token_count.completion": 2, "llm.token_count.total": 3 };
const LANGCHAIN = "@arizeai/openinference-instrumentation-langchain";
const OPENAI = "@arizeai/openinference-instrumentation-openai";

/** A report of the call `unit-1/a` (both with usage) under the application's span (`honeyhive`), or with a parent of `parentScope`. */
function report(spanId: string, scope: string, startMs: number, endMs: number, parentScope: string | null | undefined = "honeyhive"): SiblingCallSpan {
  return {
    spanId, session: "s", scope, startMs, endMs, ...(parentScope === undefined ? {} : { parentScope }),
    request: { model: "gpt-test", prompt: "unit-1/a", answer: "echo: unit-1/a", tokens: "1/2" }, attributes: USAGE,
  };
}

describe("instrumentation layers, by scope name (one table in core)", () => {
  it("frameworks, clients and unknown scopes as the stacks and fixtures name them", () => {
    const frameworks = [
      LANGCHAIN, "@traceloop/instrumentation-langchain", "@arizeai/openinference-instrumentation-openai-agents",
      "@traceloop/instrumentation-llamaindex", "ai", "gen_ai", "@mastra/otel-bridge", "@mastra/otel-exporter",
    ];
    const clients = [
      OPENAI, "@traceloop/instrumentation-openai", "@arizeai/openinference-instrumentation-anthropic",
      "@traceloop/instrumentation-anthropic", "@traceloop/instrumentation-bedrock", "@traceloop/instrumentation-cohere",
      "com.anthropic.sdk.typescript", "honeyhive.google-genai", "honeyhive.bedrock-runtime",
    ];
    for (const scope of frameworks) expect([scope, instrumentationLayer(scope)]).toEqual([scope, "framework"]);
    for (const scope of clients) expect([scope, instrumentationLayer(scope)]).toEqual([scope, "client"]);
    for (const scope of ["honeyhive", "my-app", "@opentelemetry/instrumentation-http", "@traceloop/instrumentation-constructor", "constructor", "__proto__", ""]) {
      expect([scope, instrumentationLayer(scope)]).toEqual([scope, undefined]);
    }
  });
});

describe("which report is kept: the framework's over the client's, before the clock (pure)", () => {
  it("a direct LangChain call: the run is kept though the client's span ended later, beyond the clock's tolerance too", () => {
    for (const clientEnd of [1375.164, 1380, 1500]) {
      const run = report("aaaa", LANGCHAIN, 1309.4, 1375);
      const call = report("bbbb", OPENAI, 1309, clientEnd);
      for (const [a, b] of [[run, call], [call, run]] as const) {
        const decision = decideSiblingCall(a, b);
        expect(decision.kept).toBe(run);
        expect(decision.absorbedAttributes).toEqual({ honeyhive_event_type: "chain", [ATTR_SAME_CALL_AS]: "aaaa" });
      }
    }
  });

  it("prompt, usage and tree come first; unknown or alike layers fall back to the times", () => {
    const call = report("bbbb", OPENAI, 1309, 1380);
    expect(decideSiblingCall({ ...report("aaaa", LANGCHAIN, 1309, 1375), attributes: {} }, call).kept.spanId).toBe("bbbb"); // usage first
    expect(decideSiblingCall(report("aaaa", LANGCHAIN, 1309, 1375, "app"), report("bbbb", OPENAI, 1309, 1380, OPENAI)).kept.spanId).toBe("bbbb"); // tree first
    expect(decideSiblingCall(report("aaaa", "framework-instrumentation", 1309, 1375), call).kept.spanId).toBe("bbbb"); // unknown scope
    expect(decideSiblingCall(report("aaaa", "@traceloop/instrumentation-openai", 1309, 1375), call).kept.spanId).toBe("bbbb"); // two clients
  });

  it("property: with a framework's and a client's report, the decision is the framework's whatever the end times and argument order", () => {
    const scopes = fc.constantFrom(
      [LANGCHAIN, OPENAI], ["@traceloop/instrumentation-langchain", "@traceloop/instrumentation-openai"],
      ["@arizeai/openinference-instrumentation-openai-agents", OPENAI], ["@traceloop/instrumentation-llamaindex", "@traceloop/instrumentation-openai"],
      ["ai", "honeyhive.google-genai"], ["@mastra/otel-bridge", "@arizeai/openinference-instrumentation-anthropic"],
    );
    const parent = fc.constantFrom<string | null | undefined>("honeyhive", "app", null, undefined);
    const times = fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 400, max: 2000 })).map(([s, e]) => [s / 4, e / 4] as const); // quarter milliseconds
    fc.assert(fc.property(scopes, parent, times, times, ([framework, client], p, [fs, fe], [cs, ce]) => {
      // the same parent for both: no tree tells them apart (a direct call, or both parents unknown)
      const run = report("aaaa", framework, fs, fe, p);
      const call = report("bbbb", client, cs, ce, p);
      expect(decideSiblingCall(run, call).kept).toBe(run);
      expect(decideSiblingCall(call, run).kept).toBe(run);
    }));
  });
});

describe("the SDK's hold: a direct call's two reports under the application's span (real tracer and OpenTelemetry SDK)", () => {
  it("the client's span ending after LangChain's run, beyond the clock's tolerance: LangChain's run is the model event", async () => {
    const unit = createTestTracer();
    const langchain = otelTrace.getTracer(LANGCHAIN);
    const openai = otelTrace.getTracer(OPENAI);
    const llm = (prompt: string): Record<string, string | number> => ({
      "openinference.span.kind": "LLM", "llm.model_name": "gpt-test", ...USAGE,
      "llm.input_messages.0.message.role": "user", "llm.input_messages.0.message.content": prompt,
      "llm.output_messages.0.message.role": "assistant", "llm.output_messages.0.message.content": `echo: ${prompt}`,
    });
    await unit.tracer.trace(async () => {
      for (const prompt of ["unit-1/a", "unit-1/b"]) {
        const t0 = Date.now();
        const call = openai.startSpan("OpenAI Chat Completions", { startTime: t0, attributes: llm(prompt) });
        const run = langchain.startSpan("ChatOpenAI", { startTime: t0 + 3, attributes: llm(prompt) }); // started late, from the callback queue
        await new Promise((resolve) => setTimeout(resolve, 2));
        run.end(t0 + 10);
        call.end(t0 + 15);
      }
    });
    const spans = await unit.spans();
    const models = spans.filter((s) => s.attributes["honeyhive_event_type"] === "model");
    expect(models.map((s) => s.name)).toEqual(["ChatOpenAI", "ChatOpenAI"]);
    const twins = spans.filter((s) => s.name === "OpenAI Chat Completions");
    expect(twins.map((s) => s.attributes["honeyhive_event_type"])).toEqual(["chain", "chain"]);
    expect(twins.map((s) => s.attributes[ATTR_SAME_CALL_AS])).toEqual(models.map((s) => s.spanContext().spanId));
  });
});
