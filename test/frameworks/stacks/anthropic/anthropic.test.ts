/**
 * Anthropic + OpenInference as `npm install @anthropic-ai/sdk @arizeai/openinference-instrumentation-anthropic` gives
 * them: the instrumentation given to the tracer, then `manuallyInstrument(Anthropic)` (ES module). The calls are the
 * root routing test's (test/routing/anthropic-workload.ts).
 */
import { describe, expect, it } from "vitest";
import { startFakeAnthropic } from "../../../helpers/fake-anthropic-server";
import { anthropicCalls } from "../../../routing/anthropic-workload";
import { modelEvents } from "../../../routing/evaluate-stack";
import { instrumentedAnthropic } from "./openinference-client";
import { expectDiagnosisClean, expectOneModelEventPerCall, withProviderStack } from "../../provider-stack";

const stack = withProviderStack({
  stack: "anthropic",
  testUrl: import.meta.url,
  startFake: startFakeAnthropic,
  fromStackDir: true,
  captureLogs: false,
  run: (fake, backend) => {
    const client = instrumentedAnthropic(fake.url);
    return backend.evaluate("anthropic", (i) => anthropicCalls(client as never, i, "claude-haiku-4-5"));
  },
});

describe("Anthropic + OpenInference (instrumentations + manuallyInstrument)", () => {
  it("40 calls (20 streamed) -> 40 model events in their own sessions, inputs/outputs and tokens on each", () => {
    expectOneModelEventPerCall(stack.report, stack.row);
    for (const events of stack.report.eventsByDatapoint) expect(modelEvents(events).map((e) => e.event_name)).toEqual(["Anthropic Messages", "Anthropic Messages"]);
  });

  it("diagnose(): no problem, the instrumentation's spans counted", async () => {
    await expectDiagnosisClean("@arizeai/openinference-instrumentation-anthropic");
  });
});
