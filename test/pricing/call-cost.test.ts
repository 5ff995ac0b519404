import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalProvider, createPriceTable, lookupModelPrice, priceCall, sumCosts } from "../../packages/core/src/pricing/call-cost";
import { GENERATED_PRICES } from "../../packages/core/src/pricing/generated-prices";

describe("priceCall", () => {
  it("prices cache reads, cache writes and plain input separately (hand-computed)", () => {
    // 10,000 input tokens of which 8,000 read from the cache and 1,000 written to it; 500 output tokens.
    // 1,000 × $3 + 8,000 × $0.30 + 1,000 × $3.75 + 500 × $15 = $16,650 per million → $0.01665
    const cost = priceCall({
      provider: "anthropic",
      model: "claude-sonnet-4-5-20250929",
      usage: { inputTokens: 10_000, cacheReadTokens: 8_000, cacheWriteTokens: 1_000, outputTokens: 500 },
    });
    expect(cost?.basis).toBe("priced");
    expect(cost?.priceKey).toBe("anthropic/claude-sonnet-4-5");
    expect(cost?.cost).toBeCloseTo(0.01665, 12);
  });

  it("prices an OpenAI call with cached prompt tokens (hand-computed)", () => {
    // 500 × $2.50 + 1,500 × $1.25 + 300 × $10 = $6,125 per million
    const cost = priceCall({ provider: "openai", model: "gpt-4o-2024-08-06", usage: { inputTokens: 2000, cacheReadTokens: 1500, outputTokens: 300 } });
    expect(cost).toEqual({ cost: expect.closeTo(0.006125, 12), basis: "priced", priceKey: "openai/gpt-4o" });
  });

  it("reasoning tokens are part of the output and priced at the reasoning rate (default: output)", () => {
    const plain = priceCall({ model: "o3-mini", usage: { inputTokens: 100, outputTokens: 1000 } });
    const reasoning = priceCall({ model: "o3-mini", usage: { inputTokens: 100, outputTokens: 1000, reasoningTokens: 800 } });
    expect(reasoning?.cost).toBeCloseTo(plain!.cost, 15);
    const table = createPriceTable({ openai: { "o3-mini": { input: 1, output: 4, reasoning: 2 } } });
    // 100 × 1 + 200 × 4 + 800 × 2 = 2,500 per million
    expect(priceCall({ model: "o3-mini", usage: { inputTokens: 100, outputTokens: 1000, reasoningTokens: 800 } }, table)?.cost).toBeCloseTo(0.0025, 15);
  });

  it("matches dated snapshots to their model by the dataset's rules, and newer models to their own prices", () => {
    expect(lookupModelPrice("openai", "gpt-4o-mini-2024-07-18")?.[0]).toBe("openai/gpt-4o-mini");
    expect(lookupModelPrice(undefined, "openai/gpt-4.1-nano")?.[0]).toBe("openai/gpt-4.1-nano");
    expect(lookupModelPrice("aws.bedrock", "us.anthropic.claude-3-5-sonnet-20241022-v2:0")?.[0]).toBe("aws/regional.anthropic.claude-3-5-sonnet-20241022-v2:0");
    expect(lookupModelPrice("gcp.vertex_ai", "claude-3-5-sonnet-v2@20241022")?.[0]).toBe("google/claude-3-5-sonnet");
    expect(lookupModelPrice("gcp.gemini", "gemini-2.5-flash-preview-05-20")?.[0]).toBe("google/gemini-2.5-flash-preview");
    expect(lookupModelPrice("openai.chat", "gpt-4-turbo-preview")?.[0]).toBe("openai/gpt-4-turbo");
    // Variants the dataset prices on their own are priced as themselves, not as their family.
    expect(lookupModelPrice("openai", "o1-pro")?.[0]).toBe("openai/o1-pro");
    expect(lookupModelPrice("openai", "gpt-4.5-preview")?.[0]).toBe("openai/gpt-4.5-preview");
    expect(lookupModelPrice("anthropic", "claude-opus-4-6")?.[0]).toBe("anthropic/claude-opus-4-6");
    expect(lookupModelPrice("anthropic", "claude-opus-4-20250514")?.[0]).toBe("anthropic/claude-opus-4-0");
    expect(lookupModelPrice("openai", "my-finetune")).toBeUndefined();
  });

  it("an unknown model or a call without tokens has no cost, never 0", () => {
    expect(priceCall({ provider: "mistral", model: "my-own-mistral", usage: { inputTokens: 10, outputTokens: 10 } })).toBeNull();
    expect(priceCall({ provider: "openai", model: "gpt-4o", usage: {} })).toBeNull();
    expect(priceCall({ provider: "openai", model: "", usage: { inputTokens: 1 } })).toBeNull();
  });

  it("a reported cost wins; estimated token counts are labelled", () => {
    expect(priceCall({ model: "gpt-4o", usage: { inputTokens: 1 }, reportedCost: 0.5 })).toEqual({ cost: 0.5, basis: "reported" });
    expect(priceCall({ model: "gpt-4o", usage: { inputTokens: 1000 }, tokensEstimated: true })?.basis).toBe("estimated");
  });

  it("user prices add models and providers and replace built-in ones; bad prices name the entry", () => {
    const table = createPriceTable({ OpenAI: { "gpt-4o": { input: 1, output: 1 } }, mistral: { "mistral-huge": { input: 2, output: 6 } } });
    expect(priceCall({ provider: "openai", model: "gpt-4o", usage: { inputTokens: 1e6 } }, table)?.cost).toBe(1);
    expect(priceCall({ provider: "mistral", model: "mistral-huge-2411", usage: { inputTokens: 1e6, outputTokens: 1e6 } }, table)?.cost).toBe(8);
    expect(lookupModelPrice("openai", "gpt-4o", createPriceTable({}, { builtIns: false }))).toBeUndefined();
    expect(() => createPriceTable({ openai: { x: { input: -1, output: 0 } } })).toThrow(/openai\/x: "input" must be a finite number/);
    expect(() => createPriceTable({ openai: { x: { input: 1, output: 1, cached: 1 } as never } })).toThrow(/unknown key "cached"/);
  });

  it("provider names of every dialect map to one canonical name", () => {
    const cases: [string, string][] = [
      ["az.ai.openai", "azure"], ["azure.ai.inference", "azure"], ["openai.responses", "openai"], ["Anthropic.messages", "anthropic"], ["gcp.gemini", "google"],
      ["gcp.vertex_ai", "google"], ["aws.bedrock", "aws"], ["x_ai", "x-ai"], ["together_ai", "together"], ["fireworks_ai", "fireworks"], ["mistral_ai", "mistral"],
      ["groq", "groq"], ["cohere", "cohere"], ["ollama", "ollama"],
    ];
    for (const [name, expected] of cases) expect(canonicalProvider(name)).toBe(expected);
    expect(canonicalProvider("  ")).toBeUndefined();
  });

  it("properties: never negative, no more than uncached, monotone in tokens, never throws", () => {
    const models = GENERATED_PRICES.flatMap((p) => p.models.map((m) => ({ provider: p.id, model: m.id })));
    const tokens = fc.option(fc.oneof(fc.nat(10_000_000), fc.double(), fc.constant(-5)), { nil: undefined });
    fc.assert(
      fc.property(fc.constantFrom(...models), tokens, tokens, tokens, tokens, tokens, fc.nat(1000), (m, input, output, cacheRead, cacheWrite, reasoning, extra) => {
        const usage = { inputTokens: input, outputTokens: output, cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite, reasoningTokens: reasoning };
        const cost = priceCall({ ...m, usage });
        if (cost === null) return;
        expect(cost.cost).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(cost.cost)).toBe(true);
        if (typeof output === "number" && output >= 0 && output <= 1e9) {
          const more = priceCall({ ...m, usage: { ...usage, outputTokens: output + extra } });
          expect(more!.cost).toBeGreaterThanOrEqual(cost.cost * (1 - 1e-9));
        }
        if (typeof input !== "number" || !(input >= 0 && input <= 1e12)) return; // cache subsets are compared within a known input count
        const readsOnly = priceCall({ ...m, usage: { ...usage, cacheWriteTokens: 0 } })!;
        const uncached = priceCall({ ...m, usage: { ...usage, cacheReadTokens: 0, cacheWriteTokens: 0 } })!;
        expect(readsOnly.cost).toBeLessThanOrEqual(uncached.cost * (1 + 1e-9) + 1e-15); // a cache read never costs more than plain input
      }),
    );
    expect(priceCall(null as never)).toBeNull();
  });

  it("sums costs and keeps the weakest basis", () => {
    expect(sumCosts([])).toBeNull();
    expect(sumCosts([null, { cost: 1, basis: "priced" }, { cost: 2, basis: "estimated" }, { cost: 3, basis: "reported" }])).toEqual({ cost: 6, basis: "estimated" });
  });
});

describe("lookupModelPrice remembers its answers per table", () => {
  it("answers as a fresh table does, for any order of repeated lookups", () => {
    const shared = createPriceTable();
    const names = ["openai", "anthropic", "azure.openai", "gcp.gemini", "", "x\n", "4:", null, undefined];
    const models = ["gpt-4o", "gpt-4o-mini-2024-07-18", "claude-sonnet-4-5", "gemini-2.5-flash", "unknown-model", "\ngpt-4o", "4:gpt-4o", " "];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...names), fc.oneof(fc.constantFrom(...models), fc.string())), { maxLength: 40 }), (calls) => {
        for (const [provider, model] of calls) expect(lookupModelPrice(provider, model, shared)).toEqual(lookupModelPrice(provider, model, createPriceTable()));
      }),
      { numRuns: 200 },
    );
  });

  it("keeps provider/model pairs apart whatever characters they contain, and tables apart", () => {
    const table = createPriceTable({ "a": { "b\nc": { input: 1, output: 1 } }, "a\nb": { c: { input: 2, output: 2 } } }, { builtIns: false });
    expect(lookupModelPrice("a\nb", "c", table)?.[1].input).toBe(2);
    expect(lookupModelPrice("a", "b\nc", table)?.[1].input).toBe(1);
    expect(lookupModelPrice("a\nb", "c", table)?.[1].input).toBe(2);
    const other = createPriceTable({ a: { "b\nc": { input: 5, output: 5 } } }, { builtIns: false });
    expect(lookupModelPrice("a", "b\nc", other)?.[1].input).toBe(5);
    expect(lookupModelPrice("a", "b\nc", table)?.[1].input).toBe(1);
  });

  it("gives each caller its own answer array", () => {
    const first = lookupModelPrice("openai", "gpt-4o")!;
    first[0] = "changed";
    expect(lookupModelPrice("openai", "gpt-4o")?.[0]).toBe("openai/gpt-4o");
  });
});

describe("isLlmBatchMark", () => {
  it("one rule for the batch mark: a non-blank batch id marks a batched call, anything else does not", async () => {
    const { isLlmBatchMark } = await import("../../packages/core/src/semconv/attributes");
    expect(["batch_1", "msgbatch_01"].map(isLlmBatchMark)).toEqual([true, true]);
    expect(["", "  ", undefined, null, 1, true, {}].map(isLlmBatchMark)).toEqual([false, false, false, false, false, false, false]);
    const batched = priceCall({ provider: "openai", model: "gpt-4o", usage: { inputTokens: 1000, outputTokens: 100 }, batch: isLlmBatchMark("batch_1") });
    const blank = priceCall({ provider: "openai", model: "gpt-4o", usage: { inputTokens: 1000, outputTokens: 100 }, batch: isLlmBatchMark(" ") });
    expect(batched!.cost).toBeCloseTo(blank!.cost / 2, 15);
  });
});
