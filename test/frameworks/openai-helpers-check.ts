/**
 * The openai stacks' check of the client's helpers (test/routing/openai-helpers.ts) against the stack's fake, with
 * the instrumentation the stack set up: every helper answers as without instrumentation, and each of its model calls
 * is one more span of the instrumentation's scope (`diagnose().spansByScope`). Run after the stack's evaluation, so
 * the latest lane checks the newest `openai` and instrumentation releases too.
 */
import { expect } from "vitest";
import { diagnose } from "../../packages/honeyhive/src/diagnose/index";
import { createTestTracer } from "../../packages/honeyhive/src/testing";
import { HELPER_MODEL_CALLS, runOpenAIHelpers } from "../routing/openai-helpers";

/** `OpenAI`: the stack's client class (patched); `baseURL`: the fake's `/v1`; `scope`: the instrumentation expected to record. */
export async function expectHelpersWork(OpenAI: new (options: Record<string, unknown>) => unknown, baseURL: string, scope: string): Promise<void> {
  const started = async () => (await diagnose({ backend: false })).spansByScope[scope]?.started ?? 0;
  const before = await started();
  const { tracer } = createTestTracer();
  const outcomes = await tracer.trace(() => runOpenAIHelpers(new OpenAI({ baseURL, apiKey: "sk-test", maxRetries: 0 })));
  expect(outcomes.filter((o) => o.result !== "ok")).toEqual([]);
  expect((await started()) - before).toBe(HELPER_MODEL_CALLS);
}
