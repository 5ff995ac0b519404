/**
 * The `openai` client against an Ollama-style server, as the providers guide sets it up: `baseURL`
 * `http://localhost:11434/v1`, model `llama3.2`, `instrumentModules: { openAI: OpenAI }` with OpenLLMetry's OpenAI
 * instrumentation; the dev server reads the user's price file (`HH_DEV_SERVER_PRICES`, this folder's prices.json), as
 * the cost guide says for a local server. The test's `fetch` carries the client's requests to a loopback fake of the
 * OpenAI-shaped API (`/v1/chat/completions` on 127.0.0.1). Each call is one model event named provider `ollama` (from
 * the endpoint) and priced from the file; the streamed one has tokens and a time to first token.
 */
import { fileURLToPath } from "node:url";
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { modelEvents } from "../../../routing/evaluate-stack";
import { expectStreamedUsage, streamedUsageCalls } from "../../../routing/openai-stream-usage";
import { expectDiagnosisClean, expectOneModelEventPerCall, withProviderStack } from "../../provider-stack";
import { redirectFetch } from "../../redirect-fetch";

const MODEL = "llama3.2";
const OLLAMA = "http://localhost:11434/v1";

const previousPrices = process.env.HH_DEV_SERVER_PRICES;
beforeAll(() => {
  process.env.HH_DEV_SERVER_PRICES = fileURLToPath(new URL("./prices.json", import.meta.url)); // before the stack's dev server starts
});
afterAll(() => {
  if (previousPrices === undefined) delete process.env.HH_DEV_SERVER_PRICES;
  else process.env.HH_DEV_SERVER_PRICES = previousPrices;
});

const stack = withProviderStack({
  stack: "openai-compatible",
  testUrl: import.meta.url,
  startFake: () => startFakeOpenAI(),
  fromStackDir: true,
  captureLogs: false,
  run: (fake, backend) => {
    const client = new OpenAI({ baseURL: OLLAMA, apiKey: "ollama", maxRetries: 0, fetch: redirectFetch(OLLAMA, `${fake.url}/v1`) });
    return backend.evaluate("openai-compatible", (i) => streamedUsageCalls(client, i, MODEL), { openAI: OpenAI });
  },
});

describe("openai client + Ollama-style server (instrumentModules: { openAI: OpenAI }, a user price file)", () => {
  it("40 calls (20 streamed with include_usage) -> 40 model events in their own sessions, provider ollama, priced from the price file, a time to first token on each stream", () => {
    expectOneModelEventPerCall(stack.report, stack.row);
    expectStreamedUsage(stack.report, { responseModel: MODEL });
    for (const events of stack.report.eventsByDatapoint) {
      const models = modelEvents(events);
      expect(models.map((e) => e.event_name)).toEqual([`chat ${MODEL}`, `chat ${MODEL}`]);
      for (const event of models) {
        expect((event.config as Record<string, unknown>).provider).toBe("ollama");
        expect((event.metadata as Record<string, unknown>).cost_price_key).toBe(`ollama/${MODEL}`);
      }
    }
    expect(stack.row.unpricedModels).toEqual([]);
  });

  it("diagnose(): no problem, the instrumentation's spans counted", async () => {
    await expectDiagnosisClean("@traceloop/instrumentation-openai");
  });
});
