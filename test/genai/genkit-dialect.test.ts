// Genkit's own telemetry read into the canonical model event (its model actions were empty events: no inputs,
// outputs, model, tokens or cost), its other actions typed and given their input and output; and LangChain's
// ChatBedrockConverse, whose model name is only in LangChain's run metadata, priced.
import { describe, expect, it } from "vitest";
import { inferEventType } from "../../packages/core/src/semconv/event-type";
import { readModelCall, readStepIo } from "../../packages/core/src/semconv/genai/translate";
import { honeyHiveModelFields } from "../../packages/core/src/semconv/genai/honeyhive-fields";
import { priceCall } from "../../packages/core/src/pricing/call-cost";

const modelSpan = (name: string, input: unknown, output: unknown, extra: Record<string, unknown> = {}) => ({
  name,
  attributes: {
    "genkit:type": "action", "genkit:metadata:subtype": "model", "genkit:name": name, "genkit:path": `/{generate,t:util}/{${name},t:action,s:model}`,
    "genkit:input": JSON.stringify(input), "genkit:output": JSON.stringify(output), "genkit:state": "success", ...extra,
  },
});

describe("Genkit model actions", () => {
  const request = {
    messages: [
      { role: "system", content: [{ text: "be brief" }] },
      { role: "user", content: [{ text: "weather in unit-3/a?" }] },
      { role: "model", content: [{ toolRequest: { ref: "call-1", name: "get_weather", input: { city: "Paris" } } }] },
      { role: "tool", content: [{ toolResponse: { ref: "call-1", name: "get_weather", output: "sunny" } }] },
    ],
    config: { temperature: 0.2, maxOutputTokens: 64 },
  };
  const response = { message: { role: "model", content: [{ text: "It is sunny." }] }, finishReason: "stop", usage: { inputTokens: 21, outputTokens: 7, totalTokens: 28 } };

  it("reads messages, tool calls and results, reply, model and provider from the action name, tokens and parameters", () => {
    const call = readModelCall(modelSpan("googleai/gemini-2.5-flash", request, response));
    expect(call).toMatchObject({
      dialects: ["genkit"], model: "gemini-2.5-flash", provider: "gcp.gemini", operation: "chat", finish_reason: "stop",
      request: { temperature: 0.2, max_tokens: 64 }, output: { role: "assistant", content: "It is sunny." },
      tokens: { input: 21, output: 7, total: 28 }, streamed: false, time_to_first_token_ms: null,
    });
    expect(call?.messages).toEqual([
      { role: "system", content: "be brief" },
      { role: "user", content: "weather in unit-3/a?" },
      { role: "assistant", content: "", tool_calls: [{ id: "call-1", name: "get_weather", arguments: "{\"city\":\"Paris\"}" }] },
      { role: "tool", content: "sunny", tool_call_id: "call-1", name: "get_weather" },
    ]);
    const fields = honeyHiveModelFields(call!);
    expect(fields.config).toMatchObject({ model: "gemini-2.5-flash", provider: "gcp.gemini" });
    expect(priceCall({ provider: call!.provider, model: call!.model, usage: { inputTokens: 21, outputTokens: 7 } })).not.toBeNull();
  });

  it("a streamed call's time to first chunk (set by the SDK's Genkit setup) and the OpenAI-compatible plugin's name", () => {
    const call = readModelCall(modelSpan("openai/gpt-4o-mini", request, response, { "gen_ai.response.time_to_first_chunk": 0.25 }));
    expect(call).toMatchObject({ provider: "openai", model: "gpt-4o-mini", streamed: true, time_to_first_token_ms: 250 });
  });

  it("types Genkit's actions: model and embedder calls, tools, and every other action a chain with its input and output", () => {
    const span = (subtype: string, name: string) => ({ "genkit:type": "action", "genkit:metadata:subtype": subtype, "genkit:name": name });
    expect(inferEventType(span("model", "openai/gpt-4o-mini"), "openai/gpt-4o-mini")).toBe("model");
    expect(inferEventType(span("tool", "get_weather"), "get_weather")).toBe("tool");
    expect(inferEventType(span("util", "generate"), "generate")).toBe("chain"); // not a model: its name says "generate"
    expect(inferEventType(span("flow", "answerFlow"), "answerFlow")).toBe("chain");
    const tool = { name: "get_weather", attributes: { ...span("tool", "get_weather"), "genkit:input": "{\"city\":\"Paris\"}", "genkit:output": "\"sunny\"" } };
    const io = readStepIo(tool);
    expect(io?.inputs?.field).toEqual({ city: "Paris" });
    expect(io?.outputs?.field).toEqual({ value: "sunny" });
    expect(readModelCall(tool)).toBeUndefined();
  });
});

describe("LangChain's ChatBedrockConverse through OpenInference", () => {
  it("takes the model from ls_model_name when the span names none, so the call is priced at Bedrock's price", () => {
    const call = readModelCall({
      name: "ChatBedrockConverse",
      attributes: {
        "openinference.span.kind": "LLM", "llm.token_count.prompt": 1000, "llm.token_count.completion": 100,
        metadata: JSON.stringify({ ls_provider: "amazon_bedrock", ls_model_name: "us.anthropic.claude-haiku-4-5-20251001-v1:0", ls_model_type: "chat" }),
        "llm.input_messages.0.message.role": "user", "llm.input_messages.0.message.content": "hi",
      },
    });
    expect(call).toMatchObject({ provider: "aws.bedrock", model: "us.anthropic.claude-haiku-4-5-20251001-v1:0" });
    expect(priceCall({ provider: call!.provider, model: call!.model, usage: { inputTokens: 1000, outputTokens: 100 } })?.priceKey).toMatch(/^aws\//);
  });
});
