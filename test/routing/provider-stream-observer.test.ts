/**
 * The SDK's stream observer (integrations/provider-stream-usage.ts) on its own: installed once per client class,
 * transparent to the application (same chunks, also when it stops early), and it touches only model spans.
 */
import Anthropic from "@anthropic-ai/sdk";
import { trace as otelTrace } from "@opentelemetry/api";
import { LangChainInstrumentation } from "@arizeai/openinference-instrumentation-langchain";
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import { AnthropicInstrumentation } from "@traceloop/instrumentation-anthropic";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { observeProviderStreams, observeThroughInstrumentation } from "../../packages/honeyhive/src/integrations/provider-stream-usage";
import { trace } from "../../packages/honeyhive/src/index";
import { createTestTracer } from "../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";

let fake: FakeOpenAI;
let client: OpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
});
afterAll(() => fake.close());

async function streamed(content: string, stopAfter = Infinity): Promise<string> {
  const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content }], stream: true, stream_options: { include_usage: true } });
  let text = "";
  let n = 0;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? "";
    if (++n >= stopAfter) break;
  }
  return text;
}

describe("the provider stream observer", () => {
  it("is installed once per client class (OpenAI and Anthropic), and leaves other instrumentations alone", () => {
    expect(observeProviderStreams(OpenAI)).toBe(true);
    expect(observeProviderStreams({ OpenAI })).toBe(false);
    expect(observeProviderStreams(Anthropic, "Anthropic")).toBe(true);
    expect(observeProviderStreams({ nothing: true })).toBe(false);
    const langchain = new LangChainInstrumentation();
    const manual = langchain.manuallyInstrument;
    observeThroughInstrumentation(langchain);
    expect(langchain.manuallyInstrument).toBe(manual);
  });

  it("observes through client instrumentations only, by the one framework/client classification of scopes", () => {
    const wrapped = (instrumentation: { manuallyInstrument: unknown }): boolean => {
      const manual = instrumentation.manuallyInstrument;
      observeThroughInstrumentation(instrumentation);
      return instrumentation.manuallyInstrument !== manual;
    };
    const named = (instrumentationName: string) => ({ instrumentationName, manuallyInstrument: () => undefined });
    expect(wrapped(new OpenAIInstrumentation({ instrumentationConfig: { enabled: false } }))).toBe(true);
    expect(wrapped(new AnthropicInstrumentation({ enabled: false }))).toBe(true);
    expect(wrapped(named("@arizeai/openinference-instrumentation-openai-agents"))).toBe(false); // a framework, though it says "openai"
    expect(wrapped(named("@traceloop/instrumentation-langchain"))).toBe(false);
    expect(wrapped(named("acme-openai-instrumentation"))).toBe(true); // not classified: the client its name says
    expect(wrapped(named("acme-vector-store"))).toBe(false);
  });

  it("gives the application the same chunks, with or without a model span, also when it stops early", async () => {
    expect(await streamed("one two three")).toBe("echo: one two three");
    expect(await streamed("one two three", 2)).toBe("echo: one");
    const { tracer, spans } = createTestTracer();
    const inTool = trace(() => streamed("four five"), { tracer, eventType: "tool", eventName: "tool" });
    const inModel = trace(async () => {
      otelTrace.getActiveSpan()?.setAttribute("gen_ai.usage.input_tokens", 99); // an instrumentation said it first
      return streamed("six seven");
    }, { tracer, eventType: "model", eventName: "model" });
    expect(await inTool()).toBe("echo: four five");
    expect(await inModel()).toBe("echo: six seven");
    await tracer.flush();
    const byName = new Map((await spans()).map((s) => [s.name, s.attributes]));
    expect(Object.keys(byName.get("tool") ?? {}).filter((k) => k.startsWith("gen_ai."))).toEqual([]);
    expect(byName.get("model")).toMatchObject({ "gen_ai.response.time_to_first_chunk": expect.any(Number), "gen_ai.usage.input_tokens": 99 });
    expect(byName.get("model")).not.toHaveProperty(["gen_ai.usage.output_tokens"]); // the span's own usage wins whole
    await tracer.shutdown();
  });

  it("leaves a plain call under a model span as the client returns it (its data, request id and withResponse())", async () => {
    observeProviderStreams(OpenAI);
    const { tracer, spans } = createTestTracer();
    const body = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "plain" }] };
    const inModel = trace(async () => {
      const completion = await client.chat.completions.create(body);
      const { data, response } = await client.chat.completions.create(body).withResponse();
      return { completion, data, status: response.status };
    }, { tracer, eventType: "model", eventName: "model" });
    const { completion, data, status } = await inModel();
    expect(completion.choices[0]?.message.content).toBe("echo: plain");
    expect(completion).toHaveProperty("_request_id");
    expect(data.choices[0]?.message.content).toBe("echo: plain");
    expect(status).toBe(200);
    await tracer.flush();
    expect((await spans()).find((s) => s.name === "model")?.attributes).not.toHaveProperty(["gen_ai.response.time_to_first_chunk"]);
    await tracer.shutdown();
  });
});
