/**
 * Issue 47, requirement 6: a model with no price is "unpriced", named — never priced 0 — in `diagnose()` (its
 * `prices` check) as in the dev server's viewer and log. Under evaluate() (20 datapoints at maxWorkers 10), the real
 * `openai` client with `instrumentModules: { openAI }` against a loopback fake and the real dev server: each datapoint
 * calls a priced model (`gpt-4o-mini`) and one no price table knows (`my-house-model`).
 */
import OpenAI from "openai";
import { trace as otelTrace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { diagnose } from "../../packages/honeyhive/src/diagnose/index";
import { trace } from "../../packages/honeyhive/src/index";
import { MAX_UNPRICED_MODELS, OTHER_MODELS, modelsNeedingPrices, unpricedModels } from "../../packages/honeyhive/src/processing/unpriced-models";
import { createTestTracer } from "../../packages/honeyhive/src/testing";
import { modelEvents } from "../routing/evaluate-stack";
import { useFakeOpenAIStack } from "../routing/fake-openai-stack";
import { unitMark } from "../routing/routing-check";

const stack = useFakeOpenAIStack();

async function ask(model: string, prompt: string): Promise<string> {
  const completion = await stack.client.chat.completions.create({ model, messages: [{ role: "user", content: prompt }] });
  return completion.choices[0]?.message.content ?? "";
}

describe("unpriced models are counted by the tracer and named by diagnose()", () => {
  it("before any call: the prices check is ok and says so", async () => {
    const check = (await diagnose({ backend: false })).checks.find((c) => c.id === "prices")!;
    expect(check).toMatchObject({ status: "ok", summary: expect.stringContaining("Every model call with token usage") });
    expect(await unpricedModels()).toEqual([]);
  });

  it("20 datapoints x (a priced call + an unpriced one): the unpriced model named with its provider and 20 calls; no cost on its events", async () => {
    const calls = async (i: number): Promise<string[]> => [await ask("gpt-4o-mini", `${unitMark(i)}a`), await ask("my-house-model", `${unitMark(i)}b`)];
    const report = await stack.backend.evaluate("unpriced", calls, { openAI: OpenAI });
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
    for (const events of report.eventsByDatapoint) {
      const byModel = new Map(modelEvents(events).map((e) => [(e.config as Record<string, unknown>).model, e.metadata as Record<string, unknown>]));
      expect(byModel.get("gpt-4o-mini")!.cost).toBeGreaterThan(0);
      expect(byModel.get("my-house-model")!.prompt_tokens).toEqual(expect.any(Number));
      expect(byModel.get("my-house-model")).not.toHaveProperty("cost"); // unknown, never 0
    }
    expect(modelsNeedingPrices()).toEqual([{ model: "gpt-4o-mini", provider: "openai", calls: 20 }, { model: "my-house-model", provider: "openai", calls: 20 }]);
    expect(await unpricedModels()).toEqual([{ model: "my-house-model", provider: "openai", calls: 20 }]); // the dev server's prices decide
    const check = (await diagnose({ backend: false })).checks.find((c) => c.id === "prices")!;
    expect(check.status).toBe("ok"); // not a setup problem: a local model has no list price
    expect(check.summary).toContain("20 model call(s) with token usage had no price");
    expect(check.summary).toContain('"my-house-model" (openai) ×20');
    expect(check.summary).not.toContain("gpt-4o-mini");
  });

  it("a call that reports its own cost, or no usage, is not counted; the names are bounded", async () => {
    const { tracer } = createTestTracer();
    const call = (model: string, extra: Record<string, number> = {}) => trace(async () => {
      otelTrace.getActiveSpan()?.setAttributes({ "gen_ai.operation.name": "chat", "gen_ai.request.model": model, "gen_ai.usage.input_tokens": 3, "gen_ai.usage.output_tokens": 2, ...extra });
    }, { tracer, eventType: "model", eventName: "llm" })();
    await call("house-with-cost", { "gen_ai.usage.cost": 0.01 });
    await trace(async () => otelTrace.getActiveSpan()?.setAttribute("gen_ai.request.model", "house-no-usage"), { tracer, eventType: "model", eventName: "llm" })();
    for (let i = 0; i < MAX_UNPRICED_MODELS + 5; i++) await call(`house-${i}`);
    await tracer.flush();
    const models = modelsNeedingPrices();
    expect(models.map((m) => m.model)).not.toContain("house-with-cost");
    expect(models.map((m) => m.model)).not.toContain("house-no-usage");
    expect(models).toHaveLength(MAX_UNPRICED_MODELS + 1);
    // the table already names gpt-4o-mini and my-house-model (the test before): house-0 … house-47 fill it, house-48 … house-54 are "other"
    expect(models.find((m) => m.model === OTHER_MODELS)?.calls).toBe(7);
    const unpriced = (await unpricedModels())!;
    expect(unpriced).toHaveLength(MAX_UNPRICED_MODELS - 1); // the bucket cannot be checked, gpt-4o-mini has a price
    expect(unpriced.map((m) => m.model)).not.toContain(OTHER_MODELS);
    await tracer.shutdown();
  });
});
