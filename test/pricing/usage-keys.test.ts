// One definition each for what the ingest prices and what the totals sum (issue 26): the reported-cost keys, the
// cost basis of a sum, the token keys per GenAI dialect and the number parser. Each test feeds the same stored
// event to both sides — the ingest's priceModelEvent and the totals' eventUsage/sumUsage — and asserts they agree.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createPriceTable, sumCosts, type CallCost } from "../../packages/core/src/pricing/call-cost";
import { combinedCostBasis, isCostBasis, type CostBasis } from "../../packages/core/src/pricing/cost-basis";
import { REPORTED_COST_KEYS, USAGE_TOKEN_KEYS } from "../../packages/core/src/pricing/usage-keys";
import { honeyHiveModelFields } from "../../packages/core/src/semconv/genai/honeyhive-fields";
import {
  HONEYHIVE_TOKEN_METADATA, OPENINFERENCE_TOKEN_KEYS, OPENLLMETRY_LEGACY_TOKEN_KEYS, OTEL_GENAI_1_36_TOKEN_KEYS,
  OTEL_GENAI_LATEST_TOKEN_KEYS, VERCEL_AI_TOKEN_KEYS, tokenAttributeKeys,
} from "../../packages/core/src/semconv/genai/token-keys";
import { readModelCall } from "../../packages/core/src/semconv/genai/translate";
import { count } from "../../packages/core/src/values/count";
import { eventUsage, sumUsage, type Usage } from "../../packages/dev-server/src/domain/call-usage";
import { priceModelEvent } from "../../packages/dev-server/src/ingest/model-cost";

const table = createPriceTable({ acme: { "model-x": { input: 1, output: 2 } } }, { builtIns: false });

/** The stored metadata of a model event after the ingest priced it. */
function ingested(metadata: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...metadata };
  priceModelEvent({ config: { provider: "acme", model: "model-x" }, metadata: copy }, table);
  return copy;
}

describe("reported-cost keys: one list for the ingest and the totals", () => {
  it("HoneyHive's metadata.cost comes first, then OpenInference's llm.cost.total and the gen_ai/llm usage costs", () => {
    expect(REPORTED_COST_KEYS).toEqual(["cost", "llm.cost.total", "gen_ai.usage.cost", "llm.usage.cost"]);
  });

  it.each(REPORTED_COST_KEYS.map((key) => [key]))("a cost reported as %s is stored as reported and summed as stored", (key) => {
    const metadata = ingested({ prompt_tokens: 1000, completion_tokens: 10, [key]: 0.5 });
    expect(metadata).toMatchObject({ cost: 0.5, cost_basis: "reported" });
    expect(eventUsage({ event_type: "model", metadata })).toMatchObject({ cost: 0.5, cost_basis: "reported" });
  });

  it("with several reported costs, the totals sum the one the ingest kept (an explicit metadata.cost)", () => {
    const metadata = ingested({ prompt_tokens: 1000, cost: 0.25, "gen_ai.usage.cost": 0.5, "llm.cost.total": 0.75 });
    expect(metadata.cost).toBe(0.25);
    expect(eventUsage({ event_type: "model", metadata })?.cost).toBe(0.25);
    const withoutExplicit = ingested({ prompt_tokens: 1000, "gen_ai.usage.cost": 0.5, "llm.cost.total": 0.75 });
    expect(withoutExplicit.cost).toBe(0.75);
    expect(eventUsage({ event_type: "model", metadata: withoutExplicit })?.cost).toBe(0.75);
  });
});

describe("cost basis: one summing rule", () => {
  const basis = fc.constantFrom<CostBasis>("reported", "priced", "estimated");

  it("a sum is as certain as its least certain part; an unknown basis makes the sum's unknown", () => {
    expect(combinedCostBasis("reported", "priced")).toBe("priced");
    expect(combinedCostBasis("estimated", "priced")).toBe("estimated");
    expect(combinedCostBasis("reported", undefined)).toBeUndefined();
    expect(isCostBasis("priced")).toBe(true);
    expect(isCostBasis("free")).toBe(false);
  });

  it("sumCosts (call costs) and sumUsage (the totals) give the same cost and basis for the same calls", () => {
    fc.assert(fc.property(fc.array(fc.record({ cost: fc.integer({ min: 0, max: 1000 }), basis }), { minLength: 1, maxLength: 8 }), (calls) => {
      const costs: CallCost[] = calls.map((c) => ({ cost: c.cost, basis: c.basis }));
      const usages: Usage[] = calls.map((c) => ({ input_tokens: 1, output_tokens: 1, total_tokens: 2, cost: c.cost, cost_basis: c.basis }));
      const a = sumCosts(costs)!;
      const b = sumUsage(usages)!;
      expect(b.cost).toBe(a.cost);
      expect(b.cost_basis).toBe(a.basis);
    }));
  });
});

describe("token keys per dialect: the dialect tables' own lists", () => {
  const tables = { VERCEL_AI_TOKEN_KEYS, OTEL_GENAI_LATEST_TOKEN_KEYS, OPENINFERENCE_TOKEN_KEYS, OPENLLMETRY_LEGACY_TOKEN_KEYS, OTEL_GENAI_1_36_TOKEN_KEYS };

  it("the totals read every dialect's input, output and total keys, after HoneyHive's metadata key", () => {
    for (const field of ["input", "output", "total"] as const) {
      expect(USAGE_TOKEN_KEYS[field][0]).toBe(HONEYHIVE_TOKEN_METADATA[field]);
      for (const keys of Object.values(tables)) for (const key of (keys as Record<string, readonly string[]>)[field] ?? []) expect(USAGE_TOKEN_KEYS[field]).toContain(key);
      expect(tokenAttributeKeys(field).every((key) => USAGE_TOKEN_KEYS[field].includes(key))).toBe(true);
    }
  });

  it("a count stored under any dialect key is read by the totals; the translation reads the same keys", () => {
    for (const [field, name] of [["input", "input_tokens"], ["output", "output_tokens"], ["total", "total_tokens"]] as const) {
      for (const key of tokenAttributeKeys(field)) expect(eventUsage({ metadata: { [key]: 7 } })?.[name]).toBe(7);
    }
    const span = { name: "chat", attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "m", [OTEL_GENAI_LATEST_TOKEN_KEYS.cache_read[0]]: 3, [OTEL_GENAI_LATEST_TOKEN_KEYS.input[0]]: 9 }, events: [] };
    expect(readModelCall(span)?.tokens).toMatchObject({ input: 9, cache_read: 3 });
  });

  it("the ingest stores the canonical counts under HoneyHive's metadata keys, which the pricing reads", () => {
    const tokens = { input: 1, output: 2, total: 3, cache_read: 4, cache_write: 5, reasoning: 6, input_audio: 7, input_image: 8, output_audio: 9, output_image: 10 };
    const read = readModelCall({ name: "chat", attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "m", "gen_ai.usage.input_tokens": 1 }, events: [] });
    expect(read).toBeDefined();
    const event = { ...read!, tokens };
    const { metadata } = honeyHiveModelFields(event);
    for (const [field, key] of Object.entries(HONEYHIVE_TOKEN_METADATA)) expect(metadata[key]).toBe(tokens[field as keyof typeof tokens]);
  });
});

describe("number parsing: one parser", () => {
  it("reads finite non-negative numbers, numeric strings and bigints; nothing else", () => {
    expect([count(3), count("4.5"), count(" 7 "), count(10n), count(-0)]).toEqual([3, 4.5, 7, 10, 0]);
    for (const bad of [-1, "-1", "", "  ", "abc", NaN, Infinity, null, undefined, true, {}, []]) expect(count(bad)).toBeUndefined();
  });

  it("the ingest and the totals read the same values as numbers", () => {
    fc.assert(fc.property(fc.oneof(fc.double(), fc.integer().map(String), fc.string(), fc.constant(null)), (value) => {
      const metadata = ingested({ prompt_tokens: value });
      const usage = eventUsage({ event_type: "model", metadata });
      expect(usage?.input_tokens ?? null).toBe(count(value) ?? null);
      if (count(value) === undefined) expect(metadata.cost).toBeUndefined();
    }));
  });
});

describe("priced wherever the tokens are: metadata, metrics or GenAI attributes alike", () => {
  const config = { provider: "acme", model: "model-x" };
  // 1000 input tokens at $1/M and 500 output at $2/M
  const expected = (1000 * 1 + 500 * 2) / 1e6;

  it.each([
    ["metadata (HoneyHive's keys)", { metadata: { prompt_tokens: 1000, completion_tokens: 500 } }],
    ["metrics (the Python SDK's /events/model)", { metadata: {}, metrics: { prompt_tokens: 1000, completion_tokens: 500 } }],
    ["metadata as GenAI attributes", { metadata: { "gen_ai.usage.input_tokens": 1000, "gen_ai.usage.output_tokens": 500 } }],
    ["metrics as GenAI attributes", { metadata: {}, metrics: { "gen_ai.usage.input_tokens": 1000, "gen_ai.usage.output_tokens": 500 } }],
    ["an OpenAI usage object in outputs", { metadata: {}, outputs: { usage: { prompt_tokens: 1000, completion_tokens: 500 } } }],
  ])("tokens in %s: priced, and the totals count the same tokens at the same cost", (_where, parts) => {
    const event = { config, metrics: {}, ...parts } as { config: typeof config; metadata: Record<string, unknown>; metrics: Record<string, unknown>; outputs?: Record<string, unknown> };
    priceModelEvent(event, table);
    expect(event.metadata).toMatchObject({ cost_basis: "priced", cost_price_key: "acme/model-x" });
    expect(event.metadata.cost).toBeCloseTo(expected, 12);
    expect(eventUsage({ event_type: "model", ...event })).toMatchObject({ input_tokens: 1000, output_tokens: 500, cost: event.metadata.cost });
  });

  it("cache and reasoning tokens under metrics are priced at their own rates, as under metadata", () => {
    const cached = createPriceTable({ acme: { "model-x": { input: 1, output: 2, cacheRead: 0.1, reasoning: 4 } } }, { builtIns: false });
    const counts = { prompt_tokens: 1000, completion_tokens: 500, cache_read_input_tokens: 400, reasoning_tokens: 100 };
    const inMetadata: { config: typeof config; metadata: Record<string, unknown> } = { config, metadata: { ...counts } };
    const inMetrics: { config: typeof config; metadata: Record<string, unknown>; metrics: Record<string, unknown> } = { config, metadata: {}, metrics: { ...counts } };
    priceModelEvent(inMetadata, cached);
    priceModelEvent(inMetrics, cached);
    expect(inMetrics.metadata).toEqual({ cost: inMetadata.metadata.cost, cost_basis: "priced", cost_price_key: "acme/model-x" });
    expect(inMetadata.metadata.cost as number).toBeCloseTo((600 * 1 + 400 * 0.1 + 400 * 2 + 100 * 4) / 1e6, 12);
  });
});
