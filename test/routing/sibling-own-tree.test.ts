/**
 * The sibling rule's tie-break by structure (semconv/sibling-call.ts, decision record 0009): of two reports of one
 * call that tie on prompt and usage, the one whose parent is of its own instrumentation scope (a framework's tree:
 * the Agents SDK's agent → turn → response) stays the model event, over one whose parent is of another scope or
 * absent (a client instrumentation's span under whatever was active) — whatever their times. The times below are the
 * Agents SDK's: its span records whole milliseconds and ends within the millisecond its client call ends, which made
 * the old order keep the client's span in about one call in ten of the openai-agents stack. The pure rule, and the
 * SDK's hold through a real tracer (the parent's scope recorded by the span's route at start). The dev server's half:
 * test/dev-server/sibling-calls-ingest.test.ts; the real stack: test/frameworks/stacks/openai-agents.
 */
import { context, trace as otelTrace } from "@opentelemetry/api";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ATTR_SAME_CALL_AS } from "../../packages/core/src/semconv/model-call";
import { type SiblingCallSpan, decideSiblingCall } from "../../packages/core/src/semconv/sibling-call";
import { createTestTracer } from "../../packages/honeyhive/src/testing";

const USAGE = { "llm.token_count.prompt": 1, "llm.token_count.completion": 2, "llm.token_count.total": 3 };

/** A report of the call `unit-1/b` (both with usage), at the times measured in the stack. */
function report(spanId: string, scope: string, startMs: number, endMs: number, parentScope?: string | null): SiblingCallSpan {
  return {
    spanId, session: "s", scope, startMs, endMs, ...(parentScope === undefined ? {} : { parentScope }),
    request: { model: "gpt-test", prompt: "unit-1/b", answer: "echo: unit-1/b", tokens: "1/2" }, attributes: USAGE,
  };
}

const AGENTS = "@arizeai/openinference-instrumentation-openai-agents";
const CLIENT = "@arizeai/openinference-instrumentation-openai";

describe("which report is kept: its own instrumentation's tree before the clock (pure)", () => {
  it("the framework's span in its own tree is kept over the client's, though the client's ended later within the clock's tolerance", () => {
    for (const clientParent of ["honeyhive", null]) {
      const response = report("aaaa", AGENTS, 5309, 5375, AGENTS);
      const call = report("bbbb", CLIENT, 5309, 5375.164, clientParent);
      for (const [a, b] of [[response, call], [call, response]] as const) {
        const decision = decideSiblingCall(a, b);
        expect(decision.kept).toBe(response);
        expect(decision.absorbedAttributes).toEqual({ honeyhive_event_type: "chain", [ATTR_SAME_CALL_AS]: "aaaa" });
      }
    }
  });

  it("unknown parents, or both spans alike in their trees, leave it to the next steps; usage still comes first", () => {
    // scopes of no known layer (semconv/instrumentation-layer.ts): the times decide
    const [fw, cl] = ["framework-instrumentation", "client-instrumentation"];
    const call = report("bbbb", cl, 5309, 5375.164, "honeyhive");
    expect(decideSiblingCall(report("aaaa", fw, 5309, 5375), report("bbbb", cl, 5309, 5375.164)).kept.spanId).toBe("bbbb");
    expect(decideSiblingCall(report("aaaa", fw, 5309, 5375), call).kept.spanId).toBe("bbbb"); // one parent unknown
    expect(decideSiblingCall(report("aaaa", fw, 5309, 5375, "app"), call).kept.spanId).toBe("bbbb"); // both outside
    expect(decideSiblingCall(report("aaaa", fw, 5309, 5375, fw), report("bbbb", cl, 5309, 5375.164, cl)).kept.spanId).toBe("bbbb");
    // the Agents SDK's and the OpenAI client's scopes: the framework's report (the layer step, before the clock)
    expect(decideSiblingCall(report("aaaa", AGENTS, 5309, 5375), report("bbbb", CLIENT, 5309, 5375.164)).kept.spanId).toBe("aaaa");
    expect(decideSiblingCall(report("aaaa", AGENTS, 5309, 5375, "app"), report("bbbb", CLIENT, 5309, 5375.164, "honeyhive")).kept.spanId).toBe("aaaa");
    const noUsage = { ...report("aaaa", AGENTS, 5309, 5375, AGENTS), attributes: {} };
    expect(decideSiblingCall(noUsage, report("bbbb", CLIENT, 5309, 5375.164, "honeyhive")).kept.spanId).toBe("bbbb"); // usage before structure
  });

  it("the decision is symmetric, and a known own tree beats a known other parent whatever the times", () => {
    const parentArb = fc.constantFrom<string | null | undefined>("a", "b", "app", null, undefined);
    const times = fc.tuple(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 20, max: 36 })).map(([s, e]) => [s / 4, e / 4] as const); // quarter milliseconds
    fc.assert(fc.property(parentArb, parentArb, times, times, (pa, pb, [sa, ea], [sb, eb]) => {
      const a = report("aaaa", "a", sa, ea, pa);
      const b = report("bbbb", "b", sb, eb, pb);
      const kept = decideSiblingCall(a, b).kept;
      expect(decideSiblingCall(b, a).kept).toBe(kept);
      const inOwn = (s: SiblingCallSpan): boolean | undefined => (s.parentScope === undefined ? undefined : s.parentScope === s.scope);
      if (inOwn(a) === true && inOwn(b) === false) expect(kept).toBe(a);
      if (inOwn(b) === true && inOwn(a) === false) expect(kept).toBe(b);
    }));
  });
});

describe("the SDK's hold reads each span's parent scope (real tracer and OpenTelemetry SDK)", () => {
  it("agent → turn → response (framework) and the client's span under the application's span, or a root: the response is the model event", async () => {
    const unit = createTestTracer();
    const framework = otelTrace.getTracer("framework-instrumentation");
    const client = otelTrace.getTracer("client-instrumentation");
    const llm = (prompt: string): Record<string, string | number> => ({
      "openinference.span.kind": "LLM", "llm.model_name": "gpt-test", ...USAGE,
      "llm.input_messages.0.message.role": "user", "llm.input_messages.0.message.content": prompt,
      "llm.output_messages.0.message.role": "assistant", "llm.output_messages.0.message.content": `echo: ${prompt}`,
    });
    await unit.tracer.trace(async () => {
      const agent = framework.startSpan("agent", { attributes: { "openinference.span.kind": "AGENT" } });
      const turn = framework.startSpan("turn", { attributes: { "openinference.span.kind": "CHAIN" } }, otelTrace.setSpan(context.active(), agent));
      for (const [prompt, root] of [["unit-1/b", false], ["unit-2/b", true]] as const) {
        const t0 = Date.now();
        // the framework's span in whole milliseconds, ending within the millisecond the client's call ends
        const response = framework.startSpan("response", { startTime: t0, attributes: llm(prompt) }, otelTrace.setSpan(context.active(), turn));
        const call = client.startSpan("OpenAI Responses", { startTime: t0, root, attributes: llm(prompt) });
        await new Promise((resolve) => setTimeout(resolve, 2));
        call.end(t0 + 10.164);
        response.end(t0 + 10);
      }
      turn.end();
      agent.end();
    });
    const spans = await unit.spans();
    const models = spans.filter((s) => s.attributes["honeyhive_event_type"] === "model");
    expect(models.map((s) => s.name)).toEqual(["response", "response"]);
    const twins = spans.filter((s) => s.name === "OpenAI Responses");
    expect(twins.map((s) => s.attributes["honeyhive_event_type"])).toEqual(["chain", "chain"]);
    expect(twins.map((s) => s.attributes[ATTR_SAME_CALL_AS])).toEqual(models.map((s) => s.spanContext().spanId));
  });
});
