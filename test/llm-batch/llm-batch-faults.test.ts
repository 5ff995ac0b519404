/**
 * `createLlmBatch` under faults and odd calls, with the real `openai`, `@anthropic-ai/sdk` and AI SDK clients against
 * loopback fakes of the Batch APIs that check input as the providers do: a refused batch creation fails its calls
 * with a message naming the step and is never sent twice (not even by a client that retries every 5xx); failed
 * status checks are retried; an expired batch answers what it finished and fails the rest without a retry; a line the
 * provider refused fails alone; streamed calls and other hosts go directly; an aborted call leaves its batch, and a
 * sent batch nobody waits for is cancelled; a full batch goes at once; bad options are errors naming the option.
 */
import { createServer } from "node:http";
import * as AnthropicModule from "@anthropic-ai/sdk";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText } from "ai";
import type { OpenAI as OpenAIClient } from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { createLlmBatch, type LlmBatchOptions } from "../../packages/honeyhive/src/index";
import { type FakeAnthropic, startFakeAnthropic } from "../helpers/fake-anthropic-server";
import { type FakeBatchApi, type FakeBatchApiOptions, startFakeBatchApi } from "../helpers/fake-batch-api";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { listenOnLoopback } from "../helpers/loopback-server";
import { inStrictMode } from "../helpers/option-rule";
import { requireOpenAI } from "../routing/openai-workload";

type Faults = Omit<FakeBatchApiOptions, "provider" | "target">;
const LOOPBACK: LlmBatchOptions = { collectMs: 100, pollIntervalMs: 2, hosts: ["127.0.0.1"] };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function openaiSetup(faults: Faults = {}, options: LlmBatchOptions = {}) {
  const provider: FakeOpenAI = await startFakeOpenAI();
  const api: FakeBatchApi = await startFakeBatchApi({ provider: "openai", target: provider.url, ...faults });
  closers.push(provider.close, api.close);
  const batch = createLlmBatch({ ...LOOPBACK, ...options });
  const { OpenAI } = requireOpenAI();
  const client = new OpenAI({ baseURL: `${api.url}/v1`, apiKey: "sk-test", maxRetries: 2, fetch: batch.fetch }) as OpenAIClient;
  const ask = async (q: string, signal?: AbortSignal) => (await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: q }] }, { signal })).choices[0]?.message.content;
  return { provider, api, batch, client, ask };
}

async function anthropicSetup(faults: Faults = {}) {
  const provider: FakeAnthropic = await startFakeAnthropic();
  const api = await startFakeBatchApi({ provider: "anthropic", target: provider.url, ...faults });
  closers.push(provider.close, api.close);
  const batch = createLlmBatch({ ...LOOPBACK, collectMs: 60_000 });
  const client = new AnthropicModule.Anthropic({ baseURL: api.url, apiKey: "sk-ant-test", maxRetries: 2, fetch: batch.fetch });
  const ask = (q: string) => client.messages.create({ model: "claude-3-5-haiku-latest", max_tokens: 10, messages: [{ role: "user", content: q }] });
  return { api, batch, ask };
}

const reasons = (results: PromiseSettledResult<unknown>[]) => results.map((r) => (r.status === "rejected" ? String((r.reason as Error).message) : "ok"));

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("createLlmBatch under faults", () => {
  it("fails the calls of a batch whose creation was refused, naming the step, and never creates it twice", async () => {
    const { api, batch, ask } = await openaiSetup({ failCreates: 1 });
    const results = await Promise.allSettled(["a", "b", "c"].map((q) => ask(q)));
    expect(reasons(results).every((m) => m.includes("llm batch: create the batch: HTTP 500"))).toBe(true);
    expect(api.requests.filter((r) => r.path === "/v1/batches").length).toBe(1); // the client's retries were told not to
    expect(api.batches).toEqual([]);
    expect(batch.stats()).toMatchObject({ batches: 1, batched: 3, failed: 3, answered: 0, waiting: 0 });
    expect(await ask("later")).toBe("echo: later"); // the next batch works
    expect(reasons(results).join("\n")).not.toContain("sk-test");
  });

  it("is not retried by the AI SDK either, which retries every 5xx", async () => {
    const provider = await startFakeOpenAI();
    const api = await startFakeBatchApi({ provider: "openai", target: provider.url, failCreates: 1 });
    closers.push(provider.close, api.close);
    const batch = createLlmBatch({ ...LOOPBACK, collectMs: 0 });
    const openai = createOpenAI({ baseURL: `${api.url}/v1`, apiKey: "sk-test", fetch: batch.fetch });
    await expect(generateText({ model: openai.chat("gpt-4o-mini"), prompt: "hi", maxRetries: 2 })).rejects.toThrow(/create the batch: HTTP 500/);
    expect(api.requests.filter((r) => r.path === "/v1/batches").length).toBe(1);
  });

  it("retries failed status checks (reads) and answers every call; gives up after maxPollFailures in a row", async () => {
    const { api, batch, ask } = await openaiSetup({ failChecks: 3 });
    expect(await Promise.all(["x", "y"].map((q) => ask(q)))).toEqual(["echo: x", "echo: y"]);
    expect(api.requests.filter((r) => r.method === "GET" && r.path.startsWith("/v1/batches/")).length).toBeGreaterThanOrEqual(4);
    expect(batch.stats()).toMatchObject({ batches: 1, batched: 2, answered: 2, failed: 0 });

    const stuck = await openaiSetup({ failChecks: 100 }, { maxPollFailures: 2 });
    await expect(stuck.ask("never")).rejects.toThrow(/llm batch batch_\d+: check its status: HTTP 503/);
    expect(stuck.api.batches.length).toBe(1);
  });

  it("answers what an expired batch finished and fails the rest once, without a new batch; a refused line fails alone", async () => {
    const expired = await openaiSetup({ expireAfter: 2 });
    const results = await Promise.allSettled(["1", "2", "3", "4"].map((q) => expired.ask(q)));
    expect(results.filter((r) => r.status === "fulfilled").length).toBe(2);
    expect(reasons(results).filter((m) => m !== "ok").every((m) => /llm batch batch_\d+: batch_expired: This request could not be executed/.test(m))).toBe(true);
    expect(expired.api.batches.length).toBe(1);

    const refused = await openaiSetup({ lineError: (body) => body.messages[0].content === "bad" });
    const mixed = await Promise.allSettled(["good", "bad"].map((q) => refused.ask(q)));
    expect(reasons(mixed)).toEqual(["ok", expect.stringContaining("line hh-2 refused")]);
    expect(refused.batch.stats()).toMatchObject({ answered: 1, failed: 1 });
  });

  it("reads Anthropic's errored and expired lines, once each, and never follows a results URL to another origin", async () => {
    const elsewhere: string[] = [];
    const foreign = await listenOnLoopback(createServer((req, res) => (elsewhere.push(req.url ?? ""), res.end(""))));
    closers.push(foreign.close);
    const { api, batch, ask } = await anthropicSetup({ expireAfter: 2, lineError: (body) => body.messages[0].content === "bad", resultsOrigin: foreign.url });
    const answers = ask("hi");
    const refused = ask("bad");
    const expired = ask("late");
    await until(() => batch.stats().waiting === 3); // the client hands each call to fetch after a few awaits of its own
    await batch.flush();
    expect((await answers).content[0]).toMatchObject({ type: "text", text: "echo: hi" });
    await expect(refused).rejects.toThrow(/line hh-2 refused/);
    await expect(expired).rejects.toThrow(/llm batch msgbatch_\d+: the call was expired/);
    expect(api.batches.length).toBe(1);
    expect(elsewhere).toEqual([]);
    expect(api.requests.some((r) => r.path.endsWith("/results"))).toBe(true);
  });

  it("sends streamed calls and calls to other hosts directly, drops an aborted call from its batch, and sends a full batch at once", async () => {
    const { api, batch, client, ask } = await openaiSetup({}, { maxBatchSize: 2, collectMs: 60_000 });
    let streamed = "";
    for await (const chunk of await client.chat.completions.create({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "flow" }] })) streamed += chunk.choices[0]?.delta.content ?? "";
    expect(streamed).toBe("echo: flow");
    expect(api.direct.map((d) => d.path)).toEqual(["/v1/chat/completions"]);

    const controller = new AbortController();
    const aborted = ask("gone", controller.signal);
    controller.abort();
    await expect(aborted).rejects.toThrow(/abort/i);
    // two more fill a batch of 2 at once (collectMs is a minute): the aborted call is not in it
    expect(await Promise.all([ask("p"), ask("q")])).toEqual(["echo: p", "echo: q"]);
    expect(api.batches.map((b) => b.lines)).toEqual([2]);
    expect(batch.stats()).toMatchObject({ passedThrough: 1, batches: 1, batched: 2, answered: 2, waiting: 0 });

    const { OpenAI } = requireOpenAI();
    const defaults = createLlmBatch(); // batches api.openai.com and api.anthropic.com only
    const other = new OpenAI({ baseURL: `${api.url}/v1`, apiKey: "sk-test", maxRetries: 0, fetch: defaults.fetch }) as OpenAIClient;
    expect((await other.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "local" }] })).choices[0]?.message.content).toBe("echo: local");
    expect(defaults.stats()).toMatchObject({ passedThrough: 1, batches: 0 });
  });

  it("cancels a sent batch once every call of it was aborted, and stops checking it", async () => {
    const { api, batch, ask } = await openaiSetup({ hold: true }, { collectMs: 0 });
    const controller = new AbortController();
    const call = ask("slow", controller.signal);
    await until(() => api.batches.length === 1);
    controller.abort();
    await expect(call).rejects.toThrow(/abort/i);
    await until(() => api.cancelled.length === 1);
    expect(api.cancelled).toEqual([api.batches[0]!.id]);
    await batch.flush();
    const checks = api.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(api.requests.length).toBe(checks);
    expect(batch.stats()).toMatchObject({ aborted: 1, waiting: 0 });
  });
});

describe("createLlmBatch options", () => {
  it("rejects bad values naming the option, and unknown keys under strict mode naming the closest key", async () => {
    expect(() => createLlmBatch({ collectMs: -1 })).toThrow("createLlmBatch: collectMs must be an integer ≥ 0; got -1");
    expect(() => createLlmBatch({ maxBatchSize: 0 })).toThrow(/maxBatchSize/);
    expect(() => createLlmBatch({ fetch: "no" as never })).toThrow("createLlmBatch: fetch must be a function");
    expect(() => createLlmBatch({ hosts: [""] })).toThrow("createLlmBatch: hosts must be an array of host names");
    await inStrictMode(() => expect(() => createLlmBatch({ pollIntervalMS: 5 } as never)).toThrow(/pollIntervalMs/));
    expect(createLlmBatch().stats()).toEqual({ batches: 0, batched: 0, answered: 0, failed: 0, aborted: 0, passedThrough: 0, waiting: 0 });
  });
});
