/**
 * Cohere's own client (`cohere-ai`) traced by the SDK's own instrumentation through `instrumentModules: { cohere }`,
 * under `evaluate()` (20 datapoints, 10 at a time) against the loopback fake: per datapoint `a` v2 `chat`, `b` v2
 * `chatStream`, `c` v2 `chat` offering a tool (the tool-call turn, the tool's result sent back, the answer: two LLM
 * calls), `d` the v1 client's `chatStream` (whose text the application must still receive): 100 LLM calls.
 */
import * as cohere from "cohere-ai";
import { describe, expect, it } from "vitest";
import { modelEvents } from "../../../routing/evaluate-stack";
import { unitMark } from "../../../routing/routing-check";
import { redirectFetch } from "../../redirect-fetch";
import { withProviderStack } from "../../provider-stack";
import { type FakeProviderApis, startFakeProviderApis } from "./fake-provider-apis";

const MODEL = "command-r-08-2024";
const COHERE = "https://api.cohere.com";
const TOOLS = [{ type: "function" as const, function: { name: "get_weather", description: "Weather of a city.", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }];

function calls(fake: FakeProviderApis) {
  const options = { token: "test-key", environment: COHERE, fetch: redirectFetch(COHERE, fake.url) };
  const v2 = new cohere.CohereClientV2(options);
  const v1 = new cohere.CohereClient(options);
  return async (unit: number): Promise<string[]> => {
    const ask = (tag: string) => [{ role: "user" as const, content: `${unitMark(unit)}${tag}` }];
    const plain = await v2.chat({ model: MODEL, messages: ask("a") });
    let streamed = "";
    for await (const event of await v2.chatStream({ model: MODEL, messages: ask("b"), temperature: 0.3 })) {
      if (event.type === "content-delta") streamed += event.delta?.message?.content?.text ?? "";
    }
    const messages: any[] = ask("c");
    const turn = await v2.chat({ model: MODEL, messages, tools: TOOLS });
    const call = turn.message.toolCalls?.[0];
    if (!call?.id) throw new Error("no tool call");
    messages.push({ role: "assistant", toolCalls: turn.message.toolCalls, toolPlan: turn.message.toolPlan }, { role: "tool", toolCallId: call.id, content: "sunny" });
    const answer = await v2.chat({ model: MODEL, messages, tools: TOOLS });
    let v1Text = "";
    for await (const event of await v1.chatStream({ model: MODEL, message: `${unitMark(unit)}d` })) {
      if (event.eventType === "text-generation") v1Text += event.text;
    }
    const text = (r: typeof plain) => (r.message.content ?? []).map((p) => ("text" in p ? p.text : "")).join("");
    return [text(plain), streamed, text(answer), v1Text];
  };
}

const stack = withProviderStack({
  stack: "provider-sdks-cohere",
  testUrl: import.meta.url,
  startFake: startFakeProviderApis,
  fromStackDir: false,
  captureLogs: true,
  streamedTags: ["b", "d"],
  run: (fake, backend) => backend.evaluate("provider-sdks-cohere", calls(fake), { cohere }, { tags: ["a", "b", "c", "d"], callsPerTag: { c: 2 } }),
});

describe("cohere-ai + instrumentModules: { cohere }", () => {
  it("100 LLM calls -> 100 model events, each in its own datapoint's session, none doubled; the app got every answer, streams included", () => {
    expect(stack.fake.requests).toHaveLength(100);
    expect(stack.report.problems).toEqual([]);
    expect(stack.report).toMatchObject({ expected: 100, arrived: 100, misrouted: 0, doubleCounted: 0, lost: 0 });
    expect(stack.sdkLines).toBe("");
  });

  it("every model event whole: inputs, outputs, model, provider cohere, tokens, a price; streams with a time to first token", () => {
    expect(stack.row).toMatchObject({ withInputsOutputs: "100/100", withTokens: "100/100", priced: "100/100", withProvider: "100/100", firstToken: "40/40" });
    const models = stack.report.eventsByDatapoint.flatMap(modelEvents);
    for (const event of models) expect(event.config).toMatchObject({ provider: "cohere", model: MODEL });
    const toolTurn = models.find((e) => JSON.stringify(e.outputs).includes("get_weather"));
    expect((toolTurn?.outputs as { tool_calls?: unknown[] }).tool_calls?.[0]).toMatchObject({ function: { name: "get_weather" } });
    const toolResult = models.find((e) => JSON.stringify(e.inputs).includes("\"tool\""));
    expect(JSON.stringify(toolResult?.inputs)).toContain("sunny");
  });
});
