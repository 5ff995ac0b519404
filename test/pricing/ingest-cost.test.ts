// Issue 20 req 5: every model event gets its cost at ingest, from the SDK's one cost rule (priceCall) over the
// event's own stored tokens, model and provider. The captured fixtures go through the real dev server's OTLP ingest
// and its event export; expected costs are worked out by hand from list prices (fixture-costs.ts).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, startServer } from "../dev-server/helpers";
import { capturedFixture, EXPECTED_CALL_COSTS, relocatedOtlp, TEST_PRICES } from "./fixture-costs";

const MODEL_ONLY = { field: "event_type", operator: "is", value: "model", type: "string" };

async function ingest(server: DevServer, otlp: unknown, key: string): Promise<any[]> {
  const api = client(server, key);
  expect((await api.call("POST", "/opentelemetry/v1/traces", JSON.stringify(otlp), { "content-type": "application/json" })).status).toBe(200);
  const exported = await api.call("POST", "/v1/events/export", { filters: [MODEL_ONLY], limit: 100 });
  return exported.body.events;
}

/** A fixture's first span with `edit` applied to its attributes (key → OTLP value; undefined removes the key). */
function editFirstSpan(file: string, edit: Record<string, unknown>): any {
  const fixture = capturedFixture(file);
  const span = fixture.otlp.resourceSpans[0].scopeSpans[0].spans[0];
  span.attributes = span.attributes.filter((a: any) => !(a.key in edit));
  for (const [key, value] of Object.entries(edit)) if (value !== undefined) span.attributes.push({ key, value });
  fixture.otlp.resourceSpans[0].scopeSpans[0].spans = [span];
  return fixture;
}

let priced: DevServer;
let builtIn: DevServer;
beforeAll(async () => {
  priced = await startServer({ prices: TEST_PRICES });
  builtIn = await startServer();
});
afterAll(async () => {
  await priced.close();
  await builtIn.close();
});

describe("cost per call at ingest", () => {
  it.each(Object.entries(EXPECTED_CALL_COSTS))("%s: each model event carries its priced cost, basis and price key", async (file, costs) => {
    const events = await ingest(priced, relocatedOtlp(capturedFixture(file)), `key-${file}`);
    expect(events).toHaveLength(costs.length);
    events.forEach((event, i) => {
      const want = costs[i] ?? null;
      if (want === null) {
        expect(event.metadata.prompt_tokens).toBeUndefined();
        expect(event.metadata).not.toHaveProperty("cost");
        return;
      }
      expect(event.metadata.cost).toBeCloseTo(want, 15);
      expect(event.metadata.cost_basis).toBe("priced");
      expect(event.metadata.cost_price_key).toBe(event.config.provider === "anthropic" ? "anthropic/claude-sonnet-5-5" : "openai/gpt-4o-mini");
    });
  });

  it("a model no table prices keeps its tokens and gets no cost (never 0)", async () => {
    const unknown = { "gen_ai.response.model": { stringValue: "claude-unreleased-9" }, "gen_ai.request.model": { stringValue: "claude-unreleased-9" } };
    const events = await ingest(builtIn, relocatedOtlp(editFirstSpan("anthropic-sdk.json", unknown)), "key-unpriced");
    expect(events).toHaveLength(1);
    expect(events[0].config.model).toBe("claude-unreleased-9");
    for (const event of events) {
      expect(event.metadata).toMatchObject({ prompt_tokens: 21, completion_tokens: 7, cache_read_input_tokens: 5, cache_write_input_tokens: 3 });
      expect(event.metadata).not.toHaveProperty("cost");
      expect(event.metadata).not.toHaveProperty("cost_basis");
    }
  });

  it("prices a prompt-cached Anthropic call with cache reads and writes at their own rates", async () => {
    // 12,000 input tokens: 10,000 read from the cache, 1,500 written to it, 500 plain; 300 output. Sonnet 4.5:
    // $3 input, $0.30 cache read, $3.75 cache write, $15 output per million tokens.
    const fixture = editFirstSpan("anthropic-sdk.json", {
      "gen_ai.response.model": { stringValue: "claude-sonnet-4-5-20250929" }, "gen_ai.request.model": { stringValue: "claude-sonnet-4-5" },
      "gen_ai.usage.input_tokens": { intValue: 12000 }, "gen_ai.usage.cache_read.input_tokens": { intValue: 10000 },
      "gen_ai.usage.cache_write.input_tokens": { intValue: 1500 }, "gen_ai.usage.output_tokens": { intValue: 300 },
    });
    const [event] = await ingest(builtIn, relocatedOtlp(fixture), "key-cached");
    const expected = (500 * 3 + 10000 * 0.3 + 1500 * 3.75 + 300 * 15) / 1e6;
    expect(event.metadata.cost).toBeCloseTo(expected, 12);
    expect(event.metadata.cost).toBeCloseTo(0.014625, 12);
    expect(event.metadata.cost_price_key).toBe("anthropic/claude-sonnet-4-5");
    // Pricing every input token as uncached (what the peers do when they drop the cache split) costs 2.8× more.
    const uncached = (12000 * 3 + 300 * 15) / 1e6;
    expect(uncached / event.metadata.cost).toBeGreaterThan(2.7);
  });

  it("prices a call at the price in effect when it started (the dataset's dated price changes)", async () => {
    // claude-sonnet-4-6 above 200k input tokens: $6 / $22.50 before 2026-03-13, $3 / $15 from that day on.
    const costAt = async (startMs: number, key: string) => {
      const fixture = editFirstSpan("anthropic-sdk.json", {
        "gen_ai.response.model": { stringValue: "claude-sonnet-4-6" }, "gen_ai.request.model": { stringValue: "claude-sonnet-4-6" },
        "gen_ai.usage.input_tokens": { intValue: 300_000 }, "gen_ai.usage.output_tokens": { intValue: 1000 },
        "gen_ai.usage.cache_read.input_tokens": undefined, "gen_ai.usage.cache_write.input_tokens": undefined,
      });
      const span = fixture.otlp.resourceSpans[0].scopeSpans[0].spans[0];
      span.startTimeUnixNano = `${startMs}000000`;
      span.endTimeUnixNano = `${startMs + 1000}000000`;
      const [event] = await ingest(builtIn, relocatedOtlp(fixture), key);
      expect(event.metadata.cost_price_key).toBe("anthropic/claude-sonnet-4-6");
      return event.metadata.cost;
    };
    expect(await costAt(Date.parse("2026-02-01T00:00:00Z"), "key-dated-feb")).toBeCloseTo(1.8225, 12);
    expect(await costAt(Date.parse("2026-11-01T00:00:00Z"), "key-dated-nov")).toBeCloseTo(0.915, 12);
  });

  it("a cost the span reports itself wins, labelled reported; estimated token counts are labelled estimated", async () => {
    const reported = editFirstSpan("openinference-openai.json", { "llm.cost.total": { doubleValue: 0.5 } });
    const [r] = await ingest(priced, relocatedOtlp(reported), "key-reported");
    expect(r.metadata).toMatchObject({ cost: 0.5, cost_basis: "reported" });
    expect(r.metadata).not.toHaveProperty("cost_price_key");
    const explicit = editFirstSpan("openinference-openai.json", { "honeyhive_metadata.cost": { doubleValue: 0.25 } });
    expect((await ingest(priced, relocatedOtlp(explicit), "key-explicit-cost"))[0].metadata).toMatchObject({ cost: 0.25, cost_basis: "reported" });
    const estimated = editFirstSpan("openinference-openai.json", { "honeyhive_metadata.tokens_estimated": { boolValue: true } });
    const [e] = await ingest(priced, relocatedOtlp(estimated), "key-estimated");
    expect(e.metadata.cost).toBeCloseTo(EXPECTED_CALL_COSTS["openinference-openai.json"]![0]!, 15);
    expect(e.metadata.cost_basis).toBe("estimated");
  });

  it("model events written through the events API are costed by the same rule", async () => {
    const api = client(priced, "key-api-event");
    const posted = await api.call("POST", "/events", { event: {
      event_type: "model", event_name: "chat", inputs: {}, config: { model: "gpt-4o-2024-08-06", provider: "openai" },
      metadata: { prompt_tokens: 1000, completion_tokens: 100, cache_read_input_tokens: 400 },
    } });
    const stored = await api.call("GET", `/v1/events/${posted.body.event_id}`);
    const event = stored.body.event ?? stored.body;
    expect(event.metadata.cost).toBeCloseTo((600 * 2.5 + 400 * 1.25 + 100 * 10) / 1e6, 15);
    expect(event.metadata.cost_price_key).toBe("openai/gpt-4o");
  });
});

describe("user prices", () => {
  it("an override replaces a built-in price and adds new models", async () => {
    const server = await startServer({ prices: { openai: { "gpt-4o-mini": { input: 1, output: 2 } }, ollama: { "llama3.2": { input: 0, output: 0 } } } });
    try {
      const [mini] = await ingest(server, relocatedOtlp(capturedFixture("openllmetry-openai.json")), "key-override");
      expect(mini.metadata.cost).toBeCloseTo((21 * 1 + 7 * 2) / 1e6, 15);
      const local = editFirstSpan("openllmetry-openai.json", { "gen_ai.provider.name": { stringValue: "ollama" }, "gen_ai.response.model": { stringValue: "llama3.2:latest" }, "gen_ai.request.model": { stringValue: "llama3.2" } });
      const [free] = await ingest(server, relocatedOtlp(local), "key-local");
      expect(free.metadata).toMatchObject({ cost: 0, cost_basis: "priced", cost_price_key: "ollama/llama3.2" });
    } finally {
      await server.close();
    }
  });

  it("invalid prices are clear errors naming the entry, from the option, the file and HH_DEV_SERVER_PRICES", async () => {
    await expect(startServer({ prices: { openai: { "gpt-x": { input: -1, output: 1 } } } as any })).rejects.toThrow(/prices: price of openai\/gpt-x: "input" must be a finite number ≥ 0/);
    await expect(startServer({ prices: { openai: { "gpt-x": { input: 1, output: 1, cached: 1 } } } as any })).rejects.toThrow(/unknown key "cached"/);
    await expect(startServer({ prices: { openai: 3 } as any })).rejects.toThrow(/prices: "openai" must be an object of model → price/);
    const dir = mkdtempSync(join(tmpdir(), "hh-prices-"));
    const saved = process.env.HH_DEV_SERVER_PRICES;
    try {
      writeFileSync(join(dir, "bad.json"), "{ not json");
      process.env.HH_DEV_SERVER_PRICES = join(dir, "bad.json");
      await expect(startServer()).rejects.toThrow(/prices file .*bad\.json is not valid JSON/);
      process.env.HH_DEV_SERVER_PRICES = join(dir, "missing.json");
      await expect(startServer()).rejects.toThrow(/prices file .*missing\.json could not be read: ENOENT/);
      writeFileSync(join(dir, "good.json"), JSON.stringify({ openai: { "gpt-4o-mini": { input: 10, output: 20 } } }));
      process.env.HH_DEV_SERVER_PRICES = join(dir, "good.json");
      const server = await startServer();
      try {
        const [event] = await ingest(server, relocatedOtlp(capturedFixture("openllmetry-openai.json")), "key-env");
        expect(event.metadata.cost).toBeCloseTo((21 * 10 + 7 * 20) / 1e6, 15);
      } finally {
        await server.close();
      }
    } finally {
      if (saved === undefined) delete process.env.HH_DEV_SERVER_PRICES;
      else process.env.HH_DEV_SERVER_PRICES = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
