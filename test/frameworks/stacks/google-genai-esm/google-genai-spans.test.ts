/**
 * Issue 23 req 5: the SDK's @google/genai instrumentation on the real client, span by span: one CLIENT span per
 * request whatever module format and however often the module is given; a refused request is an ERROR span and the
 * client's own error reaches the caller unchanged; a stream closed early still ends its span with what it yielded.
 */
import { createRequire } from "node:module";
import * as genai from "@google/genai";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { type FakeGemini, startFakeGemini } from "../../../helpers/fake-gemini-server";

const cjs = createRequire(import.meta.url)("@google/genai") as typeof genai;
let fake: FakeGemini;
let recorder: ReturnType<typeof createTestTracer>;

beforeAll(async () => {
  fake = await startFakeGemini();
  // the ESM namespace twice (two keys' worth of setups) and the CommonJS exports: each prototype patched once
  recorder = createTestTracer({ instrumentModules: { googleGenAI: genai } });
  createTestTracer({ instrumentModules: { googleGenAI: genai } });
  createTestTracer({ instrumentModules: { googleGenAI: cjs } });
});
afterAll(() => fake.close());

const client = (module: typeof genai): genai.GoogleGenAI => new module.GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: fake.url } });
const genAiSpans = async (): Promise<Awaited<ReturnType<typeof recorder.spans>>> => (await recorder.spans()).filter((s) => s.instrumentationScope.name === "honeyhive.google-genai");

describe("@google/genai spans", () => {
  it("ESM and CommonJS are different classes, each patched once: one span per request", async () => {
    expect(cjs.Models).not.toBe(genai.Models);
    await recorder.tracer.trace(async () => {
      await client(genai).models.generateContent({ model: "gemini-2.5-flash", contents: "esm" });
      await client(cjs).models.generateContent({ model: "gemini-2.5-flash", contents: "cjs" });
    });
    const spans = await genAiSpans();
    expect(spans.map((s) => [s.name, s.kind, JSON.parse(String(s.attributes["gen_ai.input.messages"]))[0].parts[0].content])).toEqual([
      ["generate_content gemini-2.5-flash", SpanKind.CLIENT, "esm"],
      ["generate_content gemini-2.5-flash", SpanKind.CLIENT, "cjs"],
    ]);
    recorder.exporter.reset();
  });

  it("a refused request: an ERROR span with the exception, and the client's ApiError rethrown as it was", async () => {
    const error = await recorder.tracer.trace(() => client(genai).models.generateContent({ model: "fail-model", contents: "x" }).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(genai.ApiError);
    expect((error as genai.ApiError).status).toBe(400);
    const [span] = await genAiSpans();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes["error.type"]).toBe("ApiError");
    expect(span?.events.map((e) => e.name)).toEqual(["exception"]);
    recorder.exporter.reset();
  });

  it("a stream closed after its first chunk: the span ends with the first chunk's text and a time to first chunk", async () => {
    const first = await recorder.tracer.trace(async () => {
      for await (const chunk of await client(genai).models.generateContentStream({ model: "gemini-2.5-flash", contents: "one two three" })) return chunk.text;
      return undefined;
    });
    expect(first).toBe("echo:");
    const [span] = await genAiSpans();
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(JSON.parse(String(span?.attributes["gen_ai.output.messages"]))).toEqual([{ role: "assistant", parts: [{ type: "text", content: "echo:" }] }]);
    expect(span?.attributes["gen_ai.response.time_to_first_chunk"]).toBeGreaterThan(0);
  });
});

describe("@google/genai automatic function calling", () => {
  it("the function-call turn and the answer are two spans; the second carries the call and its result as input", async () => {
    recorder.exporter.reset();
    const lookup = {
      tool: async () => ({ functionDeclarations: [{ name: "lookup", description: "Looks the query up.", parametersJsonSchema: { type: "object", properties: { query: { type: "string" } } } }] }),
      callTool: async (calls: { id?: string; name?: string; args?: { query?: string } }[]) => calls.map((c) => ({ functionResponse: { id: c.id, name: c.name, response: { output: `found: ${c.args?.query}` } } })),
    };
    const answer = await recorder.tracer.trace(async () => (await client(genai).models.generateContent({ model: "gemini-2.5-flash", contents: "unit-0/t", config: { tools: [lookup] } })).text);
    expect(answer).toBe("echo: unit-0/t");
    const spans = await genAiSpans();
    expect(spans).toHaveLength(2);
    const [call] = JSON.parse(String(spans[0]?.attributes["gen_ai.output.messages"]))[0].parts;
    expect(call).toEqual({ type: "tool_call", id: expect.stringMatching(/^fc_\d+$/), name: "lookup", arguments: { query: "unit-0/t" } });
    expect(JSON.parse(String(spans[1]?.attributes["gen_ai.input.messages"]))).toEqual([
      { role: "user", parts: [{ type: "text", content: "unit-0/t" }] },
      { role: "assistant", parts: [call] },
      { role: "tool", parts: [{ type: "tool_call_response", id: call.id, response: { output: "found: unit-0/t" } }] },
    ]);
  });
});
