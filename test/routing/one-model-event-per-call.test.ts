/**
 * Issue 20, requirement 2: one LLM call is one model event. The rule (semconv/model-call.ts) as a pure
 * function, fuzzed; and applied at span end by the SDK to a real nest: a `trace(fn, { eventType: "model" })`
 * wrapper (no usage of its own) around a real `openai` call reported by OpenInference's instrumentation.
 */
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import fc from "fast-check";
import type { OpenAI as OpenAIClient } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trace } from "../../packages/honeyhive/src/index";
import { ATTR_SAME_CALL_AS, addUsage, completeModelUsage, decideModelCall } from "../../packages/core/src/semconv/model-call";
import { type TestTracer, createTestTracer } from "../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { ask, requireOpenAI } from "./openai-workload";

const attributeValue = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean());
const attributes = fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("gen_ai.usage.input_tokens", "llm.token_count.total", "ai.usage.promptTokens")), attributeValue);
const eventType = fc.constantFrom("model", "chain", "tool", "session");

describe("decideModelCall / completeModelUsage (pure rule)", () => {
  it("a model span inside a model call becomes a linked chain; anything else is unchanged", () => {
    fc.assert(fc.property(eventType, attributes, fc.option(fc.record({ spanId: fc.stringMatching(/^[0-9a-f]{16}$/), attributes })), (type, attrs, enclosing) => {
      const decision = decideModelCall({ eventType: type, attributes: attrs }, enclosing ?? undefined);
      if (type === "model" && enclosing) {
        expect(decision.eventType).toBe("chain");
        expect(decision.linkAttributes).toEqual({ honeyhive_event_type: "chain", [ATTR_SAME_CALL_AS]: enclosing.spanId });
        for (const [key, value] of Object.entries(decision.usageForEnclosing)) expect(attrs[key]).toBe(value);
      } else {
        expect(decision).toEqual({ eventType: type, linkAttributes: {}, usageForEnclosing: {} });
      }
    }));
  });

  it("a model event takes the absorbed usage only when it reports none of its own", () => {
    expect(completeModelUsage({ "llm.token_count.total": 3 }, { "gen_ai.usage.input_tokens": 1 })).toEqual({});
    expect(completeModelUsage({ "input.value": "x" }, { "gen_ai.usage.input_tokens": 1 })).toEqual({ "gen_ai.usage.input_tokens": 1 });
    expect(completeModelUsage({}, undefined)).toEqual({});
    expect(addUsage({ a: 1 }, { a: 2, b: 3 })).toEqual({ a: 3, b: 3 });
  });
});

describe("the rule at span end, real instrumentation", () => {
  let fake: FakeOpenAI;
  let client: OpenAIClient;
  let unit: TestTracer;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    unit = createTestTracer({ instrumentations: [new OpenAIInstrumentation()] });
    const { OpenAI } = requireOpenAI();
    client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
  });
  afterAll(() => fake.close());

  it("trace(model) around an instrumented call: one model event (the wrapper) holding the call's usage; the instrumentation's span a linked chain", async () => {
    const call = trace(async (prompt: string) => ask(client, prompt), { eventType: "model", eventName: "my_llm_step" });
    await unit.tracer.trace(async () => {
      await call("two words");
      await call("three more words");
    });
    const spans = await unit.spans();
    const models = spans.filter((s) => s.attributes["honeyhive_event_type"] === "model");
    expect(models.map((s) => s.name)).toEqual(["my_llm_step", "my_llm_step"]);
    const inner = spans.filter((s) => s.name === "OpenAI Chat Completions");
    expect(inner).toHaveLength(2);
    for (const span of inner) {
      const outer = models.find((m) => m.spanContext().spanId === span.parentSpanContext?.spanId)!;
      expect(span.attributes).toMatchObject({ honeyhive_event_type: "chain", [ATTR_SAME_CALL_AS]: outer.spanContext().spanId });
      // the wrapper reports no usage of its own: it takes the instrumentation's, counted once
      expect(outer.attributes["llm.token_count.total"]).toBe(span.attributes["llm.token_count.total"]);
      expect(typeof span.attributes["llm.token_count.total"]).toBe("number");
    }
  });
});
