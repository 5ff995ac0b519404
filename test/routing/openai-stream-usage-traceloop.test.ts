/**
 * Issue 23, requirement 7: OpenLLMetry's OpenAI instrumentation (0.27) never reads a stream's usage chunk (it only
 * estimates tokens with `enrichTokens`, off by default) and records no first chunk. `instrumentModules: { openAI }`
 * patches the module with it and applies the SDK's stream observer (integrations/provider-stream-usage.ts): the
 * streamed calls get the provider's token counts and a time to first token, under evaluate().
 */
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { type StackBackend, startStackBackend } from "./evaluate-stack";
import { expectStreamedUsage, streamedUsageCalls } from "./openai-stream-usage";

let fake: FakeOpenAI;
let backend: StackBackend;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  backend = await startStackBackend();
  client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
});
afterAll(async () => {
  await fake.close();
  await backend.close();
});

describe("OpenAI + OpenLLMetry (instrumentModules), streamed with include_usage, evaluate() 20 datapoints x maxWorkers 10", () => {
  it("40 calls -> 40 model events with tokens and cost; the 20 streamed ones with a time to first token", async () => {
    expectStreamedUsage(await backend.evaluate("openai-traceloop-stream-usage", (i) => streamedUsageCalls(client, i), { openAI: OpenAI }));
  });
});
