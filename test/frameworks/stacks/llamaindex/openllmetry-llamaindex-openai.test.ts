/**
 * Issue 47, requirement 5: LlamaIndex.TS through OpenLLMetry's LlamaIndex instrumentation **and** the README's OpenAI
 * setup (`instrumentModules: { openAI }`), under `evaluate()` (20 datapoints at `maxWorkers: 10`), a plain and a
 * streamed `chat()` per datapoint. The LlamaIndex span is the call's model event and the OpenAI client's span inside it
 * a linked chain. LlamaIndex streams without `stream_options.include_usage`, so the provider sends no usage chunk; the
 * client's span measures the first chunk (the SDK's stream observer) and the model event takes it with the nested
 * rule (semconv/stream-facts.ts) — before, it was measured and dropped. (Own file: patching is process-wide.)
 */
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { modelEvents } from "../../../routing/evaluate-stack";
import { llamaIndexCalls } from "./llamaindex-calls";
import { useOpenLLMetryLlamaIndex } from "./openllmetry-setup";

const stack = useOpenLLMetryLlamaIndex(import.meta.url);

describe("LlamaIndex.TS + @traceloop/instrumentation-llamaindex + instrumentModules: { openAI }, evaluate() 20 x 10", () => {
  it("40 calls -> 40 model events; each streamed one (no usage chunk) has its time to first token", async () => {
    const report = await stack.backend.evaluate("llamaindex-openllmetry-openai", (i) => llamaIndexCalls(stack.llm, i), { openAI: OpenAI });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
    for (const events of report.eventsByDatapoint) {
      const [plain, streamed] = modelEvents(events).sort((a, b) => a.start_time! - b.start_time!);
      expect(plain!.metadata).toMatchObject({ prompt_tokens: expect.any(Number) });
      expect(plain!.metadata).not.toHaveProperty("time_to_first_token");
      const metadata = streamed!.metadata as Record<string, unknown>;
      expect(metadata).toMatchObject({ streamed: true, time_to_first_token: expect.any(Number) });
      expect(metadata.time_to_first_token).toBeGreaterThan(0);
      expect(metadata.prompt_tokens).toBeUndefined(); // the provider sent no usage for the stream
    }
  });
});
