/**
 * Time to first token for a stream recorded by OpenInference's OpenAI instrumentation when the provider sends no
 * usage chunk (no `stream_options.include_usage`, the OpenAI client's default): the README's setup
 * (`instrumentations: [new OpenAIInstrumentation()]`, then a CommonJS `require("openai")` that its require hook
 * patches), under evaluate() (20 datapoints at maxWorkers 10) against the real dev server. Every streamed call's model
 * event carries `streamed` and a positive `time_to_first_token`, and no token counts (none were sent).
 */
import { describe, expect, it } from "vitest";
import { modelEvents } from "./evaluate-stack";
import { unitMark } from "./routing-check";
import { useOpenInferenceOpenAIStack } from "./openinference-openai-stack";

const stack = useOpenInferenceOpenAIStack();

/** Datapoint i's one streamed call, without `stream_options`: the fake sends no usage chunk. */
async function streamWithoutUsage(i: number): Promise<string[]> {
  const stream = await stack.client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: `${unitMark(i)}b` }], stream: true });
  let text = "";
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
  return [text];
}

describe("OpenAI + OpenInference, streamed without a usage chunk, evaluate() 20 datapoints x maxWorkers 10", () => {
  it("every model event has streamed and a time to first token, and no token counts", async () => {
    const report = await stack.backend.evaluate("openai-openinference-ttft-no-usage", streamWithoutUsage, undefined, { tags: ["b"] });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 20, arrived: 20, misrouted: 0, doubleCounted: 0, lost: 0 });
    for (const events of report.eventsByDatapoint) {
      const models = modelEvents(events);
      expect(models).toHaveLength(1);
      const metadata = models[0]!.metadata as Record<string, unknown>;
      expect(metadata).toMatchObject({ streamed: true, time_to_first_token: expect.any(Number) });
      expect(metadata.time_to_first_token).toBeGreaterThan(0);
      expect(metadata.prompt_tokens).toBeUndefined();
    }
  });
});
