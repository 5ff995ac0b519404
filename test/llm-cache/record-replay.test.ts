/**
 * Issue 19, requirement 3: recorded LLM calls. The real `openai` and `@anthropic-ai/sdk` clients and the Vercel AI
 * SDK (`ai` + `@ai-sdk/openai`), each given `cache.fetch`, called inside evaluate() datapoints against loopback
 * fake providers that count requests, with model spans from the OpenAI instrumentation `instrumentModules` picks (OpenInference's), the Anthropic
 * SDK's and the AI SDK's own telemetry, exported to a loopback HoneyHive backend. The record run calls the providers; the replay run makes
 * zero provider calls and gives identical outputs and scores, with every model span marked replayed; a request
 * never recorded fails its datapoint with a message naming the datapoint and the request.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as AnthropicModule from "@anthropic-ai/sdk";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText } from "ai";
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DecodedSpan } from "../../packages/dev-server/src/otlp/index";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { stableJson } from "../../packages/core/src/values/stable-json";
import { exactMatch, factuality, levenshtein } from "../../packages/honeyhive/src/evaluators";
import { type LlmCacheMode, createLlmCache } from "../../packages/honeyhive/src/index";
import { type LoopbackServer, startLoopbackServer } from "../api-client/loopback-server";
import { createFakeBackend, type FakeBackend } from "../evaluation/fake-backend";
import { type FakeAnthropic, startFakeAnthropic } from "../helpers/fake-anthropic-server";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";

const KEY = "hh_llm_cache_key_abcdef";
const DATASET = [
  { id: "capital-fr", inputs: { q: "capital of France" }, ground_truth: "echo: capital of France" },
  { id: "capital-it", inputs: { q: "capital of Italy" }, ground_truth: "echo: capital of Italy" },
  { id: "capital-de", inputs: { q: "capital of Germany" }, ground_truth: "wrong on purpose" },
];
/** Provider calls per datapoint: openai chat, openai streamed chat, AI SDK generateText (OpenAI), the judge; Anthropic messages. */
const OPENAI_CALLS = 4;
const ANTHROPIC_CALLS = 1;

let openaiFake: FakeOpenAI;
/** An LLM judge (scripted: "correct" when the answer repeats the expert answer). */
let judgeFake: FakeOpenAI;
let anthropicFake: FakeAnthropic;
let backendServer: LoopbackServer;
let backend: FakeBackend;
let dir: string;

beforeAll(async () => {
  [openaiFake, anthropicFake, judgeFake] = await Promise.all([startFakeOpenAI(), startFakeAnthropic(), startFakeOpenAI({
    chatReply: (body) => {
      const prompt: string = body.messages.at(-1).content;
      const expert = /<expert_answer>\n([\s\S]*?)\n<\/expert_answer>/.exec(prompt)?.[1];
      const correct = expert !== undefined && prompt.includes(`<submitted_answer>\n${expert}\n`);
      return JSON.stringify({ verdict: correct ? "correct" : "incorrect", explanation: correct ? "same answer" : "different" });
    },
  })]);
  backend = createFakeBackend();
  backendServer = await startLoopbackServer(backend.handler);
  dir = mkdtempSync(join(tmpdir(), "hh-llm-cache-"));
});
afterAll(async () => {
  await Promise.all([openaiFake.close(), anthropicFake.close(), judgeFake.close(), backendServer.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const providerCalls = () => openaiFake.requests.length + anthropicFake.requests.length + judgeFake.requests.length;

async function runEval(mode: LlmCacheMode, dataset = DATASET) {
  const cache = createLlmCache({ mode, dir });
  const openai = new OpenAI({ baseURL: `${openaiFake.url}/v1`, apiKey: "sk-test", maxRetries: 0, fetch: cache.fetch });
  // The Anthropic SDK (1.x) traces its own calls (`anthropic.messages.create`, through the global provider).
  const anthropic = new AnthropicModule.Anthropic({ baseURL: anthropicFake.url, apiKey: "sk-ant-test", maxRetries: 0, fetch: cache.fetch });
  const aiOpenAI = createOpenAI({ baseURL: `${openaiFake.url}/v1`, apiKey: "sk-test", fetch: cache.fetch });
  // the judge's calls run inside the datapoint too, so they are recorded and replayed like the function's
  const judge = new OpenAI({ baseURL: `${judgeFake.url}/v1`, apiKey: "sk-test", maxRetries: 0, fetch: cache.fetch });
  const spansBefore = backend.spans.length;
  const result = await evaluate({
    name: `llm-cache-${mode}`, apiKey: KEY, serverUrl: backendServer.url, dataset, progress: false, disableHttpTracing: true,
    instrumentModules: { openAI: OpenAI },
    function: async (inputs: { q: string }) => {
      const chat = await openai.chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content: inputs.q }] });
      let streamed = "";
      for await (const chunk of await openai.chat.completions.create({ model: "gpt-test", stream: true, messages: [{ role: "user", content: `stream ${inputs.q}` }] })) {
        streamed += chunk.choices[0]?.delta?.content ?? "";
      }
      const message = await anthropic.messages.create({ model: "claude-test", max_tokens: 64, messages: [{ role: "user", content: inputs.q }] });
      const ai = await generateText({ model: aiOpenAI.chat("gpt-test"), prompt: `ai ${inputs.q}`, experimental_telemetry: { isEnabled: true } });
      const first = message.content[0];
      return { answer: chat.choices[0]!.message.content, streamed, anthropic: first?.type === "text" ? first.text : "", ai: ai.text };
    },
    evaluators: [exactMatch(), levenshtein({ output: (o) => o.anthropic, expected: (o) => o.answer }), factuality({ client: judge, model: "judge-test" })],
  });
  return { result, cache, spans: backend.spans.slice(spansBefore) };
}

/**
 * The spans of the calls themselves, labelled by name (and model for OpenAI's): OpenInference's `OpenAI Chat
 * Completions` (function and judge; `instrumentModules` prefers it, decision record 0068), the Anthropic SDK's own,
 * the AI SDK's doGenerate.
 */
const OPENAI_CHAT = "OpenAI Chat Completions";
const MODEL_CALL_SPANS = [`${OPENAI_CHAT} gpt-test`, `${OPENAI_CHAT} gpt-test`, "anthropic.messages.create", "ai.generateText.doGenerate", `${OPENAI_CHAT} judge-test`];
const label = (s: DecodedSpan) => (s.name === OPENAI_CHAT ? `${s.name} ${String(s.attributes["llm.model_name"])}` : s.name);
const callSpans = (spans: DecodedSpan[]) => spans.filter((s) => MODEL_CALL_SPANS.includes(label(s)));
/** The OpenAI spans are complete: model and, for the calls whose reply carries usage (not streamed), tokens. */
function expectCompleteOpenAISpans(spans: DecodedSpan[]): void {
  const openai = spans.filter((s) => s.name === OPENAI_CHAT);
  expect(openai).toHaveLength(DATASET.length * 3);
  for (const span of openai) {
    const streamed = String(span.attributes["input.value"]).includes('"stream":true');
    expect(span.attributes["llm.output_messages.0.message.content"]).toEqual(expect.any(String));
    if (!streamed) expect(span.attributes).toMatchObject({ "llm.token_count.prompt": expect.any(Number), "llm.token_count.completion": expect.any(Number) });
  }
}
const summary = (r: Awaited<ReturnType<typeof runEval>>["result"]) => r.datapoints.map((d) => ({ id: d.datapointId, status: d.status, outputs: d.outputs, metrics: d.metrics }));

describe("LLM call record/replay through evaluate()", () => {
  let recorded: Awaited<ReturnType<typeof runEval>>;

  it("record: every call reaches the providers and is stored as readable JSON, one directory per datapoint", async () => {
    const before = providerCalls();
    recorded = await runEval("record");
    expect(providerCalls() - before).toBe(DATASET.length * (OPENAI_CALLS + ANTHROPIC_CALLS));
    expect(recorded.cache.stats()).toEqual({ replayed: 0, recorded: DATASET.length * 5, misses: 0, passedThrough: 0, writeFailures: 0 });
    expect(recorded.result.datapoints.every((d) => d.status === "success")).toBe(true);
    expect(recorded.result.datapoints.map((d) => d.metrics.exact_match)).toEqual([true, true, false]);
    expect(recorded.result.datapoints.map((d) => d.metrics.factuality)).toEqual([1, 1, 0]);

    const dirs = readdirSync(dir).sort();
    expect(dirs).toEqual(recorded.result.datapoints.map((d) => d.datapointId).sort());
    expect(dirs.every((d) => d.startsWith("EXT-"))).toBe(true);
    const files = readdirSync(join(dir, dirs[0]!));
    expect(files).toHaveLength(5);
    const texts = files.map((f) => readFileSync(join(dir, dirs[0]!, f), "utf8"));
    for (const text of texts) {
      const entry = JSON.parse(text);
      expect(text).toBe(`${stableJson(entry, 2)}\n`); // pretty, keys sorted: stable diffs
      expect(entry).toMatchObject({ version: 1, datapointId: dirs[0], request: { method: "POST" }, response: { status: 200 } });
      expect(text).not.toContain("sk-test"); // headers (API keys) are never stored
      expect(text).not.toContain("sk-ant-test");
    }
    const streamedEntry = texts.map((t) => JSON.parse(t)).find((e) => e.request.body.stream === true);
    expect(streamedEntry.response).toMatchObject({ bodyEncoding: "text", contentType: expect.stringContaining("text/event-stream") });
    const calls = callSpans(recorded.spans);
    expect(calls.map(label).sort()).toEqual(DATASET.flatMap(() => MODEL_CALL_SPANS).sort());
    expectCompleteOpenAISpans(calls);
    expect(calls.every((s) => s.attributes["honeyhive_event_type"] === "model" && s.attributes["honeyhive_metadata.llm_cache"] === "recorded")).toBe(true);
  });

  it("replay: zero provider calls, identical outputs and scores, every model span marked replayed", async () => {
    const before = providerCalls();
    const replayed = await runEval("replay");
    expect(providerCalls() - before).toBe(0);
    expect(summary(replayed.result)).toEqual(summary(recorded.result));
    expect(replayed.result.metrics).toEqual(recorded.result.metrics);
    expect(replayed.cache.stats()).toEqual({ replayed: DATASET.length * 5, recorded: 0, misses: 0, passedThrough: 0, writeFailures: 0 });
    const models = callSpans(replayed.spans);
    expect(models.map(label).sort()).toEqual(DATASET.flatMap(() => MODEL_CALL_SPANS).sort());
    expectCompleteOpenAISpans(models);
    expect(models.every((s) => s.attributes["honeyhive_event_type"] === "model" && s.attributes["honeyhive_metadata.llm_cache"] === "replayed")).toBe(true);
    expect(new Set(models.map((s) => s.attributes["honeyhive_metadata.datapoint_id"]))).toEqual(new Set(replayed.result.datapoints.map((d) => d.datapointId)));
    // only the call spans are marked (not the datapoint's chain span, not the AI SDK's outer generateText span)
    expect(replayed.spans.filter((s) => s.attributes["honeyhive_metadata.llm_cache"] !== undefined)).toHaveLength(models.length);
  });

  it("replay miss: the datapoint fails with a message naming the datapoint and the request; nothing reaches the provider", async () => {
    const before = providerCalls();
    const { result, cache } = await runEval("replay", [{ id: "never-recorded", inputs: { q: "capital of Spain" }, ground_truth: "x" }]);
    expect(providerCalls() - before).toBe(0);
    const [datapoint] = result.datapoints;
    expect(datapoint!.status).toBe("failed");
    expect(datapoint!.error).toContain(`no recording for datapoint ${datapoint!.datapointId} of POST /v1/chat/completions (model "gpt-test")`);
    expect(datapoint!.error).toContain(dir);
    expect(cache.stats().misses).toBe(1);
  });

  it("auto: replays what is recorded and records the rest", async () => {
    const before = providerCalls();
    const { result, cache } = await runEval("auto", [DATASET[0]!, { id: "new-one", inputs: { q: "capital of Spain" }, ground_truth: "x" }]);
    expect(providerCalls() - before).toBe(OPENAI_CALLS + ANTHROPIC_CALLS);
    expect(cache.stats()).toMatchObject({ replayed: 5, recorded: 5, misses: 0 });
    expect(result.datapoints.every((d) => d.status === "success")).toBe(true);
  });

  it("off: calls pass straight through and nothing is stored", async () => {
    const before = providerCalls();
    const { cache } = await runEval("off", [{ id: "off-mode", inputs: { q: "off" }, ground_truth: "x" }]);
    expect(providerCalls() - before).toBe(OPENAI_CALLS + ANTHROPIC_CALLS);
    expect(cache.stats()).toEqual({ replayed: 0, recorded: 0, misses: 0, passedThrough: 0, writeFailures: 0 });
    expect(readdirSync(dir)).not.toContain("EXT-off-mode");
  });
});
