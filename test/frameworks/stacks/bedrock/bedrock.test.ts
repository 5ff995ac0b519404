/**
 * Issue 47 req 4: the AWS Bedrock Runtime client (`@aws-sdk/client-bedrock-runtime`, ESM namespace import) traced by
 * the SDK's own instrumentation through `instrumentModules: { bedrock }`, under `evaluate()` (20 datapoints, 10 at a
 * time) against the loopback Bedrock fake: per datapoint Converse, ConverseStream with a tool (two LLM calls),
 * InvokeModel and InvokeModelWithResponseStream (Anthropic bodies): 100 LLM calls.
 */
import * as bedrock from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import type { HoneyHiveEvent } from "../../../../packages/honeyhive/src/api-client/types";
import { diagnose } from "../../../../packages/honeyhive/src/diagnose/index";
import { createTestTracer, resetHoneyHiveGlobals } from "../../../../packages/honeyhive/src/testing";
import { modelEvents } from "../../../routing/evaluate-stack";
import { withProviderStack } from "../../provider-stack";
import { CONVERSE_MODEL, INVOKE_MODEL, TOOL_NAME, bedrockCalls } from "./bedrock-workload";
import { startFakeBedrock } from "../../fake-bedrock-server";
import { EventStreamCodec } from "@smithy/core/event-streams";

const TAGS = ["a", "b", "c", "d"] as const;

const stack = withProviderStack({
  stack: "bedrock",
  testUrl: import.meta.url,
  startFake: () => startFakeBedrock(EventStreamCodec),
  fromStackDir: false,
  captureLogs: true,
  run: (fake, backend) => backend.evaluate("bedrock", bedrockCalls(fake.url), { bedrock }, { tags: TAGS, callsPerTag: { b: 2 } }),
});

/** The model events of datapoint `unit` whose inputs name call `tag`. */
function eventsOf(events: readonly HoneyHiveEvent[], unit: number, tag: string): HoneyHiveEvent[] {
  return modelEvents(events).filter((e) => JSON.stringify(e.inputs).includes(`unit-${unit}/${tag}`));
}

describe("@aws-sdk/client-bedrock-runtime + instrumentModules: { bedrock }", () => {
  it("100 LLM calls -> 100 model events, each in its own datapoint's session, none doubled; the SDK logged nothing", () => {
    expect(stack.fake.requests).toHaveLength(100);
    expect(stack.report.problems).toEqual([]);
    expect(stack.report).toMatchObject({ expected: 100, arrived: 100, misrouted: 0, doubleCounted: 0, lost: 0 });
    expect(stack.sdkLines).toBe("");
  });

  it("every model event: inputs and outputs, provider and model, tokens and a price; time to first token on every stream", () => {
    const models = stack.report.eventsByDatapoint.flatMap(modelEvents);
    expect(models).toHaveLength(100);
    for (const event of models) {
      expect(event.config).toMatchObject({ provider: "aws.bedrock" });
      expect(event.metadata).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) });
      expect(event.metadata?.cost).toBeGreaterThan(0);
      expect(JSON.stringify(event.outputs)).not.toBe("{}");
    }
    const streamed = models.filter((e) => /unit-\d+\/[bd]\b/.test(JSON.stringify(e.inputs)));
    expect(streamed).toHaveLength(60);
    expect(streamed.filter((e) => typeof e.metadata?.time_to_first_token === "number")).toHaveLength(60);
  });

  it("Converse: the system prompt and question in, the answer out, the model id and token counts", () => {
    stack.report.eventsByDatapoint.forEach((events, unit) => {
      const [event] = eventsOf(events, unit, "a");
      expect(event?.inputs).toEqual({ chat_history: [{ role: "system", content: "Answer briefly." }, { role: "user", content: `unit-${unit}/a` }] });
      expect(event?.outputs).toMatchObject({ role: "assistant", content: `echo: unit-${unit}/a`, finish_reason: "end_turn" });
      expect(event?.config).toMatchObject({ model: CONVERSE_MODEL });
      expect(event?.metadata).toMatchObject({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });
    });
  });

  it("ConverseStream with a tool: the tool-use turn's call, then the answer after the tool result", () => {
    stack.report.eventsByDatapoint.forEach((events, unit) => {
      const [toolTurn, answer] = eventsOf(events, unit, "b").sort((x, y) => JSON.stringify(x.inputs).length - JSON.stringify(y.inputs).length);
      expect(toolTurn?.outputs).toMatchObject({ role: "assistant", finish_reason: "tool_use", tool_calls: [{ type: "function", function: { name: TOOL_NAME, arguments: JSON.stringify({ input: `unit-${unit}/b` }) } }] });
      expect(JSON.stringify(answer?.inputs)).toContain(`found unit-${unit}/b`);
      expect(answer?.outputs).toMatchObject({ role: "assistant", content: `echo: unit-${unit}/b`, finish_reason: "end_turn" });
    });
  });

  it("InvokeModel and InvokeModelWithResponseStream (Anthropic bodies): the messages, the reply, the usage", () => {
    stack.report.eventsByDatapoint.forEach((events, unit) => {
      for (const tag of ["c", "d"]) {
        const [event] = eventsOf(events, unit, tag);
        expect(event?.inputs).toEqual({ chat_history: [{ role: "system", content: "Answer briefly." }, { role: "user", content: `unit-${unit}/${tag}` }] });
        expect(event?.outputs).toMatchObject({ role: "assistant", content: `echo: unit-${unit}/${tag}`, finish_reason: "end_turn" });
        expect(event?.config).toMatchObject({ model: INVOKE_MODEL });
        expect(event?.metadata).toMatchObject({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });
      }
    });
  });

  it("diagnose(): no problem in this setup", async () => {
    const diagnosis = await diagnose({ backend: false });
    expect(diagnosis.checks.filter((c) => c.status === "problem")).toEqual([]);
  });
});

describe("instrumentModules: { bedrock } given something else", () => {
  it("one warning and a diagnose() problem with its fix", async () => {
    const lines: string[] = [];
    const notModule = { BedrockRuntime: class {} };
    createTestTracer({ instrumentModules: { bedrock: notModule }, logSink: (level, message) => void (level === "warn" && lines.push(message)) });
    expect(lines).toEqual([expect.stringContaining("instrumentModules.bedrock: the value is not a @aws-sdk/client-bedrock-runtime module")]);
    const diagnosis = await diagnose({ backend: false });
    const problems = diagnosis.checks.filter((c) => c.status === "problem");
    expect(JSON.stringify(problems)).toContain("import * as bedrock from");
    resetHoneyHiveGlobals();
  });
});
