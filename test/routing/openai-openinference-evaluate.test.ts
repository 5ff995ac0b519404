/**
 * Issue 20, requirement 1: OpenInference's OpenAI instrumentation + the real `openai` client (CommonJS build,
 * patched by the require hook) under `evaluate()` with 20 datapoints at `maxWorkers: 10`, the second call of
 * each datapoint streamed: one model event per call, each in its own datapoint's session.
 */
import { describe, expect, it } from "vitest";
import { modelEvents } from "./evaluate-stack";
import { openAICalls } from "./openai-evaluate";
import { useOpenInferenceOpenAIStack } from "./openinference-openai-stack";

const stack = useOpenInferenceOpenAIStack();

describe("OpenAI + OpenInference, evaluate() 20 datapoints x maxWorkers 10", () => {
  it("40 calls (20 streamed) -> 40 model events, each in its own datapoint's session", async () => {
    const report = await stack.backend.evaluate("openai-openinference", (i) => openAICalls(stack.client, i));
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
    for (const events of report.eventsByDatapoint) expect(modelEvents(events).map((e) => e.event_name)).toEqual(["OpenAI Chat Completions", "OpenAI Chat Completions"]);
  });
});
