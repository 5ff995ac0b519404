/**
 * Issue 20, requirement 1: OpenInference's OpenAI instrumentation + the real `openai` client (CommonJS build,
 * patched by the require hook) under `evaluate()` with 20 datapoints at `maxWorkers: 10`, the second call of
 * each datapoint streamed: one model event per call, each in its own datapoint's session.
 */
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import type { OpenAI as OpenAIClient } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTracer } from "../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { type StackBackend, modelEvents, startStackBackend } from "./evaluate-stack";
import { openAICalls } from "./openai-evaluate";
import { requireOpenAI } from "./openai-workload";

let fake: FakeOpenAI;
let backend: StackBackend;
let client: OpenAIClient;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  backend = await startStackBackend();
  createTestTracer({ instrumentations: [new OpenAIInstrumentation()] });
  const { OpenAI } = requireOpenAI();
  client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
});
afterAll(async () => {
  await fake.close();
  await backend.close();
});

describe("OpenAI + OpenInference, evaluate() 20 datapoints x maxWorkers 10", () => {
  it("40 calls (20 streamed) -> 40 model events, each in its own datapoint's session", async () => {
    const report = await backend.evaluate("openai-openinference", (i) => openAICalls(client, i));
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
    for (const events of report.eventsByDatapoint) expect(modelEvents(events).map((e) => e.event_name)).toEqual(["OpenAI Chat Completions", "OpenAI Chat Completions"]);
  });
});
