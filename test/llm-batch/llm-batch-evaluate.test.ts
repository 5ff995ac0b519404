/**
 * Provider Batch APIs as an execution mode (`createLlmBatch`) inside evaluate(): the function under test calls the
 * real `openai` client and its LLM judge the real `@anthropic-ai/sdk` client, both through one batcher (behind the
 * recorded-calls cache), against loopback fakes of the two Batch APIs in front of fake providers, with a real dev
 * server. Every call goes through a batch (none directly), answers are the ones direct calls get, the stored costs are
 * the batch rate (half of the same run's direct cost, the cost budget agreeing), and a replay run makes no request.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import * as AnthropicModule from "@anthropic-ai/sdk";
import type { OpenAI as OpenAIClient } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { createLlmBatch, createLlmCache, HoneyHiveTracer, type LlmCacheMode } from "../../packages/honeyhive/src/index";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { type FakeAnthropic, startFakeAnthropic } from "../helpers/fake-anthropic-server";
import { type FakeBatchApi, startFakeBatchApi } from "../helpers/fake-batch-api";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { requireOpenAI } from "../routing/openai-workload";
import { call, KEY, startViewerServer } from "../viewer/helpers/viewer-server";

const DATAPOINTS = 8;
let openaiFake: FakeOpenAI;
let anthropicFake: FakeAnthropic;
let openaiBatch: FakeBatchApi;
let anthropicBatch: FakeBatchApi;
let server: DevServer;
let setup: HoneyHiveTracer;
let dir: string;

beforeAll(async () => {
  [openaiFake, anthropicFake, server] = await Promise.all([startFakeOpenAI(), startFakeAnthropic(), startViewerServer()]);
  [openaiBatch, anthropicBatch] = await Promise.all([
    startFakeBatchApi({ provider: "openai", target: openaiFake.url }),
    startFakeBatchApi({ provider: "anthropic", target: anthropicFake.url }),
  ]);
  setup = new HoneyHiveTracer({ apiKey: KEY, serverUrl: server.url, sessionName: "setup", instrumentations: [new OpenAIInstrumentation()] });
  dir = mkdtempSync(join(tmpdir(), "hh-llm-batch-"));
}, 60_000);
afterAll(async () => {
  await setup.shutdown();
  resetHoneyHiveGlobals();
  await Promise.all([openaiFake.close(), anthropicFake.close(), openaiBatch.close(), anthropicBatch.close(), server.close()]);
  rmSync(dir, { recursive: true, force: true });
});

type Route = { kind: "direct" } | { kind: "batch"; cache: LlmCacheMode };

function clients(route: Route) {
  const { OpenAI } = requireOpenAI();
  if (route.kind === "direct") {
    return {
      openai: new OpenAI({ baseURL: `${openaiFake.url}/v1`, apiKey: "sk-test", maxRetries: 0 }) as OpenAIClient,
      anthropic: new AnthropicModule.Anthropic({ baseURL: anthropicFake.url, apiKey: "sk-ant-test", maxRetries: 0 }),
    };
  }
  const batch = createLlmBatch({ collectMs: 300, pollIntervalMs: 5, hosts: ["127.0.0.1"] });
  const cache = createLlmCache({ mode: route.cache, dir, fetch: batch.fetch });
  return {
    openai: new OpenAI({ baseURL: `${openaiBatch.url}/v1`, apiKey: "sk-test", maxRetries: 0, fetch: cache.fetch }) as OpenAIClient,
    anthropic: new AnthropicModule.Anthropic({ baseURL: anthropicBatch.url, apiKey: "sk-ant-test", maxRetries: 0, fetch: cache.fetch }),
  };
}

async function experiment(name: string, route: Route) {
  const { openai, anthropic } = clients(route);
  const result = await evaluate({
    name, apiKey: KEY, serverUrl: server.url, progress: false, maxConcurrency: DATAPOINTS, maxCostUsd: 1000,
    dataset: Array.from({ length: DATAPOINTS }, (_, i) => ({ inputs: { q: `What is ${i} + ${i}?` } })),
    function: async (inputs: { q: string }) => {
      const completion = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: inputs.q }] });
      return completion.choices[0]?.message.content ?? "";
    },
    evaluators: [async function judge(output: string) {
      const message = await anthropic.messages.create({ model: "claude-3-5-haiku-latest", max_tokens: 64, messages: [{ role: "user", content: `Grade: ${output}` }] });
      const block = message.content[0];
      return block?.type === "text" && block.text.startsWith("echo:") ? 1 : 0;
    }],
  });
  const outputs = new Map(result.datapoints.map((d) => [JSON.stringify(d.inputs), d.outputs]));
  return { result, outputs };
}

/** Every event of a stored session tree, depth first. */
function eventsOf(node: any): any[] {
  return [node, ...((node?.children as any[] | undefined) ?? []).flatMap(eventsOf)];
}

async function storedModelEvents(sessionIds: readonly string[]): Promise<any[]> {
  const events: any[] = [];
  for (const id of sessionIds) events.push(...eventsOf((await call(server, "GET", `/v1/sessions/${id}`)).body).filter((e) => e.event_type === "model"));
  return events;
}

const totalCost = (events: readonly any[]) => events.reduce((sum, e) => sum + (e.metadata?.cost ?? 0), 0);

describe("createLlmBatch inside evaluate()", () => {
  it("sends every call of the function and of the judge through batches, at half the direct cost, and replays with no request", async () => {
    const direct = await experiment("direct", { kind: "direct" });
    const batched = await experiment("batched", { kind: "batch", cache: "record" });

    expect(batched.result.datapoints.map((d) => d.error ?? null)).toEqual(Array(DATAPOINTS).fill(null));
    expect(batched.outputs).toEqual(direct.outputs);
    expect([...batched.outputs.values()].every((o) => typeof o === "string" && o.startsWith("echo:"))).toBe(true);
    expect(openaiBatch.direct).toEqual([]);
    expect(anthropicBatch.direct).toEqual([]);
    for (const fake of [openaiBatch, anthropicBatch]) {
      expect(fake.batches.reduce((n, b) => n + b.lines, 0)).toBe(DATAPOINTS);
      expect(Math.max(...fake.batches.map((b) => b.lines))).toBeGreaterThan(1); // calls shared a batch
      expect(fake.requests.some((r) => "idempotency-key" in r.headers)).toBe(false);
    }
    expect(openaiBatch.requests.every((r) => r.headers.authorization === "Bearer sk-test")).toBe(true);
    // the call's credentials, however the client sends them
    expect(anthropicBatch.requests.every((r) => r.headers["x-api-key"] === "sk-ant-test" || r.headers.authorization === "Bearer sk-ant-test")).toBe(true);
    expect(anthropicBatch.requests.every((r) => typeof r.headers["anthropic-version"] === "string")).toBe(true);

    const directEvents = await storedModelEvents(direct.result.sessionIds);
    const batchedEvents = await storedModelEvents(batched.result.sessionIds);
    expect(batchedEvents.length).toBe(2 * DATAPOINTS);
    expect(batchedEvents.length).toBe(directEvents.length);
    for (const e of batchedEvents) {
      expect(e.metadata.llm_batch).toMatch(/^(batch|msgbatch)_\d+$/);
      expect(e.metadata.cost).toBeGreaterThan(0);
    }
    expect(directEvents.some((e) => e.metadata.llm_batch !== undefined)).toBe(false);
    expect(totalCost(batchedEvents)).toBeCloseTo(totalCost(directEvents) / 2, 12);
    expect(batched.result.cost!.spentUsd).toBeCloseTo(totalCost(batchedEvents), 12);

    const requestsBefore = [openaiBatch, anthropicBatch].map((f) => f.requests.length);
    const providerCallsBefore = openaiFake.requests.length + anthropicFake.requests.length;
    const replayed = await experiment("replayed", { kind: "batch", cache: "replay" });
    expect(replayed.outputs).toEqual(direct.outputs);
    expect([openaiBatch, anthropicBatch].map((f) => f.requests.length)).toEqual(requestsBefore);
    expect(openaiFake.requests.length + anthropicFake.requests.length).toBe(providerCallsBefore);
  }, 120_000);
});
