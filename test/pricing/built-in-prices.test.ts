/**
 * The built-in prices: generated from the pinned @pydantic/genai-prices (the file is what the package generates), found
 * as the package's own calcPrice finds them, priced by the provider the call records, and exact for current models.
 */
import { readFileSync } from "node:fs";
import { calcPrice } from "@pydantic/genai-prices";
import { describe, expect, it } from "vitest";
import { GENERATED_PRICES_PATH, renderGeneratedPrices } from "../../scripts/generate-prices.mjs";
import { createPriceTable, lookupModelPrice, priceCall } from "../../packages/core/src/pricing/call-cost";
import { GENERATED_PRICES, GENERATED_PRICES_SOURCE } from "../../packages/core/src/pricing/generated-prices";
import { MODEL_PRICES_REVISED } from "../../packages/core/src/pricing/model-prices";
import { matchesClause } from "../../packages/core/src/pricing/price-dataset";
import { modelMaker } from "../../packages/core/src/pricing/provider-names";

const NOV_2026 = Date.parse("2026-11-25T12:00:00Z");
const FEB_2026 = Date.parse("2026-02-01T12:00:00Z");

describe("the generated price table", () => {
  it("is what the pinned @pydantic/genai-prices generates (run node scripts/generate-prices.mjs after changing the pin)", async () => {
    expect(readFileSync(GENERATED_PRICES_PATH, "utf8")).toBe(await renderGeneratedPrices());
    const pinned = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).devDependencies["@pydantic/genai-prices"];
    expect(GENERATED_PRICES_SOURCE).toEqual({ dataset: "@pydantic/genai-prices", version: pinned, published: "2026-09-23" });
    expect(MODEL_PRICES_REVISED).toBe("2026-09-23");
  });

  it("finds for every listed model the entry the package's own calcPrice finds", () => {
    let compared = 0;
    for (const provider of GENERATED_PRICES) {
      for (const model of provider.models) {
        const ours = lookupModelPrice(provider.id, model.id)?.[0];
        const reference = calcPrice({ input_tokens: 1000, output_tokens: 100 }, model.id, { providerId: provider.id });
        // Where calcPrice finds nothing (an id its own provider's rules do not match), ours finds nothing, the model
        // itself under a routing prefix it takes off (`regional.`), or the model maker's entry (`deepseek-…` → DeepSeek).
        if (reference) expect(ours, `${provider.id} ${model.id}`).toBe(`${reference.provider.id}/${reference.model.id}`);
        else if (ours !== undefined && ours !== `${provider.id}/${model.id}`) expect(ours.startsWith(`${modelMaker(model.id)}/`), `${provider.id} ${model.id}: ${ours}`).toBe(true);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("evaluates each clause kind of the dataset, case-insensitively except its regular expressions", () => {
    expect(matchesClause({ equals: "GPT-4o" }, "gpt-4o")).toBe(true);
    expect(matchesClause({ starts_with: "claude-" }, "claude-x")).toBe(true);
    expect(matchesClause({ ends_with: "-turbo" }, "gpt-4-turbo")).toBe(true);
    expect(matchesClause({ contains: "sonnet" }, "claude-sonnet-4")).toBe(true);
    expect(matchesClause({ regex: "^o[134]" }, "o3-mini")).toBe(true);
    expect(matchesClause({ and: [{ starts_with: "gemini-2.5-pro" }, { regex: "^(?!.*-[tT][tT][sS](?:$|-))" }] }, "gemini-2.5-pro-preview-tts")).toBe(false);
    expect(matchesClause({ or: [{ equals: "a" }, { equals: "b" }] }, "c")).toBe(false);
    expect(matchesClause({ regex: "(" }, "(")).toBe(false); // an expression that does not compile matches nothing
  });
});

describe("built-in prices of current models (figures from @pydantic/genai-prices 0.1.8)", () => {
  it("prices Anthropic's current models, cache reads and writes included", () => {
    // claude-sonnet-4-6: $3 input, $0.30 cache read, $3.75 cache write, $15 output per million tokens.
    // 1,000 × 3 + 8,000 × 0.30 + 1,000 × 3.75 + 500 × 15 = 16,650 per million
    const usage = { inputTokens: 10_000, cacheReadTokens: 8_000, cacheWriteTokens: 1_000, outputTokens: 500 };
    const sonnet = priceCall({ provider: "anthropic", model: "claude-sonnet-4-6", usage, at: NOV_2026 });
    expect(sonnet).toEqual({ cost: expect.closeTo(0.01665, 12), basis: "priced", priceKey: "anthropic/claude-sonnet-4-6" });
    // claude-opus-4-6: $5 input, $0.50 cache read, $6.25 cache write, $25 output: 5,000 + 4,000 + 6,250 + 12,500
    expect(priceCall({ provider: "anthropic", model: "claude-opus-4-6", usage, at: NOV_2026 })?.cost).toBeCloseTo(0.02775, 12);
    // claude-haiku-4-5 without a recorded provider: the model's maker prices it ($1 / $5).
    expect(priceCall({ model: "claude-haiku-4-5-20251001", usage: { inputTokens: 1e6, outputTokens: 1e6 } })).toEqual({ cost: 6, basis: "priced", priceKey: "anthropic/claude-haiku-4-5" });
  });

  it("takes a dated price change and an input-size tier as the dataset states them", () => {
    // Before 2026-03-13, claude-sonnet-4-6 above 200k input tokens cost $6 / $22.50; from that day on, $3 / $15 flat.
    const long = { inputTokens: 300_000, outputTokens: 1_000 };
    expect(priceCall({ provider: "anthropic", model: "claude-sonnet-4-6", usage: long, at: FEB_2026 })?.cost).toBeCloseTo(1.8225, 12);
    expect(priceCall({ provider: "anthropic", model: "claude-sonnet-4-6", usage: long, at: NOV_2026 })?.cost).toBeCloseTo(0.915, 12);
    // gemini-2.5-pro: $1.25 / $10 up to 200k input tokens, $2.50 / $15 above.
    expect(priceCall({ provider: "gcp.gemini", model: "gemini-2.5-pro", usage: { inputTokens: 100_000, outputTokens: 1_000 } })?.cost).toBeCloseTo(0.135, 12);
    expect(priceCall({ provider: "gcp.gemini", model: "gemini-2.5-pro", usage: { inputTokens: 300_000, outputTokens: 1_000 } })?.cost).toBeCloseTo(0.765, 12);
  });

  it("prices OpenAI's and Google's current models with cached input", () => {
    // gpt-4.1: $2 input, $0.50 cached, $8 output: 1,000 × 2 + 1,000 × 0.5 + 100 × 8 = 3,300 per million
    expect(priceCall({ provider: "openai", model: "gpt-4.1-2025-04-14", usage: { inputTokens: 2000, cacheReadTokens: 1000, outputTokens: 100 } }))
      .toEqual({ cost: expect.closeTo(0.0033, 12), basis: "priced", priceKey: "openai/gpt-4.1" });
    // gpt-5: $1.25 input, $10 output
    expect(priceCall({ provider: "openai", model: "gpt-5", usage: { inputTokens: 1e6, outputTokens: 1e5 } })?.cost).toBeCloseTo(2.25, 12);
    // gemini-2.5-flash: $0.30 input, $2.50 output
    expect(priceCall({ provider: "google", model: "gemini-2.5-flash", usage: { inputTokens: 1e6, outputTokens: 1e6 } })?.cost).toBeCloseTo(2.8, 12);
  });
});

describe("which provider's price", () => {
  it("prices by the provider the call records: the same model name costs what that provider charges", () => {
    const usage = { inputTokens: 1e6, outputTokens: 1e6 };
    expect(priceCall({ provider: "groq", model: "openai/gpt-oss-120b", usage })).toEqual({ cost: expect.closeTo(0.75, 12), basis: "priced", priceKey: "groq/openai/gpt-oss-120b" });
    expect(priceCall({ provider: "openai", model: "openai/gpt-oss-120b", usage })).toEqual({ cost: expect.closeTo(0.219, 12), basis: "priced", priceKey: "openai/gpt-oss-120b" });
    expect(priceCall({ provider: "groq", model: "llama-3.3-70b-versatile", usage })?.cost).toBeCloseTo(1.38, 12);
    // Azure serves OpenAI's models at OpenAI's price where it lists none of its own.
    expect(lookupModelPrice("az.ai.openai", "gpt-4o")?.[0]).toBe("openai/gpt-4o");
  });

  it("falls back to the model's maker for an unrecorded or unlisted provider, never for a local server", () => {
    const usage = { inputTokens: 1000, outputTokens: 100 };
    expect(priceCall({ provider: null, model: "gpt-4o", usage })?.priceKey).toBe("openai/gpt-4o");
    expect(priceCall({ provider: "my-gateway", model: "claude-sonnet-4-6", usage })?.priceKey).toBe("anthropic/claude-sonnet-4-6");
    expect(priceCall({ provider: "groq", model: "claude-sonnet-4-6", usage })?.priceKey).toBe("anthropic/claude-sonnet-4-6");
    for (const provider of ["ollama", "vllm", "lmstudio"]) expect(priceCall({ provider, model: "gpt-oss:20b", usage }), provider).toBeNull();
    expect(priceCall({ provider: "openai", model: "no-such-model-7", usage })).toBeNull();
  });

  it("user prices win over the dataset's, for the recorded provider and for local servers", () => {
    const table = createPriceTable({ anthropic: { "claude-sonnet-4-6": { input: 1, output: 2 } }, ollama: { "gpt-oss": { input: 0, output: 0 } } });
    expect(priceCall({ provider: "anthropic", model: "claude-sonnet-4-6", usage: { inputTokens: 1e6, outputTokens: 1e6 } }, table))
      .toEqual({ cost: 3, basis: "priced", priceKey: "anthropic/claude-sonnet-4-6" });
    expect(priceCall({ provider: "ollama", model: "gpt-oss:latest", usage: { inputTokens: 5, outputTokens: 5 } }, table)).toEqual({ cost: 0, basis: "priced", priceKey: "ollama/gpt-oss" });
    expect(lookupModelPrice("anthropic", "claude-sonnet-4-6", createPriceTable({}, { builtIns: false }))).toBeUndefined();
  });

  it("prices audio and image tokens as parts of the input and output at their own rates", () => {
    const table = createPriceTable({ acme: { m: { input: 1, output: 2, inputAudio: 10, outputImage: 20 } } }, { builtIns: false });
    // 600 × 1 + 400 × 10 + 50 × 2 + 50 × 20 = 5,700 per million
    const usage = { inputTokens: 1000, inputAudioTokens: 400, outputTokens: 100, outputImageTokens: 50 };
    expect(priceCall({ provider: "acme", model: "m", usage }, table)?.cost).toBeCloseTo(0.0057, 12);
  });
});
