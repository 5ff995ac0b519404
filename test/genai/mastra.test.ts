/**
 * Issue 23, requirements 3 and 4 (Mastra): each LLM round trip (`model_step`) is the model event, the
 * `model_generation` span around a multi-step run a chain, tools tools — by `mastra.span.type` at the ingest and
 * at the SDK's span end, and by Mastra's start names while the bridge's spans have no attributes yet (when their
 * first child starts). The captured fixture (test/fixtures/genai/captured/mastra.json, real packages) gives tool and
 * chain events their inputs and outputs through the dev server's ingest.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { mastraStepUsage } from "../../packages/honeyhive/src/index";
import { spanEventType } from "../../packages/core/src/semconv/event-type";
import { readModelCall } from "../../packages/core/src/semconv/genai";
import { ATTR_SAME_CALL_AS } from "../../packages/core/src/semconv/model-call";
import { createTestTracer } from "../../packages/honeyhive/src/testing";
import { client, startServer } from "../dev-server/helpers";
import { GENAI_FIXTURES } from "./expected-events";

const BRIDGE = "@mastra/otel-bridge";

describe("Mastra event types", () => {
  it.each([
    [{ "mastra.span.type": "model_step", "gen_ai.operation.name": "model_step" }, "model"],
    [{ "mastra.span.type": "model_step", "gen_ai.operation.name": "agent_step" }, "model"], // @mastra/otel-exporter 1.4
    [{ "mastra.span.type": "model_generation", "gen_ai.operation.name": "chat", "gen_ai.request.model": "m" }, "chain"],
    [{ "mastra.span.type": "model_inference", "gen_ai.operation.name": "model_inference" }, "chain"],
    [{ "mastra.span.type": "model_inference", "gen_ai.operation.name": "chat" }, "model"], // the call span of 1.4 + paired packages
    [{ "mastra.span.type": "model_chunk", "gen_ai.operation.name": "model_chunk" }, "chain"],
    [{ "mastra.span.type": "tool_call", "gen_ai.operation.name": "execute_tool" }, "tool"],
    [{ "mastra.span.type": "mcp_tool_call" }, "tool"],
    [{ "mastra.span.type": "agent_run", "gen_ai.operation.name": "invoke_agent" }, "chain"],
    [{ "mastra.span.type": "workflow_step" }, "chain"],
    [{ "mastra.span.type": "rag_embedding", "gen_ai.operation.name": "embeddings" }, "model"],
    [{ "mastra.span.type": "model_step", honeyhive_event_type: "tool" }, "tool"],
  ])("%j -> %s", (attributes, expected) => {
    expect(spanEventType(attributes, "any", BRIDGE)).toBe(expected);
  });

  it("types the bridge's spans by Mastra's start names before their attributes are set, and only for Mastra's scopes", () => {
    expect(spanEventType({}, "llm: 'gpt-4o-mini'", BRIDGE)).toBe("chain");
    expect(spanEventType({}, "step: 0", BRIDGE)).toBe("model");
    expect(spanEventType({}, "inference: 0", "@mastra/otel-exporter")).toBe("chain");
    expect(spanEventType({}, "tool: 'lookup'", BRIDGE)).toBe("tool");
    expect(spanEventType({}, "agent run: 'helper'", BRIDGE)).toBe("chain");
    expect(spanEventType({}, "llm: 'gpt-4o-mini'", "some-other-scope")).toBe("model"); // the name heuristics as before
    expect(spanEventType({}, "step: 0")).toBe("tool");
  });
});

describe("the Mastra model_step table", () => {
  const step = (extra: Record<string, unknown>) => readModelCall({ name: "model_step a", attributes: { "mastra.span.type": "model_step", ...extra } });

  it("reads the usage of each provider response shape the step keeps, and Mastra's own usage when there is no response", () => {
    const anthropic = { model: "claude-x", stop_reason: "end_turn", usage: { input_tokens: 10, output_tokens: 4, cache_read_input_tokens: 5, cache_creation_input_tokens: 2 } };
    expect(step({ "mastra.metadata.body": JSON.stringify(anthropic) })).toMatchObject({
      model: "claude-x", finish_reason: "end_turn", tokens: { input: 17, output: 4, total: 21, cache_read: 5, cache_write: 2 },
    });
    const responses = { model: "gpt-x", usage: { input_tokens: 9, output_tokens: 3, total_tokens: 12, input_tokens_details: { cached_tokens: 4 }, output_tokens_details: { reasoning_tokens: 1 } } };
    expect(step({ "mastra.metadata.body": JSON.stringify(responses) })?.tokens).toEqual({
      input: 9, output: 3, total: 12, cache_read: 4, cache_write: null, reasoning: 1, input_audio: null, input_image: null, output_audio: null, output_image: null,
    });
    const usage = { inputTokens: 8, outputTokens: 2, inputDetails: { cacheRead: 3 }, outputDetails: { reasoning: 1 } };
    expect(step({ "mastra.metadata.usage": JSON.stringify(usage), "mastra.metadata.finishReason": "stop", "mastra.metadata.modelMetadata": '{"modelId":"m","modelProvider":"anthropic.messages"}' }))
      .toMatchObject({ model: "m", provider: "anthropic", finish_reason: "stop", tokens: { input: 8, output: 2, total: 10, cache_read: 3, reasoning: 1 } });
  });

  it("a streamed step's time to first token: from its start to the first chunk mastraStepUsage() exported, only when both are known and in order", () => {
    const start = Date.parse("2026-11-26T10:00:00.000Z");
    const at = (extra: Record<string, unknown>, startNanos?: bigint) =>
      readModelCall({ name: "model_step a", attributes: { "mastra.span.type": "model_step", "mastra.metadata.modelMetadata": '{"modelId":"m"}', "mastra.metadata.headers": '{"content-type":"text/event-stream"}', ...extra }, startTimeUnixNano: startNanos })?.time_to_first_token_ms;
    const nanos = BigInt(start) * 1_000_000n;
    expect(at({ "mastra.metadata.completionStartTime": "2026-11-26T10:00:00.250Z" }, nanos)).toBe(250);
    expect(at({ "mastra.metadata.completionStartTime": "2026-11-26T10:00:00.250Z" })).toBeNull(); // no start: unknown
    expect(at({ "mastra.metadata.completionStartTime": "2026-11-26T09:59:59.000Z" }, nanos)).toBeNull(); // before the start
    expect(at({ "mastra.metadata.completionStartTime": "not a time" }, nanos)).toBeNull();
    expect(at({}, nanos)).toBeNull();
    expect(at({ "mastra.metadata.completionStartTime": "2026-11-26T10:00:00.250Z", "mastra.metadata.headers": '{"content-type":"application/json"}' }, nanos)).toBeNull(); // not streamed
  });

  it("reads nothing from hostile or missing values, and only model_step spans", () => {
    expect(step({ "mastra.model_step.input": "{not json", "mastra.metadata.body": "[1,2]", "mastra.model_step.output": 7 })).toBeUndefined();
    expect(readModelCall({ name: "x", attributes: { "mastra.span.type": "agent_run", "mastra.agent_run.input": "hi" } })).toBeUndefined();
  });
});

describe("mastraStepUsage() (a Mastra span output processor)", () => {
  it("copies a step's usage, finish reason and first chunk's time into its metadata, leaves other spans alone and never throws", async () => {
    const processor = mastraStepUsage();
    const usage = { inputTokens: 3, outputTokens: 2, inputDetails: { cacheRead: 1 } };
    const first = new Date("2026-11-26T10:00:00.250Z");
    const step = { type: "model_step", attributes: { usage, finishReason: "stop", stepIndex: 0, completionStartTime: first }, metadata: { runId: "r" } };
    expect(processor.process(step)).toBe(step);
    expect(step.metadata).toEqual({ runId: "r", usage, finishReason: "stop", completionStartTime: "2026-11-26T10:00:00.250Z" });
    // Mastra keeps the first chunk's time on the step's model_inference child, which ends first
    const inference = { type: "model_inference", parent: { id: "step-2" }, attributes: { completionStartTime: first } };
    const streamed = { id: "step-2", type: "model_step", attributes: { usage }, metadata: {} as Record<string, unknown> };
    processor.process(inference);
    processor.process(streamed);
    expect(streamed.metadata).toEqual({ usage, completionStartTime: "2026-11-26T10:00:00.250Z" });
    const generation = { type: "model_generation", attributes: { usage }, metadata: {} };
    expect(processor.process(generation).metadata).toEqual({});
    const hostile = { type: "model_step", get attributes(): never { throw new Error("boom"); } };
    expect(processor.process(hostile)).toBe(hostile);
    expect(processor.process(undefined)).toBeUndefined();
    await expect(processor.shutdown()).resolves.toBeUndefined();
  });
});

describe("Mastra spans at the SDK's span end (the bridge's shape: attributes set only when a span ends)", () => {
  it("a run's steps are model events under a chain generation; an inference span reported as the call hands its usage to its step", async () => {
    const unit = createTestTracer();
    const otel = unit.tracer.getTracer(BRIDGE);
    await unit.tracer.trace(() =>
      otel.startActiveSpan("llm: 'gpt-4o-mini'", (generation) => {
        otel.startActiveSpan("step: 0", (step) => {
          const inference = otel.startSpan("inference: 0");
          inference.setAttributes({ "mastra.span.type": "model_inference", "gen_ai.operation.name": "chat", "gen_ai.usage.input_tokens": 11, "gen_ai.usage.output_tokens": 4 });
          inference.end();
          step.setAttributes({ "mastra.span.type": "model_step", "gen_ai.operation.name": "agent_step", "mastra.model_step.input": "[]" });
          step.end();
        });
        generation.setAttributes({ "mastra.span.type": "model_generation", "gen_ai.operation.name": "chat", "gen_ai.usage.input_tokens": 11 });
        generation.end();
      }),
    );
    const spans = await unit.spans();
    const byName = (name: string) => spans.find((s) => s.name === name)!;
    const step = byName("step: 0");
    expect(byName("llm: 'gpt-4o-mini'").attributes.honeyhive_event_type).toBe("chain");
    expect(step.attributes).toMatchObject({ honeyhive_event_type: "model", "gen_ai.usage.input_tokens": 11, "gen_ai.usage.output_tokens": 4 });
    expect(byName("inference: 0").attributes).toMatchObject({ honeyhive_event_type: "chain", [ATTR_SAME_CALL_AS]: step.spanContext().spanId });
    await unit.tracer.shutdown();
  });
});

describe("the captured Mastra fixture through the ingest", () => {
  let server: DevServer;
  let events: any[];
  beforeAll(async () => {
    server = await startServer();
    const fixture = JSON.parse(readFileSync(join(GENAI_FIXTURES, "captured", "mastra.json"), "utf8"));
    const api = client(server, "key-mastra");
    expect((await api.call("POST", "/opentelemetry/v1/traces", JSON.stringify(fixture.otlp), { "content-type": "application/json" })).status).toBe(200);
    events = (await api.call("POST", "/v1/events/export", { filters: [], limit: 100 })).body.events;
  });
  afterAll(() => server.close());

  const ofType = (mastraType: string) => events.filter((e) => e.metadata["mastra.span.type"] === mastraType);

  it("one model event per round trip, every other Mastra span a chain or a tool", () => {
    expect(events.filter((e) => e.event_type === "model").map((e) => e.metadata["mastra.span.type"])).toEqual(["model_step", "model_step", "model_step"]);
    for (const type of ["model_generation", "model_inference", "model_chunk", "agent_run"]) expect(ofType(type).every((e) => e.event_type === "chain")).toBe(true);
    expect(ofType("tool_call").map((e) => e.event_type)).toEqual(["tool"]);
  });

  it("tools, agent runs and generations carry inputs and outputs", () => {
    expect(ofType("tool_call")[0]).toMatchObject({ inputs: { city: "Paris" }, outputs: { weather: "sunny" } });
    const runs = ofType("agent_run");
    expect(runs.map((e) => e.outputs.text)).toEqual(expect.arrayContaining(["echo: Name a colour", "echo: Stream a colour"]));
    expect(runs.find((e) => e.outputs.text === "echo: Stream a colour")!.inputs).toEqual({ value: "Stream a colour" });
    expect(runs.find((e) => e.outputs.text === "echo: Name a colour")!.inputs.chat_history).toHaveLength(3);
    const generation = ofType("model_generation").find((e) => e.outputs.content === "echo: Stream a colour")!;
    expect(generation.inputs.chat_history).toEqual([{ role: "system", content: "You are a terse assistant." }, { role: "user", content: "Stream a colour" }]);
    expect(generation.outputs).toEqual({ role: "assistant", content: "echo: Stream a colour" });
  });
});
