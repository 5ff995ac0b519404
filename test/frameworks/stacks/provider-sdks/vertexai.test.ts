/**
 * Google's Vertex AI client (`@google-cloud/vertexai`) traced by the SDK's own instrumentation through
 * `instrumentModules: { vertexAI }`, under `evaluate()` (20 datapoints, 10 at a time) against the loopback Gemini fake
 * (Vertex AI's paths): per datapoint `a` `generateContent`, `b` `generateContentStream` (its stream read by the
 * application, then its response), `c` a chat session's `sendMessage` after one earlier turn: 60 LLM calls.
 */
import * as vertexAI from "@google-cloud/vertexai";
import { OAuth2Client } from "google-auth-library";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelEvents } from "../../../routing/evaluate-stack";
import { unitMark } from "../../../routing/routing-check";
import { type FakeGemini, startFakeGemini } from "../../../helpers/fake-gemini-server";
import { withProviderStack } from "../../provider-stack";

const MODEL = "gemini-2.5-flash";
const ENDPOINT = "https://us-central1-aiplatform.googleapis.com";
const originalFetch = globalThis.fetch;
let fakeUrl = "";

beforeAll(() => {
  // @google-cloud/vertexai calls the global fetch with https://<location>-aiplatform.googleapis.com: carried to the fake
  globalThis.fetch = (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    return url.startsWith(ENDPOINT) ? originalFetch(`${fakeUrl}${url.slice(ENDPOINT.length)}`, init) : originalFetch(input, init);
  };
});
afterAll(() => {
  globalThis.fetch = originalFetch;
});

function calls(fake: FakeGemini) {
  fakeUrl = fake.url;
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: "test-token", expiry_date: Date.now() + 3_600_000 });
  const vertex = new vertexAI.VertexAI({ project: "test-project", location: "us-central1", googleAuthOptions: { authClient } });
  const model = vertex.getGenerativeModel({ model: MODEL, systemInstruction: "Answer briefly.", generationConfig: { temperature: 0.2 } });
  const text = (r: vertexAI.GenerateContentResponse) => (r.candidates?.[0]?.content.parts ?? []).map((p) => p.text ?? "").join("");
  return async (unit: number): Promise<string[]> => {
    const plain = await model.generateContent(`${unitMark(unit)}a`);
    const streaming = await model.generateContentStream({ contents: [{ role: "user", parts: [{ text: `${unitMark(unit)}b` }] }] });
    let streamed = "";
    for await (const chunk of streaming.stream) streamed += text(chunk);
    await streaming.response;
    const chat = model.startChat({ history: [{ role: "user", parts: [{ text: "hello" }] }, { role: "model", parts: [{ text: "hi" }] }] });
    const turn = await chat.sendMessage(`${unitMark(unit)}c`);
    return [text(plain.response), streamed, text(turn.response)];
  };
}

const stack = withProviderStack({
  stack: "provider-sdks-vertexai",
  testUrl: import.meta.url,
  startFake: startFakeGemini,
  fromStackDir: false,
  captureLogs: true,
  streamedTags: ["b"],
  run: (fake, backend) => backend.evaluate("provider-sdks-vertexai", calls(fake), { vertexAI }, { tags: ["a", "b", "c"] }),
});

describe("@google-cloud/vertexai + instrumentModules: { vertexAI }", () => {
  it("60 LLM calls -> 60 model events, each in its own datapoint's session, none doubled; the SDK logged nothing", () => {
    expect(stack.fake.requests).toHaveLength(60);
    expect(stack.report.problems).toEqual([]);
    expect(stack.report).toMatchObject({ expected: 60, arrived: 60, misrouted: 0, doubleCounted: 0, lost: 0 });
    expect(stack.sdkLines).toBe("");
  });

  it("every model event whole: provider gcp.vertex_ai, Vertex AI's price; the stream's time to first token; a chat turn's history", () => {
    expect(stack.row).toMatchObject({ withInputsOutputs: "60/60", withTokens: "60/60", priced: "60/60", withProvider: "60/60", firstToken: "20/20" });
    const models = stack.report.eventsByDatapoint.flatMap(modelEvents);
    for (const event of models) {
      expect(event.config).toMatchObject({ provider: "gcp.vertex_ai", model: MODEL });
      expect(String((event.metadata as Record<string, unknown>).cost_price_key)).toMatch(/^google\//);
    }
    const chatTurn = models.find((e) => JSON.stringify(e.inputs).includes("/c"));
    const history = (chatTurn?.inputs as { chat_history: { role: string; content: string }[] }).chat_history;
    expect(history.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
  });
});
