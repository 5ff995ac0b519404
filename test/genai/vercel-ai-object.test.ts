// Issue 23 req 1: the object of ai 5/6 `generateObject` / `streamObject` is the model event's output (it stayed in
// metadata["ai.response.object"]). Attributes as ai 6.0.324 sets them on `ai.generateObject.doGenerate`.
import { describe, expect, it } from "vitest";
import { honeyHiveModelFields, readModelCall } from "../../packages/core/src/semconv/genai";

const OBJECT = '{"answer":"echo: unit-3/c"}';

describe("Vercel AI SDK dialect: objects", () => {
  it("generateObject's doGenerate span: the object's JSON text is the assistant's reply in outputs", () => {
    const call = readModelCall({
      name: "ai.generateObject.doGenerate",
      attributes: {
        "ai.operationId": "ai.generateObject.doGenerate", "ai.model.id": "gpt-test", "ai.model.provider": "openai.chat",
        "ai.prompt.messages": '[{"role":"user","content":[{"type":"text","text":"unit-3/c"}]}]', "ai.response.finishReason": "stop",
        "ai.response.object": OBJECT, "ai.usage.promptTokens": 1, "ai.usage.completionTokens": 2,
      },
    });
    expect(call?.output).toEqual({ role: "assistant", content: OBJECT });
    expect(honeyHiveModelFields(call!).outputs).toEqual({ role: "assistant", content: OBJECT, finish_reason: "stop" });
    expect(JSON.parse(String(honeyHiveModelFields(call!).outputs.content))).toEqual({ answer: "echo: unit-3/c" });
  });

  it("streamObject's doStream span: the object, and the first chunk's time", () => {
    const call = readModelCall({
      name: "ai.streamObject.doStream",
      attributes: { "ai.operationId": "ai.streamObject.doStream", "ai.model.id": "gpt-test", "ai.stream.msToFirstChunk": 86.9, "ai.response.object": OBJECT, "ai.usage.inputTokens": 1, "ai.usage.outputTokens": 2 },
    });
    expect(call).toMatchObject({ output: { role: "assistant", content: OBJECT }, streamed: true, time_to_first_token_ms: 86.9 });
  });

  it("a text reply still wins over an object attribute (never both)", () => {
    const call = readModelCall({ name: "ai.generateText.doGenerate", attributes: { "ai.operationId": "ai.generateText.doGenerate", "ai.response.text": "hi", "ai.response.object": OBJECT } });
    expect(call?.output).toEqual({ role: "assistant", content: "hi" });
  });
});
