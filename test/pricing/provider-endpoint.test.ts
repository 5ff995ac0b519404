// Issue 47 req 1: a call through the `openai` client to another provider's OpenAI-compatible API is named after the
// endpoint its span reached (server.address / server.port), so it is priced and filtered as that provider's.
// The mapping directly, the translation, and the real dev server's ingest and pricing of a captured Traceloop span.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { providerFromEndpoint } from "../../packages/core/src/semconv/genai/provider-endpoint";
import { readModelCall } from "../../packages/core/src/semconv/genai/translate";
import { client, startServer } from "../dev-server/helpers";
import { capturedFixture, relocatedOtlp } from "./fixture-costs";

describe("providerFromEndpoint", () => {
  it("names remote providers by host and local servers by their default port on loopback", () => {
    const cases: [string, number | string | undefined, string | undefined][] = [
      ["api.groq.com", 443, "groq"], ["API.Together.xyz", undefined, "together"], ["api.fireworks.ai", 443, "fireworks"],
      ["api.deepseek.com", 443, "deepseek"], ["openrouter.ai", 443, "openrouter"], ["my-resource.openai.azure.com", 443, "azure.ai.openai"],
      ["api.openai.com", 443, "openai"], ["localhost", 11434, "ollama"], ["127.0.0.1", "11434", "ollama"], ["127.0.0.1", 1234, "lmstudio"],
      ["[::1]", 8000, "vllm"], ["127.0.0.1", 43121, undefined], ["example.com", 11434, undefined], ["notapi.groq.com.evil.io", 443, undefined],
    ];
    for (const [host, port, provider] of cases) expect(providerFromEndpoint(host, port), `${host}:${port}`).toBe(provider);
    expect(providerFromEndpoint(undefined, 443)).toBeUndefined();
  });

  it("renames only a call the dialect names openai (or does not name)", () => {
    const span = (attributes: Record<string, unknown>) => ({ name: "chat", attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "m", "gen_ai.usage.input_tokens": 1, ...attributes } });
    expect(readModelCall(span({ "gen_ai.provider.name": "openai", "server.address": "api.groq.com" }))?.provider).toBe("groq");
    expect(readModelCall(span({ "gen_ai.provider.name": "openai", "server.address": "127.0.0.1", "server.port": 11434 }))?.provider).toBe("ollama");
    expect(readModelCall(span({ "gen_ai.provider.name": "openai", "server.address": "127.0.0.1", "server.port": 40000 }))?.provider).toBe("openai");
    expect(readModelCall(span({ "gen_ai.provider.name": "anthropic", "server.address": "api.groq.com" }))?.provider).toBe("anthropic");
  });
});

describe("ingest: the endpoint's provider prices the call", () => {
  let server: DevServer;
  let withPrices: DevServer;
  beforeAll(async () => {
    server = await startServer();
    withPrices = await startServer({ prices: { ollama: { "llama3.2": { input: 0.01, output: 0.02 } } } });
  });
  afterAll(async () => {
    await server.close();
    await withPrices.close();
  });

  async function ingestCall(target: DevServer, key: string, model: string, endpoint: Record<string, unknown>): Promise<any> {
    const fixture = capturedFixture("openllmetry-openai.json");
    const span = fixture.otlp.resourceSpans[0].scopeSpans[0].spans[0];
    span.attributes = span.attributes.filter((a: any) => !["gen_ai.request.model", "gen_ai.response.model"].includes(a.key));
    span.attributes.push({ key: "gen_ai.request.model", value: { stringValue: model } }, { key: "gen_ai.response.model", value: { stringValue: model } });
    for (const [k, v] of Object.entries(endpoint)) span.attributes.push({ key: k, value: typeof v === "number" ? { intValue: v } : { stringValue: v } });
    fixture.otlp.resourceSpans[0].scopeSpans[0].spans = [span];
    const api = client(target, key);
    expect((await api.call("POST", "/opentelemetry/v1/traces", JSON.stringify(relocatedOtlp(fixture)), { "content-type": "application/json" })).status).toBe(200);
    const exported = await api.call("POST", "/v1/events/export", { filters: [{ field: "event_type", operator: "is", value: "model", type: "string" }], limit: 10 });
    return exported.body.events[0];
  }

  it("a Groq call through the openai client is Groq's, at Groq's price (21 in × $0.59 + 7 out × $0.79 per M)", async () => {
    const event = await ingestCall(server, "key-groq", "llama-3.3-70b-versatile", { "server.address": "api.groq.com", "server.port": 443 });
    expect(event.config.provider).toBe("groq");
    expect(event.metadata.cost_price_key).toBe("groq/llama-3.3-70b-versatile");
    expect(event.metadata.cost).toBeCloseTo((21 * 0.59 + 7 * 0.79) / 1e6, 15);
  });

  it("an Ollama call is Ollama's: no price unless a price file gives one", async () => {
    const unpriced = await ingestCall(server, "key-ollama", "llama3.2:latest", { "server.address": "localhost", "server.port": 11434 });
    expect(unpriced.config.provider).toBe("ollama");
    expect(unpriced.metadata).not.toHaveProperty("cost");
    const priced = await ingestCall(withPrices, "key-ollama-priced", "llama3.2:latest", { "server.address": "localhost", "server.port": 11434 });
    expect(priced.metadata).toMatchObject({ cost_price_key: "ollama/llama3.2", cost_basis: "priced" });
    expect(priced.metadata.cost).toBeCloseTo((21 * 0.01 + 7 * 0.02) / 1e6, 15);
  });
});
