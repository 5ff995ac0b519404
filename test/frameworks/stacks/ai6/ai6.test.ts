/**
 * Issue 23 req 1: Vercel AI SDK 6 (`ai` 6, `@ai-sdk/openai` 3) as `npm install` gives it, under `evaluate()` (20
 * datapoints, 10 at a time). ai 6 emits its own `ai.*` spans with `experimental_telemetry: { isEnabled: true }`: no
 * HoneyHive option needed. Per datapoint: generateText, streamText, generateObject, streamObject and a two-call tool
 * loop: 6 LLM calls, each one `ai.*.doGenerate` / `ai.*.doStream` model event.
 */
import { createOpenAI } from "@ai-sdk/openai";
import * as ai from "ai";
import * as zod from "zod";
import { describe, expect, it } from "vitest";
import { diagnose } from "../../../../packages/honeyhive/src/diagnose/index";
import { startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { AI_SDK_SHAPE, aiSdkCalls, aiSdkFindings } from "../../ai-sdk-workload";
import { withProviderStack } from "../../provider-stack";
import { chainEventsWithoutIo } from "../../step-io-check";

const stack = withProviderStack({
  stack: "ai6",
  testUrl: import.meta.url,
  startFake: startFakeOpenAI,
  fromStackDir: false,
  captureLogs: true,
  run: (fake, backend) => {
    const provider = createOpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test" });
    return backend.evaluate("ai6", aiSdkCalls(ai as never, zod as never, () => provider.chat("gpt-test")), undefined, AI_SDK_SHAPE);
  },
});

describe("ai 6 with experimental_telemetry: { isEnabled: true }", () => {
  it("120 LLM calls -> 120 model events, each in its own datapoint's session, none doubled; the call spans are chains", () => {
    expect(stack.report.problems).toEqual([]);
    expect(stack.report).toMatchObject({ expected: 120, arrived: 120, misrouted: 0, doubleCounted: 0, lost: 0 });
    const calls = stack.report.eventsByDatapoint.flat().filter((e) => /^ai\.(generateText|streamText|generateObject|streamObject)$/.test(e.event_name ?? ""));
    expect(calls).toHaveLength(100);
    expect([...new Set(calls.map((e) => e.event_type))]).toEqual(["chain"]);
    expect(stack.sdkLines).toBe("");
  });

  it("tokens on every model event, the object in generateObject/streamObject outputs, time to first token on streamed calls", () => {
    expect(aiSdkFindings(stack.report.eventsByDatapoint)).toMatchObject({ modelEvents: 120, withTokens: 120, objectsInOutputs: 40, streamTextWithTtft: 20, streamObjectWithTtft: 20 });
  });

  it("the tool call is a tool event with the arguments as inputs and the result as outputs (ai.toolCall.*: translate lane)", () => {
    expect(aiSdkFindings(stack.report.eventsByDatapoint)).toMatchObject({ toolEvents: 20, toolsWithInputsOutputs: 20 });
  });

  it("every chain event (the generate/stream calls, their steps) carries inputs and outputs", () => {
    expect(stack.report.eventsByDatapoint.flatMap(chainEventsWithoutIo)).toEqual([]);
  });

  it("diagnose(): no problem in this setup", async () => {
    const diagnosis = await diagnose({ backend: false });
    expect(diagnosis.checks.filter((c) => c.status === "problem")).toEqual([]);
  });
});
