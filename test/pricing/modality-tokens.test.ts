/**
 * Issue 47, requirement 8 (tokens): per-modality token counts (audio and image parts of the input and the output) and
 * cache-write tokens are read from every dialect that reports them, counted on the model event and priced with the
 * built-in price data (`@pydantic/genai-prices`: audio, image and cache-write rates). The cost arithmetic is checked
 * against CPython working the same rule out with exact fractions (price-oracle.ts), over random counts and the
 * dataset's own prices; the ingest through the real dev server stores the counts and that cost.
 */
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lookupModelPrice, priceCall } from "../../packages/core/src/pricing/call-cost";
import type { CallTokenUsage } from "../../packages/core/src/pricing/token-cost";
import { honeyHiveModelFields, providerResultAttributes, readModelCall } from "../../packages/core/src/semconv/genai/index";
import { googleModalityTokens } from "../../packages/core/src/semconv/genai/modality-tokens";
import type { DevServer } from "../../packages/dev-server/src/index";
import { responseAttributes } from "../../packages/honeyhive/src/integrations/google-genai-attributes";
import { client, startServer } from "../dev-server/helpers";
import { protobufBody } from "../dev-server/spans";
import { SKIP_PYTHON_ORACLE, pythonCosts } from "./price-oracle";

const MODALITY_ATTRIBUTES = {
  "gen_ai.usage.input_tokens.audio": 400, "gen_ai.usage.input_tokens.image": 100,
  "gen_ai.usage.output_tokens.audio": 30, "gen_ai.usage.output_tokens.image": 20,
};

describe("per-modality and cache-write counts are read from each dialect", () => {
  it("OTel GenAI and OpenInference keys -> canonical counts -> the model event's metadata", () => {
    const otel = readModelCall({ name: "chat", attributes: { "gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai", "gen_ai.request.model": "gpt-realtime",
      "gen_ai.usage.input_tokens": 1000, "gen_ai.usage.output_tokens": 100, "gen_ai.usage.cache_creation.input_tokens": 50, ...MODALITY_ATTRIBUTES } })!;
    expect(otel.tokens).toMatchObject({ input: 1000, output: 100, cache_write: 50, input_audio: 400, input_image: 100, output_audio: 30, output_image: 20 });
    expect(honeyHiveModelFields(otel).metadata).toMatchObject({
      cache_write_input_tokens: 50, input_audio_tokens: 400, input_image_tokens: 100, output_audio_tokens: 30, output_image_tokens: 20,
    });
    const openInference = readModelCall({ name: "llm", attributes: { "openinference.span.kind": "LLM", "llm.model_name": "gpt-realtime",
      "llm.token_count.prompt": 10, "llm.token_count.completion": 5, "llm.token_count.prompt_details.audio": 7, "llm.token_count.completion_details.audio": 3 } })!;
    expect(openInference.tokens).toMatchObject({ input_audio: 7, output_audio: 3, input_image: null, output_image: null });
    // the per-modality keys alone mark the span as the current conventions (no gen_ai.provider.name needed)
    const bare = readModelCall({ name: "chat", attributes: { "gen_ai.request.model": "m", "gen_ai.usage.input_tokens": 9, "gen_ai.usage.input_tokens.audio": 4 } })!;
    expect(bare.tokens).toMatchObject({ input: 9, input_audio: 4 });
    const plain = readModelCall({ name: "chat", attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "m", "gen_ai.usage.input_tokens": 1 } })!;
    expect(Object.keys(honeyHiveModelFields(plain).metadata).filter((k) => /audio|image|cache/.test(k))).toEqual([]); // absent, never 0
  });

  it("provider results: OpenAI's token details (chat and Responses), Anthropic's cache creation, Google's modality lists", () => {
    expect(providerResultAttributes({ object: "chat.completion", model: "gpt-4o-audio-preview", usage: {
      prompt_tokens: 500, completion_tokens: 80, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 300 }, completion_tokens_details: { audio_tokens: 60, reasoning_tokens: 0 },
    } })).toMatchObject({ "gen_ai.usage.input_tokens.audio": 300, "gen_ai.usage.output_tokens.audio": 60 });
    expect(providerResultAttributes({ object: "response", model: "gpt-image-1", usage: {
      input_tokens: 50, output_tokens: 4000, input_tokens_details: { image_tokens: 40, text_tokens: 10 }, output_tokens_details: { image_tokens: 4000 },
    } })).toMatchObject({ "gen_ai.usage.input_tokens.image": 40, "gen_ai.usage.output_tokens.image": 4000 });
    expect(providerResultAttributes({ type: "message", role: "assistant", model: "claude-sonnet-4-6", usage: {
      input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 2000, cache_read_input_tokens: 0,
    } })).toMatchObject({ "gen_ai.usage.input_tokens": 2010, "gen_ai.usage.cache_creation.input_tokens": 2000 });
    const usageMetadata = {
      promptTokenCount: 700, candidatesTokenCount: 1300,
      promptTokensDetails: [{ modality: "TEXT", tokenCount: 100 }, { modality: "AUDIO", tokenCount: 500 }, { modality: "IMAGE", tokenCount: 100 }],
      candidatesTokensDetails: [{ modality: "IMAGE", tokenCount: 1290 }, { modality: "TEXT", tokenCount: 10 }],
    };
    expect(googleModalityTokens(usageMetadata.promptTokensDetails, usageMetadata.candidatesTokensDetails)).toEqual({ inputAudio: 500, inputImage: 100, outputAudio: undefined, outputImage: 1290 });
    expect(responseAttributes({ parts: [], usage: usageMetadata })).toMatchObject({
      "gen_ai.usage.input_tokens.audio": 500, "gen_ai.usage.input_tokens.image": 100, "gen_ai.usage.output_tokens.image": 1290,
    });
    expect(googleModalityTokens([{ modality: "AUDIO", tokenCount: -1 }, "x", null], { modality: "IMAGE" })).toEqual({});
  });
});

/** Dataset models with a rate of their own for audio, image or cache writes (and one tiered price). */
const PRICED_MODELS: readonly (readonly [string, string])[] = [
  ["openai", "gpt-realtime"], ["google", "gemini-2.5-flash"], ["google", "gemini-2.5-flash-image"], ["google", "gemini-3.1-flash-live-preview"],
  ["anthropic", "claude-sonnet-4-6"], ["anthropic", "claude-haiku-4-5"], ["google", "gemini-2.5-pro"], ["openai", "gpt-4o-mini"],
];

describe.skipIf(SKIP_PYTHON_ORACLE)("the cost arithmetic against CPython (exact fractions), over the dataset's prices", () => {
  it("every model's rates are the dataset's: audio, image and cache write where it has them", () => {
    expect(lookupModelPrice("openai", "gpt-realtime")?.[1]).toMatchObject({ inputAudio: 32, outputAudio: 64, inputImage: 5 });
    expect(lookupModelPrice("google", "gemini-2.5-flash-image")?.[1]).toMatchObject({ outputImage: 30 });
    expect(lookupModelPrice("anthropic", "claude-sonnet-4-6")?.[1]).toMatchObject({ cacheWrite: expect.any(Number) });
    for (const [provider, model] of PRICED_MODELS) expect(lookupModelPrice(provider, model), model).toBeDefined();
  });

  it("random counts of every kind: priceCall's cost is CPython's", () => {
    const count = fc.option(fc.oneof(fc.nat(3_000_000), fc.constant(0), fc.constant(-3), fc.double({ noNaN: true, min: 0, max: 1e6 })), { nil: undefined });
    const usage = fc.record({
      inputTokens: count, outputTokens: count, cacheReadTokens: count, cacheWriteTokens: count, reasoningTokens: count,
      inputAudioTokens: count, inputImageTokens: count, outputAudioTokens: count, outputImageTokens: count,
    }, { requiredKeys: [] });
    const samples = fc.sample(fc.tuple(fc.constantFrom(...PRICED_MODELS), usage), { numRuns: 400, seed: 47 });
    const prices = samples.map(([[provider, model]]) => lookupModelPrice(provider, model)![1]);
    const want = pythonCosts(samples.map(([, u], i) => [prices[i], u as Record<string, unknown>] as const));
    samples.forEach(([[provider, model], u], i) => {
      const got = priceCall({ provider, model, usage: u as CallTokenUsage })?.cost ?? null;
      if (want[i] === null) expect(got, `${model} ${JSON.stringify(u)}`).toBeNull();
      else expect(Math.abs(got! - want[i]!), `${model} ${JSON.stringify(u)}`).toBeLessThanOrEqual(1e-12 + Math.abs(want[i]!) * 1e-12);
    });
  });
});

describe("the dev server stores the counts and prices them at ingest", () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it("an audio call and a cache-writing call: their counts on the event, their cost CPython's", async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const tracer = provider.getTracer("modality-test");
    const audio = { "gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai", "gen_ai.request.model": "gpt-realtime",
      "gen_ai.usage.input_tokens": 2000, "gen_ai.usage.output_tokens": 500, "gen_ai.usage.input_tokens.audio": 1500, "gen_ai.usage.output_tokens.audio": 400 };
    const cached = { "gen_ai.operation.name": "chat", "gen_ai.provider.name": "anthropic", "gen_ai.request.model": "claude-sonnet-4-6",
      "gen_ai.usage.input_tokens": 12000, "gen_ai.usage.output_tokens": 300, "gen_ai.usage.cache_creation.input_tokens": 10000 };
    for (const attributes of [audio, cached]) tracer.startSpan("chat", { attributes }).end();
    const api = client(server, "modality-key");
    const res = await api.raw("POST", "/opentelemetry/v1/traces", Buffer.from(protobufBody(exporter.getFinishedSpans() as ReadableSpan[])), { "content-type": "application/x-protobuf" });
    expect(res.status).toBe(200);
    const events = (await api.call("POST", "/v1/events/export", { filters: [{ field: "event_type", operator: "is", value: "model", type: "string" }] })).body.events as any[];
    const byModel = new Map(events.map((e) => [e.config.model, e.metadata]));
    expect(byModel.get("gpt-realtime")).toMatchObject({ input_audio_tokens: 1500, output_audio_tokens: 400, cost_price_key: "openai/gpt-realtime" });
    expect(byModel.get("claude-sonnet-4-6")).toMatchObject({ cache_write_input_tokens: 10000, cost_price_key: "anthropic/claude-sonnet-4-6" });
    if (SKIP_PYTHON_ORACLE) return;
    const [audioCost, cachedCost] = pythonCosts([
      [lookupModelPrice("openai", "gpt-realtime")![1], { inputTokens: 2000, outputTokens: 500, inputAudioTokens: 1500, outputAudioTokens: 400 }],
      [lookupModelPrice("anthropic", "claude-sonnet-4-6")![1], { inputTokens: 12000, outputTokens: 300, cacheWriteTokens: 10000 }],
    ]);
    expect(byModel.get("gpt-realtime").cost).toBeCloseTo(audioCost!, 12);
    expect(byModel.get("claude-sonnet-4-6").cost).toBeCloseTo(cachedCost!, 12);
    // not the plain-rate figure: the parts are priced at their own rates
    expect(byModel.get("gpt-realtime").cost).toBeGreaterThan((2000 * 4 + 500 * 16) / 1e6);
  });
});
