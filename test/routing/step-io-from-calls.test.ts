/**
 * Issue 23 req 3/4, decision record 0020: agent and step spans that record no inputs or outputs of their own get
 * them from the model calls they contain, in the SDK, before export (real tracer, real OpenTelemetry SDK). The span
 * trees are replayed from captures of the real packages: `@openai/agents` 0.20 through OpenInference's agents
 * instrumentation (test/fixtures/genai/agent-trees/openai-agents.json) and ai 7 + `@ai-sdk/otel`'s `step N` spans
 * (test/fixtures/genai/captured/steps/ai7-otel-steps.json): started parents first, ended in the captured order.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Attributes, type Span, context, trace as otelTrace } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { unflattenAttributes } from "../../packages/core/src/values/unflatten";
import { ATTR_IO_FROM_MODEL_CALLS } from "../../packages/core/src/semconv/genai/index";
import { createTestTracer, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { GENAI_FIXTURES } from "../genai/expected-events";

interface TreeSpan {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  attributes: Attributes;
}

afterEach(() => resetHoneyHiveGlobals());

/**
 * Starts `spans` (listed in end order) parents first under one third-party scope, each with its captured attributes
 * (the packages set their span kind at the start; the rest only matters at the end), then ends them in that order.
 */
function replay(scope: string, spans: readonly TreeSpan[]): void {
  const tracer = otelTrace.getTracer(scope);
  const live = new Map<string, Span>();
  const start = (s: TreeSpan): void => {
    if (live.has(s.spanId)) return;
    const parent = s.parentSpanId === null ? undefined : spans.find((p) => p.spanId === s.parentSpanId);
    if (parent !== undefined) start(parent);
    const ctx = parent === undefined ? context.active() : otelTrace.setSpan(context.active(), live.get(parent.spanId)!);
    live.set(s.spanId, tracer.startSpan(s.name, { attributes: s.attributes }, ctx));
  };
  for (const s of spans) start(s);
  for (const s of spans) live.get(s.spanId)!.end();
}

function field(span: ReadableSpan, namespace: "inputs" | "outputs"): Record<string, unknown> | undefined {
  return unflattenAttributes(span.attributes as Record<string, unknown>, `honeyhive_${namespace}`);
}

function named(spans: readonly ReadableSpan[], name: string): ReadableSpan[] {
  return spans.filter((s) => s.name === name);
}

const agentsTree = (): TreeSpan[] => JSON.parse(readFileSync(join(GENAI_FIXTURES, "agent-trees", "openai-agents.json"), "utf8")).spans;

/** The OTLP/JSON attribute list as OpenTelemetry attributes (the kinds the captures use). */
function otlpAttributes(list: readonly { key: string; value: Record<string, unknown> }[]): Attributes {
  const out: Attributes = {};
  for (const { key, value } of list) {
    const v = value.stringValue ?? value.boolValue ?? value.doubleValue ?? (value.intValue === undefined ? undefined : Number(value.intValue));
    if (v !== undefined) out[key] = v as string | number | boolean;
    else if (value.arrayValue) out[key] = ((value.arrayValue as { values?: { stringValue?: string }[] }).values ?? []).map((x) => x.stringValue ?? "");
  }
  return out;
}

function ai7Steps(): TreeSpan[] {
  const fixture = JSON.parse(readFileSync(join(GENAI_FIXTURES, "captured", "steps", "ai7-otel-steps.json"), "utf8"));
  const spans = fixture.otlp.resourceSpans.flatMap((r: any) => r.scopeSpans.flatMap((s: any) => s.spans));
  return spans
    .sort((a: any, b: any) => (BigInt(a.endTimeUnixNano) < BigInt(b.endTimeUnixNano) ? -1 : 1))
    .map((s: any) => ({ spanId: s.spanId, parentSpanId: s.parentSpanId || null, name: s.name, attributes: otlpAttributes(s.attributes) }));
}

describe("agent and step spans without inputs or outputs of their own (captured trees, real tracer)", () => {
  it("@openai/agents through OpenInference: the agent and each turn get the first call's messages and the last call's answer", async () => {
    const unit = createTestTracer();
    unit.tracer.startSpan("app", () => replay("@arizeai/openinference-instrumentation-openai-agents", agentsTree()), { eventType: "chain" });
    const spans = await unit.spans();
    const [researcher] = named(spans, "Researcher");
    const turns = named(spans, "turn");
    // the agent: asked what its first call was asked (system prompt and user message), answered what its last call answered
    expect(field(researcher!, "inputs")).toEqual({
      chat_history: [{ role: "system", content: "Look the word up, then answer." }, { role: "user", content: "unit-0/a" }],
    });
    expect(field(researcher!, "outputs")).toEqual({ role: "assistant", content: "echo: unit-0/a" });
    expect(researcher!.attributes[ATTR_IO_FROM_MODEL_CALLS]).toEqual(["inputs", "outputs"]);
    // each turn: its own call (the first ends with the tool call, the second has the tool result in its messages)
    expect(field(turns[0]!, "outputs")).toMatchObject({ role: "assistant", tool_calls: [{ function: { name: "lookup", arguments: '{"word":"unit-0/a"}' } }] });
    expect((field(turns[1]!, "inputs")!.chat_history as unknown[]).length).toBe(4);
    expect(field(turns[1]!, "outputs")).toEqual({ role: "assistant", content: "echo: unit-0/a" });
    // the inner workflow span has nothing of its own either; the root has the instrumentation's own input.value / output.value
    const workflows = named(spans, "Agent workflow");
    const root = workflows.find((s) => s.attributes["input.value"] !== undefined);
    const inner = workflows.find((s) => s !== root);
    expect(inner!.attributes[ATTR_IO_FROM_MODEL_CALLS]).toEqual(["inputs", "outputs"]);
    expect(root!.attributes[ATTR_IO_FROM_MODEL_CALLS]).toBeUndefined();
    for (const untouched of [...named(spans, "response"), ...named(spans, "lookup"), ...named(spans, "app")]) {
      expect(untouched.attributes[ATTR_IO_FROM_MODEL_CALLS]).toBeUndefined();
    }
  });

  it("ai 7 + @ai-sdk/otel: each `step N` gets its chat call's messages and reply; invoke_agent keeps its own", async () => {
    const unit = createTestTracer();
    unit.tracer.startSpan("app", () => replay("gen_ai", ai7Steps()), { eventType: "chain" });
    const spans = await unit.spans();
    const steps = spans.filter((s) => /^step \d$/.test(s.name));
    expect(steps).toHaveLength(5); // two tool loops of two steps, one streamed answer
    for (const step of steps) {
      expect(step.attributes[ATTR_IO_FROM_MODEL_CALLS]).toEqual(["inputs", "outputs"]);
      expect(field(step, "inputs")!.chat_history).toEqual(expect.arrayContaining([expect.objectContaining({ role: "user" })]));
      expect(field(step, "outputs")).toMatchObject({ role: "assistant" });
    }
    // the tool-loop's first step ends with the tool call, its second with the answer
    expect(field(steps[0]!, "outputs")).toMatchObject({ tool_calls: [{ function: { name: "get_weather" } }] });
    for (const agent of named(spans, "invoke_agent gpt-4o-mini")) expect(agent.attributes[ATTR_IO_FROM_MODEL_CALLS]).toBeUndefined();
  });
});

describe("what is never derived", () => {
  const llm = (prompt: string, answer: string): Attributes => ({
    "openinference.span.kind": "LLM", "llm.model_name": "gpt-test",
    "llm.input_messages.0.message.role": "user", "llm.input_messages.0.message.content": prompt,
    "llm.output_messages.0.message.role": "assistant", "llm.output_messages.0.message.content": answer,
  });

  it("a side the span records itself stays; only the missing side is derived, and named", async () => {
    const unit = createTestTracer();
    const framework = otelTrace.getTracer("framework");
    unit.tracer.trace(() => {
      const chain = framework.startSpan("chain", { attributes: { "openinference.span.kind": "CHAIN", "input.value": "the question" } });
      const ctx = otelTrace.setSpan(context.active(), chain);
      for (const n of [1, 2]) framework.startSpan(`call ${n}`, { attributes: llm(`q${n}`, `a${n}`) }, ctx).end();
      chain.end();
    });
    const [chain] = await unit.spansNamed("chain");
    expect(field(chain!, "inputs")).toBeUndefined();
    expect(chain!.attributes["input.value"]).toBe("the question");
    expect(field(chain!, "outputs")).toEqual({ role: "assistant", content: "a2" });
    expect(chain!.attributes[ATTR_IO_FROM_MODEL_CALLS]).toEqual(["outputs"]);
  });

  it("the SDK's own spans, spans without calls, calls nested in a call, and a child ending after its parent", async () => {
    const unit = createTestTracer();
    const framework = otelTrace.getTracer("framework");
    unit.tracer.startSpan("own chain", () => {
      const empty = framework.startSpan("no calls", { attributes: { "openinference.span.kind": "CHAIN" } });
      empty.end();
      const outer = framework.startSpan("outer call", { attributes: llm("q", "a") });
      const nested = framework.startSpan("nested call", { attributes: llm("q", "a") }, otelTrace.setSpan(context.active(), outer));
      nested.end();
      outer.end();
      const parent = framework.startSpan("parent", { attributes: { "openinference.span.kind": "AGENT" } });
      const late = framework.startSpan("late call", { attributes: llm("q", "late") }, otelTrace.setSpan(context.active(), parent));
      parent.end();
      late.end();
    }, { eventType: "chain" });
    const spans = await unit.spans();
    for (const s of spans) expect([s.name, s.attributes[ATTR_IO_FROM_MODEL_CALLS]]).toEqual([s.name, undefined]);
    expect(field(named(spans, "own chain")[0]!, "inputs")).toBeUndefined();
  });
});
