/**
 * The tests of the `ai` 5 and `ai` 6 stacks (Vercel AI SDK as `npm install` gives it, each stack passing the modules it
 * installed): `ai` emits its own `ai.*` spans with `experimental_telemetry: { isEnabled: true }`, no HoneyHive option
 * needed, under `evaluate()` (20 datapoints, 10 at a time) against the loopback OpenAI fake. Per datapoint:
 * generateText, streamText, generateObject, streamObject and a two-call tool loop: 6 LLM calls, each one
 * `ai.*.doGenerate` / `ai.*.doStream` model event.
 */
import { describe, expect, it } from "vitest";
import { diagnose } from "../../packages/honeyhive/src/diagnose/index";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { AI_SDK_SHAPE, type AiModule, type ZodModule, aiSdkCalls, aiSdkFindings } from "./ai-sdk-workload";
import { type ProviderStack, withProviderStack } from "./provider-stack";

/** The stack's own copies of the modules the workload uses. */
export interface AiSdkStackModules {
  ai: AiModule;
  zod: ZodModule;
  /** `@ai-sdk/openai`'s provider factory. */
  createOpenAI: (options: { baseURL: string; apiKey: string }) => { chat(modelId: string): unknown };
}

/**
 * Registers the stack's evaluation and the checks both majors pass; returns the stack for a major's own checks.
 * `testUrl` is the stack test file's `import.meta.url`.
 */
export function aiSdkTelemetryStackTests(major: 5 | 6, modules: AiSdkStackModules, testUrl: string): ProviderStack<FakeOpenAI> {
  const name = `ai${major}`;
  const stack = withProviderStack({
    stack: name,
    testUrl,
    startFake: startFakeOpenAI,
    fromStackDir: false,
    captureLogs: true,
    run: (fake, backend) => {
      const provider = modules.createOpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test" });
      return backend.evaluate(name, aiSdkCalls(modules.ai, modules.zod, () => provider.chat("gpt-4o-mini")), undefined, AI_SDK_SHAPE);
    },
  });

  describe(`ai ${major} with experimental_telemetry: { isEnabled: true }`, () => {
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

    // every tool call span is named `ai.toolCall`: the event takes the tool's name (semconv/event-name.ts)
    it("the tool call is a tool event named after its tool, with the arguments as inputs and the result as outputs (ai.toolCall.*: translate lane)", () => {
      expect(aiSdkFindings(stack.report.eventsByDatapoint)).toMatchObject({ toolEvents: 20, toolsWithInputsOutputs: 20, toolEventNames: ["lookup"] });
    });

    it("diagnose(): no problem in this setup", async () => {
      const diagnosis = await diagnose({ backend: false });
      expect(diagnosis.checks.filter((c) => c.status === "problem")).toEqual([]);
    });
  });
  return stack;
}
