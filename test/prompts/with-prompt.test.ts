/**
 * Issue 44 requirement 5, the rules of the link on the SDK's own spans (real tracer, real OTel context manager):
 * `withPrompt` links every span started inside (nested async work included) and nothing outside; `tracer.withPrompt`
 * also makes the tracer active; `compile()` inside a traced function links that span and the spans started under it
 * afterwards, not those before; the nearer of two links wins; concurrent scopes never see each other's prompt.
 */
import { describe, expect, it } from "vitest";
import { type Prompt, withPrompt } from "../../packages/honeyhive/src/index";
import { createTestTracer } from "../../packages/honeyhive/src/testing";
import { PROMPT_A, PROMPT_B, PROMPT_FALLBACK } from "./prompt-link-stack";

const { tracer, spans } = createTestTracer();

async function linksByName(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const span of await spans()) {
    const a = span.attributes;
    out[span.name] = a["gen_ai.prompt.name"] === undefined ? null : [a["gen_ai.prompt.name"], a["gen_ai.prompt.version"], a["honeyhive_config.prompt_name"], a["honeyhive_config.prompt_version"], a["honeyhive_config.prompt_env"], a["honeyhive_config.prompt_config_id"]];
  }
  return out;
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

describe("withPrompt and compile() link the SDK's own spans", () => {
  it("scopes, compile, nearest link, fallback and concurrency", async () => {
    const step = (name: string) => tracer.startSpan(name, () => undefined);
    step("before");
    await withPrompt(PROMPT_A, async () => {
      await tick();
      step("in-a"); // after an await: the context follows async work
    });
    step("after");
    tracer.startSpan("compiles-b", (span) => {
      step("before-compile");
      PROMPT_B.compile({ question: "q" });
      step("after-compile");
      withPrompt(PROMPT_A, () => step("a-inside-b")); // the nearer link wins
      void span;
    });
    withPrompt(PROMPT_A, () => tracer.startSpan("b-inside-a", () => {
      PROMPT_B.toOpenAI({ question: "q" });
      step("b-after-to-openai");
    }));
    tracer.withPrompt(PROMPT_FALLBACK, () => step("fallback"));
    await Promise.all([
      withPrompt(PROMPT_A, async () => { await tick(); step("concurrent-a"); }),
      (async () => { await tick(); step("concurrent-none"); })(),
      withPrompt(PROMPT_B, async () => { await tick(); step("concurrent-b"); }),
    ]);
    const a = ["support-a", PROMPT_A.version, "support-a", PROMPT_A.version, "prod", "cfg-support-a"];
    const b = ["support-b", PROMPT_B.version, "support-b", PROMPT_B.version, "prod", "cfg-support-b"];
    expect(await linksByName()).toEqual({
      before: null, "in-a": a, after: null,
      "before-compile": null, "after-compile": b, "a-inside-b": a, "compiles-b": b,
      "b-after-to-openai": b, "b-inside-a": b,
      fallback: ["support-c", "fallback", "support-c", "fallback", "prod", undefined],
      "concurrent-a": a, "concurrent-none": null, "concurrent-b": b,
    });
  });

  it("a hostile prompt object never breaks the call", () => {
    const hostile = new Proxy({} as Prompt, { get: () => { throw new Error("boom"); } });
    expect(withPrompt(hostile, () => 42)).toBe(42);
  });
});
