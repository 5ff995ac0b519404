/**
 * Issue 20, requirements 1 and 2: the Vercel AI SDK (`ai` + `@ai-sdk/openai`, `experimental_telemetry`) under
 * `evaluate()` with 20 datapoints at `maxWorkers: 10`: `generateText` then `streamText`. Each call makes a
 * call span (`ai.generateText`, a chain) and a model-call span (`ai.generateText.doGenerate`, the model
 * event); the AI SDK's provider calls the API with fetch, not through the `openai` client, so no provider
 * instrumentation reports the call a second time.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { type StackBackend, modelEvents, startStackBackend } from "./evaluate-stack";
import { vercelAiCalls } from "./vercel-ai-calls";

let fake: FakeOpenAI;
let backend: StackBackend;
let provider: ReturnType<typeof createOpenAI>;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  backend = await startStackBackend();
  provider = createOpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test" });
});
afterAll(async () => {
  await fake.close();
  await backend.close();
});

const calls = (i: number): Promise<string[]> => vercelAiCalls(provider, i);

describe("Vercel AI SDK telemetry, evaluate() 20 datapoints x maxWorkers 10", () => {
  it("40 calls -> 40 model events (doGenerate / doStream), each in its own datapoint's session; the call spans are chains", async () => {
    const report = await backend.evaluate("vercel-ai", calls);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
    for (const events of report.eventsByDatapoint) {
      expect(modelEvents(events).map((e) => e.event_name).sort()).toEqual(["ai.generateText.doGenerate", "ai.streamText.doStream"]);
      expect(events.filter((e) => e.event_name === "ai.generateText" || e.event_name === "ai.streamText").map((e) => e.event_type)).toEqual(["chain", "chain"]);
    }
  });
});
