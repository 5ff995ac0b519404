/**
 * The tests of the two Google GenAI stacks (`@google/genai` loaded as CommonJS or as ESM, each stack passing the
 * module it loaded), traced by the SDK's own instrumentation through `instrumentModules: { googleGenAI }`, under
 * `evaluate()` (20 datapoints, 10 at a time) against the loopback Gemini fake: 40 LLM calls.
 */
import { describe, expect, it } from "vitest";
import { diagnose } from "../../packages/honeyhive/src/diagnose/index";
import { startFakeGemini } from "../helpers/fake-gemini-server";
import { modelEvents } from "../routing/evaluate-stack";
import { GEMINI_MODEL, type GoogleGenAIModule, googleGenAICalls, googleGenAIFindings } from "./google-genai-workload";
import { withProviderStack } from "./provider-stack";

/** Registers the stack's evaluation and its checks; `testUrl` is the stack test file's `import.meta.url`. */
export function googleGenAIStackTests(form: "cjs" | "esm", genai: GoogleGenAIModule, testUrl: string): void {
  const name = `google-genai-${form}`;
  const stack = withProviderStack({
    stack: name,
    testUrl,
    startFake: startFakeGemini,
    fromStackDir: false,
    captureLogs: true,
    run: (fake, backend) => backend.evaluate(name, googleGenAICalls(genai, fake.url), { googleGenAI: genai }),
  });

  describe(`@google/genai (${form}) + instrumentModules: { googleGenAI }`, () => {
    it("40 LLM calls -> 40 model events, each in its own datapoint's session, none doubled", () => {
      expect(stack.fake.requests.filter((r) => r.model === GEMINI_MODEL)).toHaveLength(40);
      expect(stack.report.problems).toEqual([]);
      expect(stack.report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
      expect(stack.sdkLines).toBe("");
    });

    it("each model event: the prompt and the answer, model and provider, tokens and cost; time to first token when streamed", () => {
      expect(googleGenAIFindings(stack.report.eventsByDatapoint)).toEqual({ modelEvents: 40, withTokens: 40, withCost: 40, streamedWithTtft: 20 });
      stack.report.eventsByDatapoint.forEach((events, unit) => {
        for (const [tag, event] of ["a", "b"].map((t) => [t, modelEvents(events).find((e) => JSON.stringify(e.inputs).includes(`unit-${unit}/${t}`))] as const)) {
          expect(event?.inputs).toEqual({ chat_history: [{ role: "user", content: `unit-${unit}/${tag}` }] });
          expect(event?.outputs).toEqual({ role: "assistant", content: `echo: unit-${unit}/${tag}`, finish_reason: "stop" });
          expect(event?.config).toMatchObject({ model: GEMINI_MODEL, provider: "gcp.gemini" });
          expect(event?.metadata).toMatchObject({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });
        }
      });
    });

    it("diagnose(): no problem in this setup", async () => {
      const diagnosis = await diagnose({ backend: false });
      expect(diagnosis.checks.filter((c) => c.status === "problem")).toEqual([]);
    });
  });
}
