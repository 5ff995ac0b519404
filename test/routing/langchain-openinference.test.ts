/**
 * Issue 20, requirement 1: LangChain (`@langchain/openai` ChatOpenAI) traced by OpenInference's LangChain
 * instrumentation, with LangChain's DEFAULT settings (callbacks in the background, on LangChain's queue),
 * under `evaluate()` with 20 datapoints at `maxWorkers: 10`: every LLM call is one model event in its own
 * datapoint's session.
 */
import { LangChainInstrumentation } from "@arizeai/openinference-instrumentation-langchain";
import * as CallbackManagerModule from "@langchain/core/callbacks/manager";
import { ChatOpenAI } from "@langchain/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiClient, type ApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { createTestTracer } from "../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { evaluateStack } from "./evaluate-stack";
import { unitMark } from "./routing-check";

let fake: FakeOpenAI;
let server: DevServer;
let api: ApiClient;
let model: ChatOpenAI;

beforeAll(async () => {
  expect(process.env.LANGCHAIN_CALLBACKS_BACKGROUND).toBeUndefined(); // LangChain's default: handlers on its queue
  fake = await startFakeOpenAI();
  server = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  api = createApiClient({ serverUrl: server.url, apiKey: "local" });
  const instrumentation = new LangChainInstrumentation();
  createTestTracer({ instrumentations: [instrumentation] });
  instrumentation.manuallyInstrument(CallbackManagerModule);
  model = new ChatOpenAI({ model: "gpt-test", apiKey: "sk-test", configuration: { baseURL: `${fake.url}/v1` }, maxRetries: 0 });
});
afterAll(async () => {
  await fake.close();
  await server.close();
});

async function calls(i: number): Promise<string[]> {
  const first = await model.invoke(`${unitMark(i)}a`);
  let streamed = "";
  for await (const chunk of await model.stream(`${unitMark(i)}b`)) streamed += String(chunk.content);
  return [String(first.content), streamed];
}

describe("LangChain + OpenInference, evaluate() 20 datapoints x maxWorkers 10, default settings", () => {
  it("40 calls -> 40 model events, each in its own datapoint's session", async () => {
    const report = await evaluateStack({ name: "langchain", serverUrl: server.url, apiKey: "local", api, calls });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
  });
});
