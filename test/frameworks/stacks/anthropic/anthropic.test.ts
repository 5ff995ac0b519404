/**
 * Anthropic + OpenInference as `npm install @anthropic-ai/sdk @arizeai/openinference-instrumentation-anthropic` gives
 * them: the instrumentation given to the tracer, then `manuallyInstrument(Anthropic)` (ES module). The calls are the
 * root routing test's (test/routing/anthropic-workload.ts).
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { AnthropicInstrumentation } from "@arizeai/openinference-instrumentation-anthropic";
import * as AnthropicModule from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { type FakeAnthropic, startFakeAnthropic } from "../../../helpers/fake-anthropic-server";
import { anthropicCalls } from "../../../routing/anthropic-workload";
import { type StackBackend, type StackReport, modelEvents, startStackBackend } from "../../../routing/evaluate-stack";
import { expectDiagnosisClean, expectOneModelEventPerCall, recordProviderStack, runFromStack } from "../../provider-stack";
import type { StackRow } from "../../stack-row";

const stackDir = dirname(fileURLToPath(import.meta.url));
let fake: FakeAnthropic;
let backend: StackBackend;
let report: StackReport;
let row: StackRow;
let previousDir: string;

beforeAll(async () => {
  previousDir = runFromStack(stackDir);
  fake = await startFakeAnthropic();
  backend = await startStackBackend();
  const instrumentation = new AnthropicInstrumentation();
  createTestTracer({ instrumentations: [instrumentation] });
  instrumentation.manuallyInstrument(AnthropicModule.Anthropic);
  const client = new AnthropicModule.Anthropic({ baseURL: fake.url, apiKey: "sk-ant-test", maxRetries: 0 });
  report = await backend.evaluate("anthropic", (i) => anthropicCalls(client as never, i));
  row = recordProviderStack("anthropic", stackDir, report);
}, 120_000);
afterAll(async () => {
  await fake.close();
  await backend.close();
  process.chdir(previousDir);
});

describe("Anthropic + OpenInference (instrumentations + manuallyInstrument)", () => {
  it("40 calls (20 streamed) -> 40 model events in their own sessions, inputs/outputs and tokens on each", () => {
    expectOneModelEventPerCall(report, row);
    for (const events of report.eventsByDatapoint) expect(modelEvents(events).map((e) => e.event_name)).toEqual(["Anthropic Messages", "Anthropic Messages"]);
  });

  it("diagnose(): no problem, the instrumentation's spans counted", async () => {
    await expectDiagnosisClean("@arizeai/openinference-instrumentation-anthropic");
  });
});
