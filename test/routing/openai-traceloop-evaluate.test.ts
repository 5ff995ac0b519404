/**
 * Issue 20, requirement 1: OpenLLMetry's (Traceloop's) OpenAI instrumentation through
 * `evaluate({ instrumentModules: { openAI: OpenAI } })` + the real `openai` client (ES module), 20 datapoints
 * at `maxWorkers: 10` (OpenLLMetry's registered as the app's choice), the second call of each datapoint streamed: one model event per call, each in its own
 * datapoint's session.
 */
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { type StackBackend, modelEvents, startStackBackend } from "./evaluate-stack";
import { chooseTraceloopForOpenAI } from "./choose-traceloop";
import { openAICalls } from "./openai-evaluate";

let fake: FakeOpenAI;
let backend: StackBackend;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  backend = await startStackBackend();
  chooseTraceloopForOpenAI();
});
afterAll(async () => {
  await fake.close();
  await backend.close();
});

describe("OpenAI + OpenLLMetry (instrumentModules), evaluate() 20 datapoints x maxWorkers 10", () => {
  it("40 calls (20 streamed) -> 40 model events, each in its own datapoint's session", async () => {
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    const report = await backend.evaluate("openai-traceloop", (i) => openAICalls(client, i), { openAI: OpenAI });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
    for (const events of report.eventsByDatapoint) expect(modelEvents(events).map((e) => e.event_name)).toEqual(["chat gpt-test", "chat gpt-test"]);
  });
});
