/**
 * The genkit stack with OpenInference's OpenAI instrumentation on the OpenAI plugin's `openai` client as well
 * (`instrumentModules: { genkit, openAI }`, which patches every installed copy of `openai`): each call through that
 * plugin is reported twice, by Genkit's model action and by the client's span inside it. Each stays one `model` event
 * (Genkit's, whole and priced), the client's report a `chain` linked to it; the Google plugin's calls are Genkit's
 * alone. Per datapoint `generate` through each plugin: 40 LLM calls -> 40 model events. Only `generate`: the plugin
 * streams through the `openai` 4 client's `beta.chat.completions.stream()`, which OpenInference's instrumentation
 * 4.2.7 breaks ("Cannot read properties of undefined (reading 'signal')", the same without HoneyHive's observers).
 */
import * as genkitModule from "genkit";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { modelEvents } from "../../../routing/evaluate-stack";
import { startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { withProviderStack } from "../../provider-stack";
import { genkitCalls, withGeminiFake } from "./genkit-workload";

withGeminiFake();

const stack = withProviderStack({
  stack: "genkit+openinference",
  testUrl: import.meta.url,
  startFake: () => startFakeOpenAI(),
  fromStackDir: true,
  captureLogs: false,
  run: (fake, backend) => backend.evaluate("genkit+openinference", genkitCalls(fake, { plainOnly: true }), { genkit: genkitModule, openAI: OpenAI }, { tags: ["a", "c"] }),
});

describe("genkit + OpenInference's OpenAI instrumentation on the plugin's client", () => {
  it("40 LLM calls -> 40 model events (Genkit's), none doubled; every OpenAI-plugin call's client report a linked chain", () => {
    expect(stack.report.problems).toEqual([]);
    expect(stack.report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0, brokenLinks: 0 });
    const twins = stack.report.eventsByDatapoint.flat().filter((e) => (e.metadata as Record<string, unknown> | undefined)?.same_call_as !== undefined);
    expect(twins).toHaveLength(20); // the OpenAI plugin's call, per datapoint
    for (const twin of twins) expect(twin.event_type).toBe("chain");
  });

  it("the model events stay whole and priced (Genkit's own report)", () => {
    expect(stack.row).toMatchObject({ withTokens: "40/40", priced: "40/40", withProvider: "40/40" });
    for (const event of stack.report.eventsByDatapoint.flatMap(modelEvents)) expect((event.metadata as Record<string, unknown>).genai_dialects).toContain("genkit");
  });
});
