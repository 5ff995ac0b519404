/**
 * Mistral's own client (`@mistralai/mistralai`, an ES module) traced by the SDK's own instrumentation through
 * `instrumentModules: { mistral }`, under `evaluate()` (20 datapoints, 10 at a time) against the loopback fake: per
 * datapoint `a` `chat.complete` and `b` `chat.stream` (read by the application as it arrives): 40 LLM calls.
 */
import * as mistral from "@mistralai/mistralai";
import { describe, expect, it } from "vitest";
import { modelEvents } from "../../../routing/evaluate-stack";
import { unitMark } from "../../../routing/routing-check";
import { withProviderStack } from "../../provider-stack";
import { type FakeProviderApis, startFakeProviderApis } from "./fake-provider-apis";

const MODEL = "mistral-small-2603";

function calls(fake: FakeProviderApis) {
  const client = new mistral.Mistral({ apiKey: "test-key", serverURL: fake.url, retryConfig: { strategy: "none" } });
  return async (unit: number): Promise<string[]> => {
    const plain = await client.chat.complete({ model: MODEL, messages: [{ role: "user", content: `${unitMark(unit)}a` }], temperature: 0.2 });
    let streamed = "";
    for await (const event of await client.chat.stream({ model: MODEL, messages: [{ role: "user", content: `${unitMark(unit)}b` }] })) {
      const content = event.data.choices[0]?.delta.content;
      if (typeof content === "string") streamed += content;
    }
    return [String(plain.choices?.[0]?.message?.content ?? ""), streamed];
  };
}

const stack = withProviderStack({
  stack: "provider-sdks-mistral",
  testUrl: import.meta.url,
  startFake: startFakeProviderApis,
  fromStackDir: false,
  captureLogs: true,
  streamedTags: ["b"],
  run: (fake, backend) => backend.evaluate("provider-sdks-mistral", calls(fake), { mistral }),
});

describe("@mistralai/mistralai + instrumentModules: { mistral }", () => {
  it("40 LLM calls -> 40 model events, each in its own datapoint's session, none doubled; the SDK logged nothing", () => {
    expect(stack.fake.requests).toHaveLength(40);
    expect(stack.report.problems).toEqual([]);
    expect(stack.report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
    expect(stack.sdkLines).toBe("");
  });

  it("every model event whole: provider mistral_ai (as through the openai client), Mistral's price; the stream's time to first token", () => {
    expect(stack.row).toMatchObject({ withInputsOutputs: "40/40", withTokens: "40/40", priced: "40/40", withProvider: "40/40", firstToken: "20/20" });
    for (const event of stack.report.eventsByDatapoint.flatMap(modelEvents)) {
      expect(event.config).toMatchObject({ provider: "mistral_ai", model: MODEL });
      expect(String((event.metadata as Record<string, unknown>).cost_price_key)).toMatch(/^mistral\//);
    }
  });
});
