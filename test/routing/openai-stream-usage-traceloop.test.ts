/**
 * Issue 23, requirement 7: OpenLLMetry's OpenAI instrumentation (0.27) never reads a stream's usage chunk (it only
 * estimates tokens with `enrichTokens`, off by default) and records no first chunk. `instrumentModules: { openAI }`
 * (OpenLLMetry's registered as the app's choice) patches the module with it and applies the SDK's stream observer (integrations/provider-stream-usage.ts): the
 * streamed calls get the provider's token counts and a time to first token, under evaluate().
 */
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { modelEvents, type StackBackend, startStackBackend } from "./evaluate-stack";
import { chooseTraceloopForOpenAI } from "./choose-traceloop";
import { expectStreamedUsage, streamedUsageCalls } from "./openai-stream-usage";

let fake: FakeOpenAI;
let backend: StackBackend;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  backend = await startStackBackend();
  chooseTraceloopForOpenAI();
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

// Issue 47 req 1: each client call records the endpoint it reached (`server.address` / `server.port`, from the
// client's `baseURL`), from which the translation names an OpenAI-compatible provider
// (test/pricing/provider-endpoint.test.ts). The fake is on 127.0.0.1 at a free port, which names no provider: the
// events keep `openai` and carry the endpoint.
describe("the endpoint of an OpenAI-client call is recorded on its model event", () => {
  it("40 calls (plain and streamed) -> 40 model events naming 127.0.0.1 and the fake's port", async () => {
    const report = await backend.evaluate("openai-endpoint", (i) => streamedUsageCalls(client, i), { openAI: OpenAI });
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, lost: 0 });
    const port = Number(new URL(fake.url).port);
    for (const events of report.eventsByDatapoint) {
      for (const event of modelEvents(events)) {
        expect(event.metadata).toMatchObject({ "server.address": "127.0.0.1", "server.port": port });
        expect((event.config as Record<string, unknown>).provider).toBe("openai");
      }
    }
  });
});
