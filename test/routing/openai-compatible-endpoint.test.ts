/**
 * Issue 47 req 1: a call through the real `openai` client (OpenLLMetry's instrumentation via `instrumentModules`)
 * records the endpoint it reached (`server.address` / `server.port`, from the client's `baseURL`), from which the
 * translation names an OpenAI-compatible provider (test/pricing/provider-endpoint.test.ts). The fake provider is on
 * 127.0.0.1 at a free port, which names no provider: the events keep `openai` and carry the endpoint.
 */
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { modelEvents, type StackBackend, startStackBackend } from "./evaluate-stack";
import { streamedUsageCalls } from "./openai-stream-usage";

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

describe("the endpoint of an OpenAI-client call is recorded on its model event", () => {
  it("40 calls (plain and streamed) -> 40 model events naming 127.0.0.1 and the fake's port", async () => {
    const report = await backend.evaluate("openai-endpoint", (i) => streamedUsageCalls(client, i), { openAI: OpenAI });
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, lost: 0 });
    const port = Number(new URL(fake.url).port);
    for (const events of report.eventsByDatapoint) {
      for (const event of modelEvents(events)) {
        expect(event.metadata).toMatchObject({ "server.address": "127.0.0.1", "server.port": port });
        expect((event.config as Record<string, unknown>).provider).toBe("openai");
        expect((event.metadata as Record<string, unknown>).cost).toBeGreaterThan(0);
      }
    }
  });
});
