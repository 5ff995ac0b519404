/**
 * LlamaIndex.TS through OpenLLMetry's own LlamaIndex instrumentation (`@traceloop/instrumentation-llamaindex`,
 * `manuallyInstrument(llamaindex, llamaOpenAI)`): it wraps the LLM classes' `chat`, so it does not depend on which
 * copy of `openai` the framework calls through. Under `evaluate()` (20 datapoints at `maxWorkers: 10`), a plain and a
 * streamed `chat()` per datapoint. The streamed call's span gets its time to first token from the SDK's observer of the
 * LLM classes' `chat` (llamaindex-first-token.ts; 0/20 before). (Own file: patching is process-wide.)
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { OpenAIResponses } from "@llamaindex/openai";
import { describe, expect, it } from "vitest";
import { diagnose } from "../../../../packages/honeyhive/src/diagnose/index";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { modelEvents } from "../../../routing/evaluate-stack";
import { recordStackRow, stackRow } from "../../stack-row";
import { llamaIndexCalls } from "./llamaindex-calls";
import { useOpenLLMetryLlamaIndex } from "./openllmetry-setup";

const stackDir = dirname(fileURLToPath(import.meta.url));
const stack = useOpenLLMetryLlamaIndex(import.meta.url);

describe("LlamaIndex.TS + @traceloop/instrumentation-llamaindex, evaluate() 20 datapoints x maxWorkers 10", () => {
  // `manuallyInstrument(llamaindex, llamaOpenAI)` takes two modules: the SDK's observer of manual patching passes
  // every argument on (it once passed only the first, so @llamaindex/openai's LLM class was never patched: 0/40).
  it("40 calls -> 40 model events with inputs and outputs", async () => {
    const report = await stack.backend.evaluate("llamaindex-openllmetry", (i) => llamaIndexCalls(stack.llm, i));
    const row = stackRow("llamaindex-openllmetry", stackDir, report, { streamedTags: ["b"] });
    recordStackRow(row);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
    expect(row.withInputsOutputs).toBe("40/40");
    expect(row.firstToken).toBe("20/20");
    for (const events of report.eventsByDatapoint) expect(modelEvents(events)).toHaveLength(2);
    const diagnosis = await diagnose({ backend: false });
    expect(diagnosis.checks.filter((c) => c.status === "problem")).toEqual([]);
  });

  // OpenLLMetry wraps the OpenAI class only; the SDK observes every LLM class's chat. A streamed chat() of another one
  // (OpenAIResponses) runs under the caller's span, which must not take a time to first token of a call it is not.
  it("a streamed chat() of a class OpenLLMetry does not wrap leaves the caller's span without a time to first token", async () => {
    const recorder = createTestTracer();
    const llm = new OpenAIResponses({ model: "gpt-4o-mini", apiKey: "sk-test", baseURL: stack.baseURL, maxRetries: 0 });
    let text = "";
    await recorder.tracer.startSpan("caller", async () => {
      for await (const chunk of await llm.chat({ messages: [{ role: "user", content: "hi" }], stream: true })) text += chunk.delta;
    }, { eventType: "chain" });
    expect(text.length).toBeGreaterThan(0);
    const caller = (await recorder.spans()).find((s) => s.name === "caller");
    expect(caller?.attributes["honeyhive_metadata.time_to_first_token"]).toBeUndefined();
  });
});
