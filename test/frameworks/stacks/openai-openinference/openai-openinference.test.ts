/**
 * OpenAI + OpenInference as `npm install openai @arizeai/openinference-instrumentation-openai` gives them: the
 * instrumentation given to the tracer, then `openai` required (CommonJS, patched by the require hook). The calls are
 * the root routing test's (test/routing/openai-evaluate.ts), so both lanes run the same code.
 */
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import type * as OpenAIModule from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { type StackBackend, type StackReport, modelEvents, startStackBackend } from "../../../routing/evaluate-stack";
import { openAICalls } from "../../../routing/openai-evaluate";
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
  createTestTracer({ instrumentations: [new OpenAIInstrumentation()] });
  const { OpenAI } = createRequire(import.meta.url)("openai") as typeof OpenAIModule;
  const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
  report = await backend.evaluate("openai-openinference", (i) => openAICalls(client, i));
  row = recordProviderStack("openai-openinference", stackDir, report);
}, 120_000);
afterAll(async () => {
  await fake.close();
  await backend.close();
  process.chdir(previousDir);
});

describe("OpenAI + OpenInference (instrumentations + require)", () => {
  it("40 calls (20 streamed) -> 40 model events in their own sessions, inputs/outputs on each, tokens on the 20 with usage", () => {
    expectOneModelEventPerCall(report, row, "20/40"); // the streamed calls send no stream_options.include_usage: no usage to record
    for (const events of report.eventsByDatapoint) expect(modelEvents(events).map((e) => e.event_name)).toEqual(["OpenAI Chat Completions", "OpenAI Chat Completions"]);
  });

  it("diagnose(): no problem, the instrumentation's spans counted", async () => {
    await expectDiagnosisClean("@arizeai/openinference-instrumentation-openai");
  });
});
