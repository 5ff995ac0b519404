/**
 * LangChain + OpenInference as `npm install @langchain/core @langchain/openai
 * @arizeai/openinference-instrumentation-langchain` gives them, the README's setup: the instrumentation given to the
 * tracer, then `manuallyInstrument(CallbackManagerModule)`; LangChain's default background callbacks. The calls are
 * the root routing test's (test/routing/langchain-workload.ts).
 */
import { LangChainInstrumentation } from "@arizeai/openinference-instrumentation-langchain";
import * as CallbackManagerModule from "@langchain/core/callbacks/manager";
import { ChatOpenAI } from "@langchain/openai";
import { describe, expect, it } from "vitest";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { modelEvents } from "../../../routing/evaluate-stack";
import { langChainCalls } from "../../../routing/langchain-workload";
import { expectDiagnosisClean, expectOneModelEventPerCall, withProviderStack } from "../../provider-stack";

const stack = withProviderStack({
  stack: "langchain",
  testUrl: import.meta.url,
  startFake: startFakeOpenAI,
  fromStackDir: true,
  captureLogs: false,
  streamedTags: ["b"],
  run: (fake, backend) => {
    const instrumentation = new LangChainInstrumentation();
    createTestTracer({ instrumentations: [instrumentation] });
    instrumentation.manuallyInstrument(CallbackManagerModule);
    const model = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "sk-test", configuration: { baseURL: `${fake.url}/v1` }, maxRetries: 0 });
    return backend.evaluate("langchain", (i) => langChainCalls(model, i, (prompt) => prompt));
  },
});

describe("LangChain + OpenInference (instrumentations + manuallyInstrument), default background callbacks", () => {
  it("40 calls (20 streamed) -> 40 model events in their own sessions, each a child of its datapoint's function", () => {
    expectOneModelEventPerCall(stack.report, stack.row);
    for (const events of stack.report.eventsByDatapoint) {
      const fn = events.find((e) => e.event_name === "answer")!;
      expect(modelEvents(events).map((e) => e.parent_id)).toEqual([fn.event_id, fn.event_id]);
    }
  });

  // Issue 47 req 5: OpenInference exports no first token; the SDK reads the one LangChain's tracer recorded
  it("each streamed call has a time to first token (and streamed), each plain call none", () => {
    for (const events of stack.report.eventsByDatapoint) {
      const [plain, streamed] = modelEvents(events).sort((a, b) => a.start_time! - b.start_time!);
      expect(plain!.metadata).not.toHaveProperty("time_to_first_token");
      expect(streamed!.metadata).toMatchObject({ streamed: true, time_to_first_token: expect.any(Number) });
    }
  });

  it("diagnose(): no problem, the instrumentation's spans counted", async () => {
    await expectDiagnosisClean("@arizeai/openinference-instrumentation-langchain");
  });
});
