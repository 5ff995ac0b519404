/**
 * LangChain + OpenInference as `npm install @langchain/core @langchain/openai
 * @arizeai/openinference-instrumentation-langchain` gives them, the README's setup: the instrumentation given to the
 * tracer, then `manuallyInstrument(CallbackManagerModule)`; LangChain's default background callbacks. The calls are
 * the root routing test's (test/routing/langchain-workload.ts).
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { LangChainInstrumentation } from "@arizeai/openinference-instrumentation-langchain";
import * as CallbackManagerModule from "@langchain/core/callbacks/manager";
import { ChatOpenAI } from "@langchain/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { type StackBackend, type StackReport, modelEvents, startStackBackend } from "../../../routing/evaluate-stack";
import { langChainCalls } from "../../../routing/langchain-workload";
import { expectDiagnosisClean, expectOneModelEventPerCall, recordProviderStack, runFromStack } from "../../provider-stack";
import type { StackRow } from "../../stack-row";

const stackDir = dirname(fileURLToPath(import.meta.url));
let fake: FakeOpenAI;
let backend: StackBackend;
let report: StackReport;
let row: StackRow;
let previousDir: string;

beforeAll(async () => {
  previousDir = runFromStack(stackDir);
  fake = await startFakeOpenAI();
  backend = await startStackBackend();
  const instrumentation = new LangChainInstrumentation();
  createTestTracer({ instrumentations: [instrumentation] });
  instrumentation.manuallyInstrument(CallbackManagerModule);
  const model = new ChatOpenAI({ model: "gpt-test", apiKey: "sk-test", configuration: { baseURL: `${fake.url}/v1` }, maxRetries: 0 });
  report = await backend.evaluate("langchain", (i) => langChainCalls(model, i, (prompt) => prompt));
  row = recordProviderStack("langchain", stackDir, report);
}, 120_000);
afterAll(async () => {
  await fake.close();
  await backend.close();
  process.chdir(previousDir);
});

describe("LangChain + OpenInference (instrumentations + manuallyInstrument), default background callbacks", () => {
  it("40 calls (20 streamed) -> 40 model events in their own sessions, each a child of its datapoint's function", () => {
    expectOneModelEventPerCall(report, row);
    for (const events of report.eventsByDatapoint) {
      const fn = events.find((e) => e.event_name === "answer")!;
      expect(modelEvents(events).map((e) => e.parent_id)).toEqual([fn.event_id, fn.event_id]);
    }
  });

  it("diagnose(): no problem, the instrumentation's spans counted", async () => {
    await expectDiagnosisClean("@arizeai/openinference-instrumentation-langchain");
  });
});
