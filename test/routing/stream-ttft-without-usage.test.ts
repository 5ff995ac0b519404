/**
 * Issue 47, requirement 5: time to first token on every streamed call, whether or not the provider sent usage. A
 * stream without `stream_options.include_usage` (LlamaIndex's, LangChain's with `streamUsage: false`) has no usage
 * chunk; the client's span still measures its first chunk (the SDK's stream observer), and the report that stays the
 * call's model event takes it — by the nested rule (a framework's or the app's model span around the client's: the
 * stream facts are handed up with the usage, semconv/stream-facts.ts) and by the sibling rule (LangChain's run beside
 * the client's span). Under evaluate() (20 datapoints at maxWorkers 10), the real dev server, the real `openai` client
 * with the instrumentation `instrumentModules: { openAI }` picks (OpenInference's, which reads the stream on a `tee()`
 * branch of its own and may end its span after the wrapper ended: the first chunk is handed up as it passes); one
 * streamed call per datapoint.
 * The real LlamaIndex stack: test/frameworks/stacks/llamaindex/openllmetry-llamaindex.test.ts.
 */
import { ChatOpenAI } from "@langchain/openai";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import type { HoneyHiveEvent } from "../../packages/honeyhive/src/api-client/types";
import { trace } from "../../packages/honeyhive/src/index";
import { modelEvents } from "./evaluate-stack";
import { useFakeOpenAIStack } from "./fake-openai-stack";
import { instrumentedLangChainModel } from "./langchain-stack";
import { unitMark } from "./routing-check";

const stack = useFakeOpenAIStack();

/** A streamed chat completion without `stream_options`: the provider sends no usage chunk. */
async function streamWithoutUsage(prompt: string): Promise<string> {
  const stream = await stack.client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }], stream: true });
  let text = "";
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
  return text;
}

/** Every datapoint's one model event: streamed, a positive time to first token, and no token counts (none were sent). */
function expectFirstTokenWithoutUsage(eventsByDatapoint: HoneyHiveEvent[][], name: string): void {
  for (const events of eventsByDatapoint) {
    const models = modelEvents(events);
    expect(models.map((e) => e.event_name)).toEqual([name]);
    const metadata = models[0]!.metadata as Record<string, unknown>;
    expect(metadata).toMatchObject({ streamed: true, time_to_first_token: expect.any(Number) });
    expect(metadata.time_to_first_token).toBeGreaterThan(0);
    expect(metadata.prompt_tokens).toBeUndefined();
  }
}

describe("a stream without a usage chunk keeps its time to first token on the call's model event", () => {
  it("nested: trace(fn, { eventType: 'model' }) around the instrumented client's stream -> the wrapper has it", async () => {
    const step = trace(async (prompt: string) => streamWithoutUsage(prompt), { eventType: "model", eventName: "my_llm_step" });
    const report = await stack.backend.evaluate("stream-ttft-nested", (i) => Promise.all([step(`${unitMark(i)}b`)]), { openAI: OpenAI }, { tags: ["b"] });
    expect(report).toMatchObject({ expected: 20, arrived: 20, misrouted: 0, doubleCounted: 0, lost: 0 });
    expectFirstTokenWithoutUsage(report.eventsByDatapoint, "my_llm_step");
    for (const events of report.eventsByDatapoint) {
      const model = modelEvents(events)[0]!;
      const client = events.find((e) => (e.metadata as Record<string, unknown>)?.same_call_as === model.event_id)!;
      // the client's span measured it: the model event shows that very figure
      expect(client.event_type).toBe("chain");
      const seconds = (client.metadata as Record<string, unknown>)["gen_ai.response.time_to_first_chunk"] as number;
      expect((model.metadata as Record<string, unknown>).time_to_first_token).toBeCloseTo(seconds * 1000, 2);
    }
  });

  it("siblings: LangChain (OpenInference) with streamUsage: false beside the client's span -> LangChain's run has it", async () => {
    instrumentedLangChainModel(stack.fake.url); // registers OpenInference's LangChain instrumentation (process-wide)
    const model = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "sk-test", configuration: { baseURL: `${stack.fake.url}/v1` }, maxRetries: 0, streamUsage: false });
    const calls = async (i: number): Promise<string[]> => {
      let text = "";
      for await (const chunk of await model.stream(`${unitMark(i)}b`)) text += String(chunk.content);
      return [text];
    };
    const report = await stack.backend.evaluate("stream-ttft-langchain", calls, { openAI: OpenAI }, { tags: ["b"] });
    expect(report).toMatchObject({ expected: 20, arrived: 20, misrouted: 0, doubleCounted: 0, lost: 0 });
    expectFirstTokenWithoutUsage(report.eventsByDatapoint, "ChatOpenAI");
  });
});
