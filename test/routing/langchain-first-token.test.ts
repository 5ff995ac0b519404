/**
 * Issue 47, requirement 5: LangChain traced by OpenInference's LangChain instrumentation alone (no client
 * instrumentation, the README's LangChain setup): OpenInference exports no time to first token, but LangChain's tracer
 * records each streamed token; the SDK puts the first one's time on the run's span before the tracer ends it
 * (integrations/langchain-first-token.ts). Under evaluate() (20 datapoints at maxWorkers 10), a plain and a streamed
 * call per datapoint. (Own file: no client instrumentation may patch `openai` in this process.)
 */
import { describe, expect, it } from "vitest";
import { firstTokenMs } from "../../packages/honeyhive/src/integrations/langchain-first-token";
import { modelEvents } from "./evaluate-stack";
import { useFakeOpenAIStack } from "./fake-openai-stack";
import { instrumentedLangChainModel } from "./langchain-stack";
import { unitMark } from "./routing-check";

const stack = useFakeOpenAIStack();

describe("LangChain + OpenInference only: streamed calls have a time to first token", () => {
  it("40 calls -> 40 model events; the 20 streamed ones with the run's first token, the plain ones without", async () => {
    const model = instrumentedLangChainModel(stack.fake.url); // registers OpenInference's LangChain instrumentation (process-wide)
    const calls = async (i: number): Promise<string[]> => {
      const plain = await model.invoke(`${unitMark(i)}a`);
      let text = "";
      for await (const chunk of await model.stream(`${unitMark(i)}b`)) text += String(chunk.content);
      return [String(plain.content), text];
    };
    const report = await stack.backend.evaluate("langchain-first-token", calls);
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
    for (const events of report.eventsByDatapoint) {
      const [plain, streamed] = modelEvents(events).sort((a, b) => a.start_time! - b.start_time!);
      expect(plain!.metadata).not.toHaveProperty("time_to_first_token");
      expect(streamed!.metadata).toMatchObject({ streamed: true, time_to_first_token: expect.any(Number) });
      const ttft = (streamed!.metadata as Record<string, unknown>).time_to_first_token as number;
      expect(ttft).toBeGreaterThanOrEqual(0);
      expect(ttft).toBeLessThanOrEqual(streamed!.duration!); // within the call
    }
  });


  it("the first new_token event after the run's start, in ms; nothing without one", () => {
    const start = Date.parse("2026-11-26T03:00:00.000Z");
    const events = [{ name: "start", time: "2026-11-26T03:00:00.000Z" }, { name: "new_token", time: "2026-11-26T03:00:00.250Z" }, { name: "new_token", time: "2026-11-26T03:00:00.400Z" }];
    expect(firstTokenMs({ start_time: start, events })).toBe(250);
    expect(firstTokenMs({ start_time: start, events: events.slice(0, 1) })).toBeUndefined();
    expect(firstTokenMs({ start_time: start + 1000, events })).toBeUndefined(); // a token before the start is no measure
    expect(firstTokenMs({ start_time: "not a time", events })).toBeUndefined();
    expect(firstTokenMs({ start_time: start, events: "x" })).toBeUndefined();
  });
});
