// Issue 47 req 4: what the SDK's Bedrock Runtime instrumentation writes on its spans (OTel GenAI v1.37+ attributes from
// Converse, ConverseStream and InvokeModel shapes), read back through the one translation, and the price of its calls.
import { describe, expect, it } from "vitest";
import { type BedrockReply, addConverseOutput, converseRequestAttributes, emptyReply, replyAttributes } from "../../packages/honeyhive/src/integrations/bedrock-attributes";
import { inputMessages } from "../../packages/honeyhive/src/integrations/bedrock-content";
import { addInvokeResponse, invokeRequestAttributes, type PendingArguments } from "../../packages/honeyhive/src/integrations/bedrock-invoke-body";
import { addConverseEvent, addInvokeChunk } from "../../packages/honeyhive/src/integrations/bedrock-stream";
import { honeyHiveModelFields, readModelCall } from "../../packages/core/src/semconv/genai";
import { priceCall } from "../../packages/core/src/pricing/call-cost";

const converseInput = {
  modelId: "us.anthropic.claude-3-5-haiku-20241022-v1:0",
  system: [{ text: "Be brief." }, { cachePoint: { type: "default" } }],
  inferenceConfig: { maxTokens: 64, temperature: 0.2, topP: 0.9, stopSequences: ["END"] },
  messages: [
    { role: "user", content: [{ text: "weather in Paris?" }, { image: { format: "png", source: { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) } } }] },
    { role: "assistant", content: [{ toolUse: { toolUseId: "t1", name: "weather", input: { city: "Paris" } } }] },
    { role: "user", content: [{ toolResult: { toolUseId: "t1", content: [{ json: { output: "sunny" } }] } }] },
  ],
};

const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

describe("Bedrock Converse spans in the OTel GenAI dialect", () => {
  it("request: provider aws.bedrock, model id, inference parameters, system, image bytes as a blob, tool use and tool result", () => {
    const a = converseRequestAttributes(converseInput);
    expect(a).toMatchObject({
      "gen_ai.operation.name": "chat", "gen_ai.provider.name": "aws.bedrock", "gen_ai.request.model": converseInput.modelId,
      "gen_ai.request.max_tokens": 64, "gen_ai.request.temperature": 0.2, "gen_ai.request.top_p": 0.9, "gen_ai.request.stop_sequences": ["END"],
    });
    expect(JSON.parse(String(a["gen_ai.system_instructions"]))).toEqual([{ type: "text", content: "Be brief." }]);
    expect(JSON.parse(String(a["gen_ai.input.messages"]))).toEqual([
      { role: "user", parts: [{ type: "text", content: "weather in Paris?" }, { type: "blob", mime_type: "image/png", modality: "image", content: "iVBORw==" }] },
      { role: "assistant", parts: [{ type: "tool_call", id: "t1", name: "weather", arguments: { city: "Paris" } }] },
      { role: "tool", parts: [{ type: "tool_call_response", id: "t1", response: { output: "sunny" } }] },
    ]);
  });

  it("Anthropic blocks (an InvokeModel body) and documents in S3 read as the same parts", () => {
    expect(inputMessages([
      { role: "user", content: "hi" },
      { role: "user", content: [{ type: "image", source: { type: "base64", media_type: "image/jpeg", data: "/9j/" } }, { document: { format: "pdf", name: "r", source: { s3Location: { uri: "s3://b/r.pdf" } } } }] },
      { role: "assistant", content: [{ type: "thinking", thinking: "hmm" }, { type: "tool_use", id: "u1", name: "f", input: { q: 1 } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "u1", content: "done" }] },
    ])).toEqual([
      { role: "user", parts: [{ type: "text", content: "hi" }] },
      { role: "user", parts: [{ type: "blob", mime_type: "image/jpeg", modality: "image", content: "/9j/" }, { type: "uri", mime_type: "application/pdf", modality: "document", name: "r", uri: "s3://b/r.pdf" }] },
      { role: "assistant", parts: [{ type: "reasoning", content: "hmm" }, { type: "tool_call", id: "u1", name: "f", arguments: { q: 1 } }] },
      { role: "tool", parts: [{ type: "tool_call_response", id: "u1", response: "done" }] },
    ]);
  });

  it("response: the reply, stop reason, usage with cache tokens (input tokens include them), read back as the model event", () => {
    const reply = emptyReply();
    addConverseOutput(reply, {
      output: { message: { role: "assistant", content: [{ text: "It is " }, { text: "sunny." }] } }, stopReason: "end_turn",
      usage: { inputTokens: 10, outputTokens: 4, totalTokens: 44, cacheReadInputTokens: 20, cacheWriteInputTokens: 10 },
    });
    const a = replyAttributes(reply);
    expect(a).toMatchObject({
      "gen_ai.response.finish_reasons": ["end_turn"], "gen_ai.usage.input_tokens": 40, "gen_ai.usage.output_tokens": 4,
      "gen_ai.usage.cache_read.input_tokens": 20, "gen_ai.usage.cache_creation.input_tokens": 10,
    });
    const call = readModelCall({ name: "chat", attributes: { ...converseRequestAttributes(converseInput), ...a } });
    expect(call).toMatchObject({
      model: converseInput.modelId, provider: "aws.bedrock", tokens: { input: 40, output: 4, total: 44, cache_read: 20 },
      output: { role: "assistant", content: "It is sunny." }, finish_reason: "end_turn",
    });
    const fields = honeyHiveModelFields(call!);
    expect(fields.inputs.chat_history).toEqual([
      { role: "system", content: "Be brief." },
      expect.objectContaining({ role: "user" }),
      { role: "assistant", content: "", tool_calls: [{ id: "t1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } }] },
      { role: "tool", content: '{"output":"sunny"}', tool_call_id: "t1" },
    ]);
    expect(fields.config).toMatchObject({ provider: "aws.bedrock", max_tokens: 64, temperature: 0.2 });
  });

  it("ConverseStream events: text joined, a tool use's input pieces parsed, stop reason, usage; only deltas are content", () => {
    const reply = emptyReply();
    const pending: PendingArguments = new Map();
    const events = [
      { messageStart: { role: "assistant" } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { text: "plan" } } } },
      { contentBlockDelta: { contentBlockIndex: 1, delta: { text: "Let me " } } },
      { contentBlockDelta: { contentBlockIndex: 1, delta: { text: "check." } } },
      { contentBlockStart: { contentBlockIndex: 2, start: { toolUse: { toolUseId: "t9", name: "weather" } } } },
      { contentBlockDelta: { contentBlockIndex: 2, delta: { toolUse: { input: '{"city":' } } } },
      { contentBlockDelta: { contentBlockIndex: 2, delta: { toolUse: { input: '"Oslo"}' } } } },
      { contentBlockStop: { contentBlockIndex: 2 } },
      { messageStop: { stopReason: "tool_use" } },
      { metadata: { usage: { inputTokens: 7, outputTokens: 9, totalTokens: 16 }, metrics: { latencyMs: 5 } } },
    ];
    expect(events.map((e) => addConverseEvent(reply, e, pending))).toEqual([false, true, true, true, false, true, true, false, false, false]);
    expect(reply).toEqual({
      parts: [{ type: "reasoning", content: "plan" }, { type: "text", content: "Let me check." }, { type: "tool_call", id: "t9", name: "weather", arguments: { city: "Oslo" } }],
      finishReason: "tool_use", usage: { input: 7, output: 9, cacheRead: undefined, cacheWrite: undefined },
    } satisfies BedrockReply);
  });
});

describe("Bedrock InvokeModel bodies", () => {
  it("Anthropic Messages: request parameters and messages from the body bytes, the reply and usage from the response bytes", () => {
    const body = bytes({ anthropic_version: "bedrock-2023-05-31", max_tokens: 100, temperature: 0.5, system: "Be brief.", messages: [{ role: "user", content: "hi" }] });
    const a = invokeRequestAttributes({ modelId: "anthropic.claude-3-5-sonnet-20240620-v1:0", body });
    expect(a).toMatchObject({ "gen_ai.operation.name": "chat", "gen_ai.provider.name": "aws.bedrock", "gen_ai.request.max_tokens": 100, "gen_ai.request.temperature": 0.5 });
    expect(JSON.parse(String(a["gen_ai.input.messages"]))).toEqual([{ role: "user", parts: [{ type: "text", content: "hi" }] }]);
    const reply = emptyReply();
    addInvokeResponse(reply, bytes({
      id: "msg_1", type: "message", model: "claude-3-5-sonnet-20240620", content: [{ type: "text", text: "hello" }, { type: "tool_use", id: "u", name: "f", input: {} }],
      stop_reason: "tool_use", usage: { input_tokens: 3, output_tokens: 5, cache_read_input_tokens: 2 },
    }));
    expect(reply).toMatchObject({ parts: [{ type: "text", content: "hello" }, { type: "tool_call", id: "u", name: "f" }], finishReason: "tool_use", model: "claude-3-5-sonnet-20240620", id: "msg_1", usage: { input: 3, output: 5, cacheRead: 2 } });
    expect(replyAttributes(reply)).toMatchObject({ "gen_ai.usage.input_tokens": 5, "gen_ai.usage.output_tokens": 5 });
  });

  it("Amazon Nova (a Converse-shaped body): messages, system and inference parameters in, the Converse-shaped reply out", () => {
    const body = JSON.stringify({ schemaVersion: "messages-v1", system: [{ text: "Be brief." }], inferenceConfig: { max_new_tokens: 50 }, messages: [{ role: "user", content: [{ text: "hi" }] }] });
    const a = invokeRequestAttributes({ modelId: "amazon.nova-lite-v1:0", body });
    expect(a).toMatchObject({ "gen_ai.operation.name": "chat", "gen_ai.request.max_tokens": 50 });
    expect(JSON.parse(String(a["gen_ai.input.messages"]))).toEqual([{ role: "user", parts: [{ type: "text", content: "hi" }] }]);
    expect(JSON.parse(String(a["gen_ai.system_instructions"]))).toEqual([{ type: "text", content: "Be brief." }]);
    const reply = emptyReply();
    addInvokeResponse(reply, bytes({ output: { message: { role: "assistant", content: [{ text: "hello" }] } }, stopReason: "end_turn", usage: { inputTokens: 3, outputTokens: 1 } }));
    expect(reply).toMatchObject({ parts: [{ type: "text", content: "hello" }], finishReason: "end_turn", usage: { input: 3, output: 1 } });
    expect(priceCall({ provider: "aws.bedrock", model: "amazon.nova-lite-v1:0", usage: { inputTokens: 1000, outputTokens: 100 } })?.cost).toBeGreaterThan(0);
  });

  it("other families: the prompt and the generated text, with the tokens the body reports; a body that is not JSON reads as nothing", () => {
    const llama = invokeRequestAttributes({ modelId: "meta.llama3-8b-instruct-v1:0", body: JSON.stringify({ prompt: "hi", max_gen_len: 10 }) });
    expect(llama["gen_ai.operation.name"]).toBe("text_completion");
    expect(JSON.parse(String(llama["gen_ai.input.messages"]))).toEqual([{ role: "user", parts: [{ type: "text", content: "hi" }] }]);
    const reply = emptyReply();
    addInvokeResponse(reply, bytes({ generation: "hello", prompt_token_count: 2, generation_token_count: 1, stop_reason: "stop" }));
    expect(reply).toEqual({ parts: [{ type: "text", content: "hello" }], finishReason: "stop", usage: { input: 2, output: 1 } });
    const titan = emptyReply();
    addInvokeResponse(titan, bytes({ inputTextTokenCount: 4, results: [{ outputText: "yo", tokenCount: 1, completionReason: "FINISH" }] }));
    expect(titan).toMatchObject({ parts: [{ type: "text", content: "yo" }], usage: { input: 4, output: 1 } });
    const unknown = emptyReply();
    addInvokeResponse(unknown, bytes({ something: 1 }));
    expect(unknown.parts).toEqual([{ type: "text", content: '{"something":1}' }]);
    const notJson = emptyReply();
    addInvokeResponse(notJson, new TextEncoder().encode("\u0000binary"));
    expect(notJson).toEqual({ parts: [] });
    expect(invokeRequestAttributes({ modelId: "m", body: new Uint8Array([0xff]) })["gen_ai.input.messages"]).toBeUndefined();
  });

  it("InvokeModelWithResponseStream chunks of Anthropic stream events: text, tool input, stop reason, usage from message_start and message_delta", () => {
    const reply = emptyReply();
    const pending: PendingArguments = new Map();
    const chunk = (e: unknown) => ({ chunk: { bytes: bytes(e) } });
    const content = [
      { type: "message_start", message: { id: "m1", model: "claude-3-5-sonnet-20240620", usage: { input_tokens: 12, output_tokens: 1 } } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "a" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "b" } },
      { type: "content_block_start", index: 1, content_block: { type: "tool_use", id: "u1", name: "f" } },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"x"' } },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: ":1}" } },
      { type: "content_block_stop", index: 1 },
      { type: "message_delta", delta: { stop_reason: "tool_use" }, usage: { output_tokens: 8 } },
      { type: "message_stop", "amazon-bedrock-invocationMetrics": { inputTokenCount: 12, outputTokenCount: 8 } },
    ].map((e) => addInvokeChunk(reply, chunk(e), pending));
    expect(content).toEqual([false, true, true, false, true, true, false, false, false]);
    expect(reply).toMatchObject({ parts: [{ type: "text", content: "ab" }, { type: "tool_call", id: "u1", name: "f", arguments: { x: 1 } }], finishReason: "tool_use", model: "claude-3-5-sonnet-20240620", id: "m1", usage: { input: 12, output: 8 } });
  });
});

describe("Bedrock prices", () => {
  it("foundation model ids and cross-region inference profiles are priced under aws.bedrock; cache reads cost less", () => {
    for (const model of ["anthropic.claude-3-5-sonnet-20240620-v1:0", "us.anthropic.claude-3-5-haiku-20241022-v1:0", "anthropic.claude-3-haiku-20240307-v1:0"]) {
      expect(priceCall({ provider: "aws.bedrock", model, usage: { inputTokens: 1000, outputTokens: 100 } })?.cost, model).toBeGreaterThan(0);
    }
    const plain = priceCall({ provider: "aws.bedrock", model: "anthropic.claude-3-5-sonnet-20240620-v1:0", usage: { inputTokens: 1000, outputTokens: 0 } })!.cost;
    const cached = priceCall({ provider: "aws.bedrock", model: "anthropic.claude-3-5-sonnet-20240620-v1:0", usage: { inputTokens: 1000, outputTokens: 0, cacheReadTokens: 800 } })!.cost;
    expect(cached).toBeLessThan(plain);
  });
});
