/**
 * Groq's own SDK as `npm install groq-sdk @traceloop/instrumentation-openai` gives it, through
 * `instrumentModules: { groq: Groq }` (the OpenAI instrumentation patches groq-sdk's client, which has the openai
 * client's shape). The client keeps Groq's endpoint; the test's `fetch` carries its requests to a loopback fake of the
 * OpenAI-shaped API. Each call is one model event named provider `groq` (from the endpoint) and priced at Groq's price;
 * the streamed one has tokens and a time to first token.
 */
import Groq from "groq-sdk";
import { describe, expect, it } from "vitest";
import { startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { modelEvents } from "../../../routing/evaluate-stack";
import { expectStreamedUsage, streamedUsageCalls } from "../../../routing/openai-stream-usage";
import { expectDiagnosisClean, expectOneModelEventPerCall, withProviderStack } from "../../provider-stack";
import { redirectFetch } from "../../redirect-fetch";

const MODEL = "llama-3.3-70b-versatile";

const stack = withProviderStack({
  stack: "groq",
  testUrl: import.meta.url,
  startFake: () => startFakeOpenAI(),
  fromStackDir: true,
  captureLogs: false,
  run: (fake, backend) => {
    const client = new Groq({ apiKey: "gsk-test", maxRetries: 0, fetch: redirectFetch("https://api.groq.com/openai/v1", `${fake.url}/v1`) });
    return backend.evaluate("groq", (i) => streamedUsageCalls(client as never, i, MODEL), { groq: Groq });
  },
});

describe("groq-sdk + OpenLLMetry (instrumentModules: { groq: Groq })", () => {
  it("40 calls (20 streamed with include_usage) -> 40 model events in their own sessions, provider groq, priced at Groq's price, a time to first token on each stream", () => {
    expectOneModelEventPerCall(stack.report, stack.row);
    expectStreamedUsage(stack.report, { responseModel: MODEL });
    for (const events of stack.report.eventsByDatapoint) {
      const models = modelEvents(events);
      expect(models.map((e) => e.event_name)).toEqual([`chat ${MODEL}`, `chat ${MODEL}`]);
      for (const event of models) {
        expect((event.config as Record<string, unknown>).provider).toBe("groq");
        expect((event.metadata as Record<string, unknown>).cost_price_key).toBe(`groq/${MODEL}`);
      }
    }
    expect(stack.row.unpricedModels).toEqual([]);
  });

  it("diagnose(): no problem, the instrumentation's spans counted", async () => {
    await expectDiagnosisClean("@traceloop/instrumentation-openai");
  });
});
