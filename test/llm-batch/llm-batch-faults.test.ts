/**
 * `createLlmBatch` under faults and odd calls, with the real `openai` and `@anthropic-ai/sdk` clients against loopback
 * fakes of the Batch APIs: a refused batch creation fails its calls with a message naming the step and is never sent
 * twice; failed status checks are retried; an expired batch answers what it finished and fails the rest; a line the
 * provider refused fails alone; streamed calls go directly; an aborted call leaves its batch; a full batch goes at
 * once; bad options are errors naming the option.
 */
import * as AnthropicModule from "@anthropic-ai/sdk";
import type { OpenAI as OpenAIClient } from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { createLlmBatch, type LlmBatchOptions } from "../../packages/honeyhive/src/index";
import { type FakeAnthropic, startFakeAnthropic } from "../helpers/fake-anthropic-server";
import { type FakeBatchApi, type FakeBatchApiOptions, startFakeBatchApi } from "../helpers/fake-batch-api";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { inStrictMode } from "../helpers/option-rule";
import { requireOpenAI } from "../routing/openai-workload";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function openaiSetup(faults: Omit<FakeBatchApiOptions, "provider" | "target"> = {}, options: LlmBatchOptions = {}) {
  const provider: FakeOpenAI = await startFakeOpenAI();
  const api: FakeBatchApi = await startFakeBatchApi({ provider: "openai", target: provider.url, ...faults });
  closers.push(provider.close, api.close);
  const batch = createLlmBatch({ collectMs: 100, pollIntervalMs: 2, ...options });
  const { OpenAI } = requireOpenAI();
  const client = new OpenAI({ baseURL: `${api.url}/v1`, apiKey: "sk-test", maxRetries: 2, fetch: batch.fetch }) as OpenAIClient;
  const ask = async (q: string, signal?: AbortSignal) => (await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: q }] }, { signal })).choices[0]?.message.content;
  return { provider, api, batch, client, ask };
}

const settled = <T>(promises: Promise<T>[]) => Promise.allSettled(promises);
const reasons = (results: PromiseSettledResult<unknown>[]) => results.map((r) => (r.status === "rejected" ? String((r.reason as Error).message) : "ok"));

describe("createLlmBatch under faults", () => {
  it("fails the calls of a batch whose creation was refused, naming the step, and never creates it twice", async () => {
    const { api, batch, ask } = await openaiSetup({ failCreates: 1 });
    const results = await settled(["a", "b", "c"].map((q) => ask(q)));
    expect(reasons(results).every((m) => m.includes("llm batch: create the batch: HTTP 500"))).toBe(true);
    expect(api.requests.filter((r) => r.path === "/v1/batches").length).toBe(1); // the client's retries were told not to
    expect(api.batches).toEqual([]);
    expect(batch.stats()).toMatchObject({ batches: 1, batched: 3, failed: 3, answered: 0, waiting: 0 });
    expect(await ask("later")).toBe("echo: later"); // the next batch works
    expect(reasons(results).join("\n")).not.toContain("sk-test");
  });

  it("retries failed status checks (reads) and answers every call", async () => {
    const { api, batch, ask } = await openaiSetup({ failChecks: 3 });
    expect(await Promise.all(["x", "y"].map((q) => ask(q)))).toEqual(["echo: x", "echo: y"]);
    expect(api.requests.filter((r) => r.method === "GET" && r.path.startsWith("/v1/batches/")).length).toBeGreaterThanOrEqual(4);
    expect(batch.stats()).toMatchObject({ batches: 1, batched: 2, answered: 2, failed: 0 });
  });

  it("gives up after maxPollFailures failed checks in a row", async () => {
    const { ask } = await openaiSetup({ failChecks: 100 }, { maxPollFailures: 2 });
    await expect(ask("never")).rejects.toThrow(/llm batch batch_\d+: check its status: HTTP 503/);
  });

  it("answers what an expired batch finished and fails the rest; a refused line fails alone", async () => {
    const expired = await openaiSetup({ expireAfter: 2 });
    const results = await settled(["1", "2", "3", "4"].map((q) => expired.ask(q)));
    expect(results.filter((r) => r.status === "fulfilled").length).toBe(2);
    expect(reasons(results).filter((m) => m !== "ok").every((m) => /llm batch batch_\d+ ended expired without an answer for this call/.test(m))).toBe(true);

    const refused = await openaiSetup({ lineError: (body) => body.messages[0].content === "bad" });
    const mixed = await settled(["good", "bad"].map((q) => refused.ask(q)));
    expect(reasons(mixed)).toEqual(["ok", expect.stringContaining("line hh-2 refused")]);
    expect(refused.batch.stats()).toMatchObject({ answered: 1, failed: 1 });
  });

  it("sends streamed calls directly, drops an aborted call from its batch, and sends a full batch at once", async () => {
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
  });

  it("flush() sends a waiting batch at once; Anthropic batches read their results from the API's own origin only", async () => {
    const provider: FakeAnthropic = await startFakeAnthropic();
    const api = await startFakeBatchApi({ provider: "anthropic", target: provider.url });
    closers.push(provider.close, api.close);
    const batch = createLlmBatch({ collectMs: 60_000, pollIntervalMs: 2 });
    const client = new AnthropicModule.Anthropic({ baseURL: api.url, apiKey: "sk-ant-test", maxRetries: 0, fetch: batch.fetch });
    const answer = client.messages.create({ model: "claude-3-5-haiku-latest", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });
    await new Promise((resolve) => setImmediate(resolve));
    await batch.flush();
    const message = await answer;
    expect(message.content[0]).toMatchObject({ type: "text", text: "echo: hi" });
    expect(api.requests.some((r) => r.path.endsWith("/results"))).toBe(true);
  });
});

describe("createLlmBatch options", () => {
  it("rejects bad values naming the option, and unknown keys under strict mode naming the closest key", async () => {
    expect(() => createLlmBatch({ collectMs: -1 })).toThrow("createLlmBatch: collectMs must be an integer ≥ 0; got -1");
    expect(() => createLlmBatch({ maxBatchSize: 0 })).toThrow(/maxBatchSize/);
    expect(() => createLlmBatch({ fetch: "no" as never })).toThrow("createLlmBatch: fetch must be a function");
    await inStrictMode(() => expect(() => createLlmBatch({ pollIntervalMS: 5 } as never)).toThrow(/pollIntervalMs/));
    expect(createLlmBatch().stats()).toEqual({ batches: 0, batched: 0, answered: 0, failed: 0, passedThrough: 0, waiting: 0 });
  });
});
