/**
 * `openai` 7 (the `openai-v7` alias) streamed with `include_usage`, through OpenLLMetry's OpenAI instrumentation
 * (`instrumentModules: { openAI: OpenAI }`, OpenLLMetry's registered as the app's choice). openai 7 hands `post()` its request options as a promise, the `stream`
 * flag settled only when the body is serialized; the SDK's stream observer (integrations/provider-stream-usage.ts)
 * read the flag from those options and so watched no openai 7 stream: the streamed calls arrived with no tokens, no
 * `streamed`, no time to first token and the request's model. Against a loopback fake that answers with a dated
 * model, under evaluate() (the dev server's events read back).
 */
import OpenAI from "openai-v7";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { type StackBackend, startStackBackend } from "./evaluate-stack";
import { chooseTraceloopForOpenAI } from "./choose-traceloop";
import { expectStreamedUsage, streamedUsageCalls } from "./openai-stream-usage";

const DATED = "gpt-4o-mini-2024-07-18";
let fake: FakeOpenAI;
let backend: StackBackend;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ responseModel: () => DATED });
  backend = await startStackBackend();
  chooseTraceloopForOpenAI();
  client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
});
afterAll(async () => {
  await fake.close();
  await backend.close();
});

describe("openai 7 + OpenLLMetry (instrumentModules), streamed with include_usage, evaluate() 20 datapoints x maxWorkers 10", () => {
  it("40 calls -> 40 model events with tokens, cost and the response model; the 20 streamed ones streamed, with a time to first token", async () => {
    expectStreamedUsage(await backend.evaluate("openai7-traceloop-stream-usage", (i) => streamedUsageCalls(client, i), { openAI: OpenAI }), { responseModel: DATED });
  });
});
