/**
 * Issue 23 req 1: Vercel AI SDK 7 (`ai` 7, `@ai-sdk/openai` 4, `@ai-sdk/otel` 1) as `npm install` gives it, under
 * `evaluate()` (20 datapoints, 10 at a time). ai 7 has no OpenTelemetry code; its spans come from `@ai-sdk/otel`'s
 * integration, which HoneyHive registers from `instrumentModules: { ai, aiSdkOtel }` — once per process although
 * every datapoint's tracer is given the modules (registering twice would double every span). Per datapoint:
 * generateText, streamText, generateObject, streamObject and a two-call tool loop: 6 LLM calls.
 */
import { createOpenAI } from "@ai-sdk/openai";
import * as aiSdkOtel from "@ai-sdk/otel";
import * as ai from "ai";
import * as zod from "zod";
import { describe, expect, it } from "vitest";
import { diagnose } from "../../../../packages/honeyhive/src/diagnose/index";
import { startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { AI_SDK_SHAPE, aiSdkCalls, aiSdkFindings } from "../../ai-sdk-workload";
import { withProviderStack } from "../../provider-stack";
import { chainEventsWithoutIo } from "../../step-io-check";

const stack = withProviderStack({
  stack: "ai7",
  testUrl: import.meta.url,
  startFake: startFakeOpenAI,
  fromStackDir: false,
  captureLogs: true,
  run: (fake, backend) => {
    // ai 7 deprecates generateObject/streamObject (still supported) and prints that on every call: the output stays quiet
    (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
    const provider = createOpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test" });
    return backend.evaluate("ai7", aiSdkCalls(ai as never, zod as never, () => provider.chat("gpt-4o-mini")), { ai, aiSdkOtel }, AI_SDK_SHAPE);
  },
});

describe("ai 7 + @ai-sdk/otel through instrumentModules: { ai, aiSdkOtel }", () => {
  it("120 LLM calls -> 120 model events, each in its own datapoint's session, none doubled; the integration registered once", () => {
    expect(stack.report.problems).toEqual([]);
    expect(stack.report).toMatchObject({ expected: 120, arrived: 120, misrouted: 0, doubleCounted: 0, lost: 0 });
    expect((globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown[] }).AI_SDK_TELEMETRY_INTEGRATIONS).toHaveLength(1);
    expect(stack.sdkLines).toBe("");
  });

  it("tokens on every model event, the object in generateObject/streamObject outputs", () => {
    expect(aiSdkFindings(stack.report.eventsByDatapoint)).toMatchObject({ modelEvents: 120, withTokens: 120, objectsInOutputs: 40 });
  });

  // streamObject: ai 7 hands the first chunk's time (`msToFirstChunk`) to the integrations at the object step's end, but
  // @ai-sdk/otel's `OpenTelemetry` (the integration registered here) writes no time for object steps; only its
  // `LegacyOpenTelemetry` records it (`ai.stream.msToFirstChunk`, which the Vercel AI table reads). Nothing to map here.
  it("streamText: time to first token (gen_ai.client.operation.time_to_first_chunk: translate lane); @ai-sdk/otel records none for streamObject", () => {
    expect(aiSdkFindings(stack.report.eventsByDatapoint)).toMatchObject({ streamTextWithTtft: 20, streamObjectWithTtft: 0 });
  });

  // `execute_tool lookup` (gen_ai.tool.name): the event takes the tool's name, as with ai 5 and 6 (semconv/event-name.ts)
  it("the tool call is a tool event named after its tool, with the arguments as inputs and the result as outputs (gen_ai.tool.call.*: translate lane)", () => {
    const found = aiSdkFindings(stack.report.eventsByDatapoint);
    expect(found).toMatchObject({ toolEvents: 20, toolsWithInputsOutputs: 20, toolEventNames: ["lookup"] });
  });

  it("agent steps are chains, not tools (agent_step typing: translate lane)", () => {
    const steps = stack.report.eventsByDatapoint.flat().filter((e) => /^step \d+$/.test(e.event_name ?? ""));
    expect(steps.length).toBeGreaterThan(0);
    expect([...new Set(steps.map((e) => e.event_type))]).toEqual(["chain"]);
  });

  it("every chain event (the generate/stream calls, their steps) carries inputs and outputs", () => {
    expect(stack.report.eventsByDatapoint.flatMap(chainEventsWithoutIo)).toEqual([]);
  });

  it("diagnose(): no problem in this setup", async () => {
    const diagnosis = await diagnose({ backend: false });
    expect(diagnosis.checks.filter((c) => c.status === "problem")).toEqual([]);
    expect(diagnosis.checks.find((c) => c.id === "ai-sdk-telemetry")?.summary).toContain("1 telemetry integration(s) registered (by HoneyHive");
  });
});
