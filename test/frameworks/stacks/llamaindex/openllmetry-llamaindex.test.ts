/**
 * LlamaIndex.TS through OpenLLMetry's own LlamaIndex instrumentation (`@traceloop/instrumentation-llamaindex`,
 * `manuallyInstrument(llamaindex, llamaOpenAI)`): it wraps the LLM classes' `chat`, so it does not depend on which
 * copy of `openai` the framework calls through. Under `evaluate()` (20 datapoints at `maxWorkers: 10`), a plain and a
 * streamed `chat()` per datapoint. (Own file: patching is process-wide.)
 */
import { LlamaIndexInstrumentation } from "@traceloop/instrumentation-llamaindex";
import * as llamaOpenAI from "@llamaindex/openai";
import * as llamaindex from "llamaindex";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnose } from "../../../../packages/honeyhive/src/diagnose/index";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { type StackBackend, modelEvents, startStackBackend } from "../../../routing/evaluate-stack";
import { recordStackRow, stackRow } from "../../stack-row";
import { llamaIndexCalls } from "./llamaindex-calls";

const stackDir = dirname(fileURLToPath(import.meta.url));
let fake: FakeOpenAI;
let backend: StackBackend;
let llm: llamaOpenAI.OpenAI;

beforeAll(async () => {
  process.chdir(stackDir);
  fake = await startFakeOpenAI();
  backend = await startStackBackend();
  const instrumentation = new LlamaIndexInstrumentation();
  createTestTracer({ instrumentations: [instrumentation] });
  instrumentation.manuallyInstrument(llamaindex, llamaOpenAI);
  llm = new llamaOpenAI.OpenAI({ model: "gpt-4o-mini", apiKey: "sk-test", baseURL: `${fake.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await fake?.close();
  await backend?.close();
});

describe("LlamaIndex.TS + @traceloop/instrumentation-llamaindex, evaluate() 20 datapoints x maxWorkers 10", () => {
  // `manuallyInstrument(llamaindex, llamaOpenAI)` takes two modules: the SDK's observer of manual patching passes
  // every argument on (it once passed only the first, so @llamaindex/openai's LLM class was never patched: 0/40).
  it("40 calls -> 40 model events with inputs and outputs", async () => {
    const report = await backend.evaluate("llamaindex-openllmetry", (i) => llamaIndexCalls(llm, i));
    const row = stackRow("llamaindex-openllmetry", stackDir, report);
    recordStackRow(row);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
    expect(row.withInputsOutputs).toBe("40/40");
    for (const events of report.eventsByDatapoint) expect(modelEvents(events)).toHaveLength(2);
    const diagnosis = await diagnose({ backend: false });
    expect(diagnosis.checks.filter((c) => c.status === "problem")).toEqual([]);
  });
});
