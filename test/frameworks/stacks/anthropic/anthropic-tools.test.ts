/**
 * Anthropic tool use and streaming with OpenInference's instrumentation (set up as in anthropic.test.ts): per datapoint
 * a tool loop (test/routing/anthropic-tool-workload.ts) — the first turn streamed with `messages.stream()` and answered
 * with a `tool_use`, the tool traced, the second turn sending the `tool_result` back as a `user` message. 40 LLM calls:
 * one model event each, in the datapoint's session, with inputs, outputs, tokens and a price; the streamed turn has a
 * time to first token; the tool is a `tool` event with its query and result.
 */
import { describe, expect, it } from "vitest";
import { startFakeAnthropic } from "../../../helpers/fake-anthropic-server";
import { anthropicToolLoop } from "../../../routing/anthropic-tool-workload";
import { modelEvents } from "../../../routing/evaluate-stack";
import { unitMark } from "../../../routing/routing-check";
import { toolResultFor } from "../../ai-sdk-workload";
import { instrumentedAnthropic } from "./openinference-client";
import { expectDiagnosisClean, expectOneModelEventPerCall, withProviderStack } from "../../provider-stack";

const MODEL = "claude-sonnet-4-6";

const stack = withProviderStack({
  stack: "anthropic-tools", testUrl: import.meta.url, startFake: startFakeAnthropic, fromStackDir: true, captureLogs: false,
  run: (fake, backend) => {
    const client = instrumentedAnthropic(fake.url);
    return backend.evaluate("anthropic-tools", (i) => anthropicToolLoop(client as never, i, MODEL), undefined, { tags: ["t"], callsPerTag: { t: 2 } });
  },
});

describe("Anthropic tool use and streaming + OpenInference", () => {
  it("20 tool loops (40 calls, the tool-call turn streamed) -> 40 model events in their own sessions, inputs/outputs, tokens and a price on each", () => {
    expectOneModelEventPerCall(stack.report, stack.row);
    expect(stack.row.unpricedModels).toEqual([]);
    for (const events of stack.report.eventsByDatapoint) {
      for (const event of modelEvents(events)) expect((event.metadata as Record<string, unknown>).cost).toBeGreaterThan(0);
    }
  });

  it("the streamed tool-call turn: its tool call in the outputs and a time to first token; the answer after the tool result is its own event", () => {
    for (const [unit, events] of stack.report.eventsByDatapoint.entries()) {
      const [first, second] = modelEvents(events).sort((a, b) => Number(a.start_time) - Number(b.start_time));
      expect(JSON.stringify(first?.outputs)).toContain("lookup");
      expect(first?.metadata).toMatchObject({ time_to_first_token: expect.any(Number) });
      expect(JSON.stringify(second?.outputs)).toContain(`echo: ${unitMark(unit)}t`);
    }
  });

  it("the tool is a tool event with the query as inputs and the result as outputs", () => {
    for (const [unit, events] of stack.report.eventsByDatapoint.entries()) {
      const tools = events.filter((e) => e.event_type === "tool" && e.event_name === "lookup");
      expect(tools).toHaveLength(1);
      expect(JSON.stringify(tools[0]?.inputs)).toContain(`${unitMark(unit)}t`);
      expect(JSON.stringify(tools[0]?.outputs)).toContain(toolResultFor(`${unitMark(unit)}t`));
    }
  });

  it("diagnose(): no problem, the instrumentation's spans counted", async () => {
    await expectDiagnosisClean("@arizeai/openinference-instrumentation-anthropic");
  });
});
