/**
 * Issue 23, requirement 6: `trace(fn, { eventType: "model" })` (and the old `traceModel`) around a raw provider call,
 * no instrumentation at all, under `evaluate()` (20 datapoints, 10 at a time): the returned OpenAI chat completion,
 * Anthropic message and AI SDK `generateText` result fill the model event's model, provider, token counts and cost
 * (semconv/genai/provider-result.ts sets OTel GenAI attributes on the span at its end; the dev server's translation
 * reads them and prices the call). The real `openai`, `@anthropic-ai/sdk` and `ai` packages against loopback fakes.
 */
import Anthropic from "@anthropic-ai/sdk";
import { trace as otelTrace } from "@opentelemetry/api";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText } from "ai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trace, traceModel } from "../../packages/honeyhive/src/index";
import { providerResultAttributes } from "../../packages/core/src/semconv/genai";
import { createTestTracer } from "../../packages/honeyhive/src/testing";
import { type FakeAnthropic, startFakeAnthropic } from "../helpers/fake-anthropic-server";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { type StackBackend, modelEvents, startStackBackend } from "./evaluate-stack";
import { unitMark } from "./routing-check";

let openaiFake: FakeOpenAI;
let anthropicFake: FakeAnthropic;
let backend: StackBackend;
let openai: OpenAI;
let anthropic: Anthropic;
let aiProvider: ReturnType<typeof createOpenAI>;

beforeAll(async () => {
  [openaiFake, anthropicFake, backend] = await Promise.all([startFakeOpenAI(), startFakeAnthropic(), startStackBackend()]);
  openai = new OpenAI({ baseURL: `${openaiFake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: anthropicFake.url, apiKey: "sk-ant-test", maxRetries: 0, openTelemetry: false } as ConstructorParameters<typeof Anthropic>[0]);
  aiProvider = createOpenAI({ baseURL: `${openaiFake.url}/v1`, apiKey: "sk-test" });
});
afterAll(async () => {
  await Promise.all([openaiFake.close(), anthropicFake.close(), backend.close()]);
});

const chat = trace(async function chat(prompt: string) {
  return openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });
}, { eventType: "model", eventName: "chat" });
const message = trace(async function message(prompt: string) {
  return anthropic.messages.create({ model: "claude-opus-4-5", max_tokens: 64, messages: [{ role: "user", content: prompt }] });
}, { eventType: "model", eventName: "message" });
const generate = trace(async function generate(prompt: string) {
  return generateText({ model: aiProvider.chat("gpt-4o-mini"), prompt });
}, { eventType: "model", eventName: "generate" });
const legacy = traceModel(async function legacyChat(prompt: string) {
  return openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });
}, { eventName: "legacyChat" });

async function calls(i: number): Promise<string[]> {
  const a = await chat(`${unitMark(i)}a`);
  const b = await message(`${unitMark(i)}b`);
  const c = await generate(`${unitMark(i)}c`);
  const d = await legacy(`${unitMark(i)}d`);
  const block = b.content[0];
  return [a.choices[0]!.message.content ?? "", block?.type === "text" ? block.text : "", c.text, d.choices[0]!.message.content ?? ""];
}

describe("trace(fn, { eventType: 'model' }) around a raw provider call, evaluate() 20 datapoints x maxWorkers 10", () => {
  it("80 calls -> 80 model events, each with model, provider, token counts and cost from the returned result", async () => {
    const report = await backend.evaluate("trace-provider-result", calls, undefined, { tags: ["a", "b", "c", "d"] });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 80, arrived: 80, misrouted: 0, doubleCounted: 0, lost: 0 });
    const want: Record<string, { model: string; provider: string }> = {
      chat: { model: "gpt-4o-mini", provider: "openai" }, legacyChat: { model: "gpt-4o-mini", provider: "openai" },
      message: { model: "claude-opus-4-5", provider: "anthropic" }, generate: { model: "gpt-4o-mini", provider: "openai" },
    };
    for (const events of report.eventsByDatapoint) {
      const models = modelEvents(events);
      expect(models.map((e) => e.event_name).sort()).toEqual(["chat", "generate", "legacyChat", "message"]);
      for (const event of models) {
        expect(event.config).toMatchObject(want[event.event_name ?? ""]!);
        const { prompt_tokens: input = 0, completion_tokens: output = 0, total_tokens: total, cost } = event.metadata as Record<string, number>;
        expect(input).toBeGreaterThan(0);
        expect(output).toBeGreaterThan(0);
        expect(total).toBe(input + output);
        expect(cost).toBeGreaterThan(0);
        expect(event.outputs).toHaveProperty("result"); // the returned value stays the output
      }
    }
  });
});

describe("the span HoneyHive's backend receives", () => {
  it("carries the OTel GenAI attributes; what an enrichment set first is kept; other event types get none", async () => {
    const { tracer, spans } = createTestTracer();
    const enriched = trace(async function enriched(prompt: string) {
      otelTrace.getActiveSpan()?.setAttribute("gen_ai.response.model", "set-by-the-app");
      return openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });
    }, { eventType: "model", tracer, eventName: "enriched" });
    const tool = trace(async function tool(prompt: string) {
      return openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });
    }, { eventType: "tool", tracer, eventName: "tool" });
    await trace(() => chat("plain"), { tracer, eventName: "outer", eventType: "chain" })();
    await enriched("enriched");
    await tool("tool");
    await tracer.flush();
    const byName = new Map((await spans()).map((s) => [s.name, s.attributes]));
    expect([...byName.keys()].sort()).toEqual(["chat", "enriched", "outer", "tool"]);
    expect(byName.get("chat")).toMatchObject({ "gen_ai.provider.name": "openai", "gen_ai.response.model": "gpt-4o-mini", "gen_ai.usage.input_tokens": expect.any(Number), "gen_ai.usage.output_tokens": expect.any(Number) });
    expect(byName.get("enriched")).toMatchObject({ "gen_ai.response.model": "set-by-the-app", "gen_ai.usage.input_tokens": expect.any(Number) });
    expect(Object.keys(byName.get("tool") ?? {}).filter((k) => k.startsWith("gen_ai."))).toEqual([]);
    await tracer.shutdown();
  });
});

describe("a traced model function that returns the provider's stream", () => {
  it("fills model and tokens from the stream's usage chunk or events, and records the time to the first chunk", async () => {
    const { tracer, spans } = createTestTracer();
    const streamChat = trace(async function streamChat(prompt: string) {
      return openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }], stream: true, stream_options: { include_usage: true } });
    }, { eventType: "model", tracer, eventName: "streamChat" });
    const streamMessage = trace(async function streamMessage(prompt: string) {
      return anthropic.messages.create({ model: "claude-opus-4-5", max_tokens: 64, messages: [{ role: "user", content: prompt }], stream: true });
    }, { eventType: "model", tracer, eventName: "streamMessage" });
    let text = "";
    for await (const chunk of await streamChat("one two")) text += chunk.choices[0]?.delta?.content ?? "";
    for await (const event of await streamMessage("three four")) if (event.type === "content_block_delta" && event.delta.type === "text_delta") text += event.delta.text;
    expect(text).toBe("echo: one twoecho: three four");
    await tracer.flush();
    const byName = new Map((await spans()).map((s) => [s.name, s.attributes]));
    const ttft = { "gen_ai.response.time_to_first_chunk": expect.any(Number), "honeyhive_metrics.time_to_first_chunk_ms": expect.any(Number) };
    expect(byName.get("streamChat")).toMatchObject({ ...ttft, "gen_ai.provider.name": "openai", "gen_ai.response.model": "gpt-4o-mini", "gen_ai.usage.input_tokens": expect.any(Number), "gen_ai.usage.output_tokens": expect.any(Number) });
    expect(byName.get("streamMessage")).toMatchObject({ ...ttft, "gen_ai.provider.name": "anthropic", "gen_ai.response.model": "claude-opus-4-5", "gen_ai.usage.input_tokens": expect.any(Number), "gen_ai.usage.output_tokens": 3 }); // message_delta's count, not message_start's placeholder
    await tracer.shutdown();
  });

  it("follows the stream inside the client's APIPromise returned as is (a non-async function), in place", async () => {
    const { tracer, spans } = createTestTracer();
    const streamChat = trace(function streamChat(prompt: string) {
      return openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }], stream: true, stream_options: { include_usage: true } });
    }, { eventType: "model", tracer, eventName: "streamChat" });
    const pending = streamChat("five six");
    expect(typeof (pending as { withResponse?: unknown }).withResponse).toBe("function"); // the APIPromise itself
    const stream = await pending;
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    expect(text).toBe("echo: five six");
    expect(Object.keys(stream)).not.toContain(String(Symbol.asyncIterator)); // the recording hook is not enumerable
    await tracer.flush();
    const [span] = await spans();
    expect(span!.attributes).toMatchObject({
      "gen_ai.response.time_to_first_chunk": expect.any(Number), "gen_ai.response.model": "gpt-4o-mini",
      "gen_ai.usage.input_tokens": expect.any(Number), "gen_ai.usage.output_tokens": expect.any(Number), "honeyhive_metadata.stream_end": "completed",
    });
    expect(Object.keys(span!.attributes).filter((k) => k.includes("iterator"))).toEqual([]); // not the Stream object's fields
    await tracer.shutdown();
  });
});

describe("providerResultAttributes (the one rule)", () => {
  it("reads an OpenAI Responses API response, cached and reasoning tokens included", () => {
    const response = {
      id: "resp_1", object: "response", model: "gpt-5-mini-2025-08-07", output_text: "hi",
      usage: { input_tokens: 30, output_tokens: 12, total_tokens: 42, input_tokens_details: { cached_tokens: 10 }, output_tokens_details: { reasoning_tokens: 4 } },
    };
    expect(providerResultAttributes(response)).toEqual({
      "gen_ai.provider.name": "openai", "gen_ai.response.model": "gpt-5-mini-2025-08-07", "gen_ai.usage.input_tokens": 30,
      "gen_ai.usage.output_tokens": 12, "gen_ai.usage.cache_read.input_tokens": 10, "gen_ai.usage.reasoning.output_tokens": 4,
    });
  });

  it("reads a Responses API stream's response.completed event and an OpenAI stream's usage chunk", () => {
    const response = { object: "response", model: "gpt-5-mini", usage: { input_tokens: 3, output_tokens: 4 } };
    expect(providerResultAttributes({ type: "response.completed", sequence_number: 9, response })).toMatchObject({ "gen_ai.response.model": "gpt-5-mini", "gen_ai.usage.output_tokens": 4 });
    expect(providerResultAttributes({ object: "chat.completion.chunk", model: "m", choices: [], usage: { prompt_tokens: 1, completion_tokens: 2 } })).toMatchObject({ "gen_ai.usage.input_tokens": 1 });
    expect(providerResultAttributes({ object: "chat.completion.chunk", model: "m", choices: [] })).toEqual({});
  });

  it("counts Anthropic's cached tokens into the input tokens", () => {
    const usage = { input_tokens: 5, output_tokens: 7, cache_read_input_tokens: 20, cache_creation_input_tokens: 3 };
    expect(providerResultAttributes({ type: "message", role: "assistant", model: "claude-opus-4-5", usage })).toMatchObject({
      "gen_ai.usage.input_tokens": 28, "gen_ai.usage.cache_read.input_tokens": 20, "gen_ai.usage.cache_creation.input_tokens": 3,
    });
  });

  it("reads nothing from other values, and never throws on hostile ones", () => {
    for (const value of [undefined, null, "text", 3, [], { object: "list" }, { steps: [], totalUsage: {} }, { type: "message", role: "user" }]) {
      expect(providerResultAttributes(value)).toEqual({});
    }
    const hostile = new Proxy({}, { get: () => { throw new Error("boom"); } });
    expect(providerResultAttributes(hostile)).toEqual({});
    expect(providerResultAttributes({ object: "chat.completion", model: "m", get usage() { throw new Error("boom"); } })).toEqual({
      "gen_ai.provider.name": "openai", "gen_ai.response.model": "m",
    });
  });
});
