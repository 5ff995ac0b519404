/**
 * Genkit (`genkit`) recorded from its own telemetry, with `instrumentModules: { genkit }` for the time to first token,
 * under `evaluate()` (20 datapoints, 10 at a time) against loopback fakes of the OpenAI and Gemini APIs
 * (`genkit-workload.ts`: `generate` and `generateStream`, with a tool, through the OpenAI-compatible and Google
 * plugins): 120 LLM calls.
 */
import * as genkitModule from "genkit";
import { describe, expect, it } from "vitest";
import { callOf, modelEvents } from "../../../routing/evaluate-stack";
import { startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { withProviderStack } from "../../provider-stack";
import { GENKIT_SHAPE, STREAMED_TAGS, genkitCalls, withGeminiFake } from "./genkit-workload";

withGeminiFake();

const stack = withProviderStack({
  stack: "genkit",
  testUrl: import.meta.url,
  startFake: () => startFakeOpenAI(),
  fromStackDir: false,
  captureLogs: false,
  streamedTags: STREAMED_TAGS,
  run: (fake, backend) => backend.evaluate("genkit", genkitCalls(fake), { genkit: genkitModule }, GENKIT_SHAPE),
});

describe("genkit (OpenAI-compatible and Google plugins) + instrumentModules: { genkit }", () => {
  it("120 LLM calls -> 120 model events, each in its own datapoint's session, none doubled", () => {
    expect(stack.report.problems).toEqual([]);
    expect(stack.report).toMatchObject({ expected: 120, arrived: 120, misrouted: 0, doubleCounted: 0, lost: 0 });
  });

  it("every model event whole: inputs, outputs, model, provider, tokens, a price; every streamed call's time to first token", () => {
    expect(stack.row).toMatchObject({ withTokens: "120/120", priced: "120/120", withProvider: "120/120", firstToken: "80/80" });
    const [withIo, of] = stack.row.withInputsOutputs.split("/");
    expect(withIo).toBe(of);
    const models = stack.report.eventsByDatapoint.flatMap(modelEvents);
    const provider = (tag: string) => [...new Set(models.filter((e) => callOf(e)?.tag === tag).map((e) => (e.config as Record<string, unknown>).provider))];
    expect(provider("a")).toEqual(["openai"]);
    expect(provider("c")).toEqual(["gcp.gemini"]);
    const tools = stack.report.eventsByDatapoint.flat().filter((e) => e.event_type === "tool");
    expect(tools).toHaveLength(20);
    for (const tool of tools) expect(tool.outputs).toEqual({ value: "sunny" });
  });
});
