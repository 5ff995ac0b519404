/**
 * Issue 20, requirements 1 and 2: the real `@anthropic-ai/sdk` client traced by OpenInference's Anthropic
 * instrumentation against a loopback Anthropic server, under `evaluate()` with 20 datapoints at
 * `maxWorkers: 10` (second call of each datapoint streamed).
 *
 * `@anthropic-ai/sdk` 1.x also reports every call with its own built-in telemetry (`anthropic.messages.create`,
 * a child of OpenInference's `Anthropic Messages`): two model spans for one call, which doubled session tokens.
 * The SDK keeps the outer one as the model event and the inner one as a linked chain event (nothing lost).
 */
import { AnthropicInstrumentation } from "@arizeai/openinference-instrumentation-anthropic";
import * as AnthropicModule from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTracer } from "../../packages/honeyhive/src/testing";
import { type StackBackend, modelEvents, startStackBackend } from "./evaluate-stack";
import { type FakeAnthropic, startFakeAnthropic } from "../helpers/fake-anthropic-server";
import { anthropicCalls } from "./anthropic-workload";

let fake: FakeAnthropic;
let backend: StackBackend;
let client: AnthropicModule.Anthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  backend = await startStackBackend();
  const instrumentation = new AnthropicInstrumentation();
  createTestTracer({ instrumentations: [instrumentation] });
  instrumentation.manuallyInstrument(AnthropicModule.Anthropic);
  client = new AnthropicModule.Anthropic({ baseURL: fake.url, apiKey: "sk-ant-test", maxRetries: 0 });
});
afterAll(async () => {
  await fake.close();
  await backend.close();
});

describe("Anthropic SDK + OpenInference, evaluate() 20 datapoints x maxWorkers 10", () => {
  it("40 calls -> 40 model events in their own sessions; the SDK's built-in call spans kept as linked chain events", async () => {
    const report = await backend.evaluate("anthropic", (i) => anthropicCalls(client, i));
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
    for (const events of report.eventsByDatapoint) {
      const models = modelEvents(events);
      expect(models.map((e) => e.event_name)).toEqual(["Anthropic Messages", "Anthropic Messages"]);
      // tokens of each call counted once: 1 input word + 2 output words ("echo: unit-i/x")
      expect(models.map((e) => e.metadata?.["llm.token_count.total"])).toEqual([3, 3]);
      const absorbed = events.filter((e) => e.event_name === "anthropic.messages.create");
      expect(absorbed).toHaveLength(2);
      for (const inner of absorbed) {
        const outer = models.find((m) => m.event_id === inner.parent_id);
        expect(inner.event_type).toBe("chain");
        expect(outer).toBeDefined();
        expect(inner.metadata).toMatchObject({ "gen_ai.usage.input_tokens": 1, "gen_ai.usage.output_tokens": 2 });
        expect(inner.metadata?.same_call_as).toBe(outer!.event_id); // the link names the model event itself
      }
    }
  });
});
