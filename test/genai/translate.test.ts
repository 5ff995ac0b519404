// Issue 20 req 3: the one translation (semconv/genai) is total and merges dialects field by field.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DIALECT_TABLES, honeyHiveModelFields, readModelCall } from "../../packages/core/src/semconv/genai";

const KEYS = [
  "gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions", "gen_ai.usage.input_tokens", "gen_ai.provider.name",
  "llm.input_messages.0.message.role", "llm.input_messages.0.message.content", "llm.token_count.prompt", "llm.invocation_parameters",
  "gen_ai.prompt.0.role", "gen_ai.completion.0.content", "ai.operationId", "ai.prompt.messages", "ai.response.toolCalls", "ai.usage.inputTokens",
  "ai.prompt", "gen_ai.response.finish_reasons", "metadata", "gen_ai.request.temperature", "ai.settings.maxOutputTokens",
];
// -0 and "-0" on purpose: stored fields must survive a JSON round trip unchanged (-0 would come back as 0).
const jsonish = fc.oneof(fc.string(), fc.json(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.constant(-0), fc.constant("-0"));

describe("readModelCall", () => {
  it("never throws and returns canonical shapes for hostile attributes and events", () => {
    fc.assert(fc.property(
      fc.dictionary(fc.constantFrom(...KEYS), jsonish),
      fc.array(fc.record({ name: fc.constantFrom("gen_ai.choice", "gen_ai.user.message", "gen_ai.client.inference.operation.details", "x"), attributes: fc.dictionary(fc.constantFrom("content", "message", "tool_calls", "gen_ai.input.messages", "index"), jsonish) })),
      (attributes, events) => {
        const call = readModelCall({ name: "s", attributes, events });
        if (call === undefined) return;
        expect(Array.isArray(call.messages)).toBe(true);
        for (const m of call.messages) expect(typeof m.content).toBe("string");
        for (const v of Object.values(call.tokens)) expect(v === null || (typeof v === "number" && v >= 0)).toBe(true);
        const fields = honeyHiveModelFields(call);
        expect(JSON.parse(JSON.stringify(fields))).toEqual(fields);
      },
    ), { numRuns: 1000 });
  });

  it("prefers the most specific dialect per field and records every dialect read", () => {
    const call = readModelCall({
      name: "ai.generateText.doGenerate",
      attributes: { "ai.operationId": "ai.generateText.doGenerate", "ai.model.id": "gpt-4o", "ai.model.provider": "openai.chat", "gen_ai.system": "openai.chat", "ai.usage.inputTokens": 10, "gen_ai.usage.input_tokens": 99, "gen_ai.usage.output_tokens": 5 },
    });
    expect(call?.dialects).toEqual(["vercel-ai", "otel-genai-1.36"]);
    expect(call?.tokens).toMatchObject({ input: 10, output: 5, total: 15 });
    expect(call?.provider).toBe("openai");
  });

  it("the Vercel AI SDK's provider ids name the provider's one name (`google.generative-ai` is gcp.gemini, `anthropic.messages` anthropic)", () => {
    const provider = (id: string) => readModelCall({ name: "ai.generateText.doGenerate", attributes: { "ai.operationId": "ai.generateText.doGenerate", "ai.model.id": "m", "ai.model.provider": id } })?.provider;
    expect(provider("google.generative-ai")).toBe("gcp.gemini");
    expect(provider("anthropic.messages")).toBe("anthropic");
    expect(provider("google.vertex.chat")).toBe("gcp.vertex_ai");
  });

  it("reads the time to first chunk of a span that speaks only the v1.36 keys (an OpenInference span with no usage chunk)", () => {
    const call = readModelCall({
      name: "OpenAI Chat Completions",
      attributes: { "openinference.span.kind": "LLM", "llm.model_name": "gpt-4o-mini", "gen_ai.response.time_to_first_chunk": 0.25 },
    });
    expect(call?.dialects).toEqual(["openinference", "otel-genai-1.36"]);
    expect(call).toMatchObject({ time_to_first_token_ms: 250, streamed: true });
    expect(call?.tokens.input).toBeNull();
  });

  it("reads nothing from a span without GenAI attributes", () => {
    expect(readModelCall({ name: "http", attributes: { "http.method": "GET" } })).toBeUndefined();
    expect(DIALECT_TABLES.map((t) => t.name)).toEqual(["mastra", "genkit", "vercel-ai", "otel-genai-1.37+", "openinference", "openllmetry-legacy", "otel-genai-1.36"]);
  });
});
