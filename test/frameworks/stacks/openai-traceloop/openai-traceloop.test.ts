/**
 * OpenAI + OpenLLMetry as `npm install openai @traceloop/instrumentation-openai` gives them, through
 * `instrumentModules: { openAI: OpenAI }` (ES module; the instrumentation is the stack's, resolved from its folder).
 * The calls are the root routing test's (test/routing/openai-evaluate.ts).
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
  report = await backend.evaluate("openai-traceloop", (i) => openAICalls(client, i), { openAI: OpenAI });
  row = recordProviderStack("openai-traceloop", stackDir, report);
}, 120_000);
afterAll(async () => {
  await fake.close();
  await backend.close();
  process.chdir(previousDir);
});

describe("OpenAI + OpenLLMetry (instrumentModules)", () => {
  it("40 calls (20 streamed) -> 40 model events in their own sessions, inputs/outputs on each, tokens on the 20 with usage", () => {
    expectOneModelEventPerCall(report, row, "20/40"); // the streamed calls send no stream_options.include_usage: no usage to record
    for (const events of report.eventsByDatapoint) expect(modelEvents(events).map((e) => e.event_name)).toEqual(["chat gpt-test", "chat gpt-test"]);
  });

  it("diagnose(): no problem, the instrumentation's spans counted", async () => {
    await expectDiagnosisClean("@traceloop/instrumentation-openai");
  });
});
