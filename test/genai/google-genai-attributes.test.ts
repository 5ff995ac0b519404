// Issue 23 req 5: what the SDK's @google/genai instrumentation writes on its spans (OTel GenAI v1.37+ attributes from
// Gemini request and response shapes), read back through the one translation into the model event's fields.
import { describe, expect, it } from "vitest";
import { addResponse, inputMessages, requestAttributes, responseAttributes, type GenAiResponseSummary } from "../../packages/honeyhive/src/integrations/google-genai-attributes";
import { honeyHiveModelFields, readModelCall } from "../../packages/core/src/semconv/genai";

const params = {
  model: "models/gemini-2.5-flash",
  contents: [
    { role: "user", parts: [{ text: "weather in Paris?" }] },
    { role: "model", parts: [{ functionCall: { id: "c1", name: "weather", args: { city: "Paris" } } }] },
    { role: "user", parts: [{ functionResponse: { id: "c1", name: "weather", response: { output: "sunny" } } }] },
  ],
  config: { systemInstruction: "Be brief.", temperature: 0.2, maxOutputTokens: 64, stopSequences: ["END"], responseMimeType: "text/plain" },
};

describe("@google/genai spans in the OTel GenAI dialect", () => {
  it("request: model without models/, parameters, system instructions, tool call and tool result messages", () => {
    const a = requestAttributes(params, "gcp.gemini");
    expect(a).toMatchObject({
      "gen_ai.operation.name": "generate_content", "gen_ai.provider.name": "gcp.gemini", "gen_ai.request.model": "gemini-2.5-flash",
      "gen_ai.request.temperature": 0.2, "gen_ai.request.max_tokens": 64, "gen_ai.request.stop_sequences": ["END"],
    });
    expect(JSON.parse(String(a["gen_ai.system_instructions"]))).toEqual([{ type: "text", content: "Be brief." }]);
    expect(JSON.parse(String(a["gen_ai.input.messages"]))).toEqual([
      { role: "user", parts: [{ type: "text", content: "weather in Paris?" }] },
      { role: "assistant", parts: [{ type: "tool_call", id: "c1", name: "weather", arguments: { city: "Paris" } }] },
      { role: "tool", parts: [{ type: "tool_call_response", id: "c1", response: { output: "sunny" } }] },
    ]);
  });

  it("contents as a string or as bare parts is one user message", () => {
    expect(inputMessages("hi")).toEqual([{ role: "user", parts: [{ type: "text", content: "hi" }] }]);
    expect(inputMessages(["a", { text: "b" }])).toEqual([{ role: "user", parts: [{ type: "text", content: "a" }, { type: "text", content: "b" }] }]);
    expect(inputMessages(undefined)).toEqual([]);
  });

  it("inlineData parts are GenAI blob parts, fileData parts uri parts (the attachment stage stores the blobs)", () => {
    expect(inputMessages([{ role: "user", parts: [
      { text: "look" },
      { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } },
      { inline_data: { mime_type: "audio/wav", data: "UklGRg==" } },
      { fileData: { mimeType: "application/pdf", fileUri: "gs://bucket/report.pdf" } },
      { inlineData: { data: 7 } },
      { inlineData: { mimeType: "application/pdf", data: "JVBERi0=", displayName: "notes.pdf" } },
    ] }])).toEqual([{ role: "user", parts: [
      { type: "text", content: "look" },
      { type: "blob", mime_type: "image/png", modality: "image", content: "iVBORw0KGgo=" },
      { type: "blob", mime_type: "audio/wav", modality: "audio", content: "UklGRg==" },
      { type: "uri", mime_type: "application/pdf", modality: "document", uri: "gs://bucket/report.pdf" },
      { type: "blob", mime_type: "application/pdf", modality: "document", content: "JVBERi0=", name: "notes.pdf" },
    ] }]);
  });

  it("response: streamed text joined, the last usage and finish reason; thoughts are reasoning output tokens", () => {
    const summary: GenAiResponseSummary = { parts: [] };
    addResponse(summary, { candidates: [{ content: { role: "model", parts: [{ text: "thinking", thought: true }] } }] });
    addResponse(summary, { candidates: [{ content: { role: "model", parts: [{ text: "It is" }] } }], responseId: "r1" });
    addResponse(summary, {
      candidates: [{ content: { role: "model", parts: [{ text: " sunny." }] }, finishReason: "STOP" }], modelVersion: "gemini-2.5-flash-001",
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 3, thoughtsTokenCount: 5, cachedContentTokenCount: 4, totalTokenCount: 18 },
    });
    const a = responseAttributes(summary);
    expect(a).toMatchObject({
      "gen_ai.response.finish_reasons": ["stop"], "gen_ai.response.model": "gemini-2.5-flash-001", "gen_ai.response.id": "r1",
      "gen_ai.usage.input_tokens": 10, "gen_ai.usage.output_tokens": 8, "gen_ai.usage.cache_read.input_tokens": 4, "gen_ai.usage.reasoning.output_tokens": 5,
    });
    const call = readModelCall({ name: "generate_content gemini-2.5-flash", attributes: { ...requestAttributes(params, "gcp.gemini"), ...a, "gen_ai.response.time_to_first_chunk": 0.25 } });
    expect(call).toMatchObject({
      dialects: ["otel-genai-1.37+", "otel-genai-1.36"], model: "gemini-2.5-flash-001", provider: "gcp.gemini", streamed: true, time_to_first_token_ms: 250,
      tokens: { input: 10, output: 8, total: 18, cache_read: 4, reasoning: 5 }, output: { role: "assistant", content: "It is sunny." }, finish_reason: "stop",
    });
    const fields = honeyHiveModelFields(call!);
    expect(fields.inputs.chat_history).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "weather in Paris?" },
      { role: "assistant", content: "", tool_calls: [{ id: "c1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } }] },
      { role: "tool", content: '{"output":"sunny"}', tool_call_id: "c1" },
    ]);
    expect(fields.config).toMatchObject({ model: "gemini-2.5-flash-001", provider: "gcp.gemini", temperature: 0.2, max_tokens: 64 });
  });

  it("a model answering with a function call: the tool call is the output", () => {
    const summary: GenAiResponseSummary = { parts: [] };
    addResponse(summary, { candidates: [{ content: { role: "model", parts: [{ functionCall: { name: "weather", args: { city: "Oslo" } } }] }, finishReason: "STOP" }] });
    const call = readModelCall({ name: "generate_content", attributes: { ...requestAttributes({ model: "gemini-2.5-flash", contents: "weather?" }, "gcp.vertex_ai"), ...responseAttributes(summary) } });
    expect(call?.output).toEqual({ role: "assistant", content: "", tool_calls: [{ id: null, name: "weather", arguments: '{"city":"Oslo"}' }] });
    expect(call?.provider).toBe("gcp.vertex_ai");
  });
});
