import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { runEvaluation } from "../../packages/honeyhive/src/evaluation/evaluate-core";
import { CallStop } from "../../packages/honeyhive/src/internal/call-stop";
import { rateLimitWait, retryOnRateLimit } from "../../packages/honeyhive/src/evaluation/rate-limit-retry";
import type { EvaluateOptions } from "../../packages/honeyhive/src/evaluation/types";
import { fakeAnswer, startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai-server";
import { fakeTracerFactory } from "./fake-tracer";

/** evaluate()'s evaluator pool: its own bound (`evaluatorConcurrency`) and backoff on rate-limit (429) errors. */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let fake: FakeOpenAI | undefined;
afterEach(async () => {
  delete process.env.HH_EVALUATOR_CONCURRENCY;
  await fake?.close();
  fake = undefined;
});

function tracked(extra: Partial<EvaluateOptions> = {}) {
  let inFlight = 0;
  let max = 0;
  const slow = (name: string) => ({
    [name]: async () => {
      inFlight += 1;
      max = Math.max(max, inFlight);
      await sleep(8);
      inFlight -= 1;
      return 1;
    },
  })[name]!;
  const options: EvaluateOptions = {
    name: "pool", offline: true, maxConcurrency: 6, dataset: Array.from({ length: 12 }, (_, i) => ({ inputs: { i } })),
    function: (inputs: any) => inputs.i, evaluators: [slow("judgeA"), slow("judgeB")], ...extra,
  };
  return { options, max: () => max };
}

describe("the evaluator pool", () => {
  it("bounds evaluator calls across the run: option > HH_EVALUATOR_CONCURRENCY > the datapoint concurrency", async () => {
    const bounded = tracked({ evaluatorConcurrency: 3 });
    const result = await runEvaluation(bounded.options, fakeTracerFactory().create);
    expect(result.metrics.judgeA?.count).toBe(12);
    expect(bounded.max()).toBe(3);

    process.env.HH_EVALUATOR_CONCURRENCY = "2";
    const fromEnv = tracked();
    await runEvaluation(fromEnv.options, fakeTracerFactory().create);
    expect(fromEnv.max()).toBe(2);
    const optionWins = tracked({ evaluatorConcurrency: 4 });
    await runEvaluation(optionWins.options, fakeTracerFactory().create);
    expect(optionWins.max()).toBe(4);
    delete process.env.HH_EVALUATOR_CONCURRENCY;

    const byDefault = tracked();
    await runEvaluation(byDefault.options, fakeTracerFactory().create);
    expect(byDefault.max()).toBe(6); // 6 datapoints in flight, 2 evaluators each: bounded by the datapoint concurrency
    await expect(runEvaluation(tracked({ evaluatorConcurrency: 0 }).options, fakeTracerFactory().create)).rejects.toThrow(/evaluatorConcurrency must be a positive integer/);
  });

  it("retries an LLM judge rate limited by the provider (openai client, 429 with retry-after) and scores every datapoint", async () => {
    fake = await startFakeOpenAI({ rateLimit: { count: 3, retryAfter: "0" } });
    const client = new OpenAI({ apiKey: "sk-test", baseURL: `${fake.url}/v1`, maxRetries: 0 });
    const result = await runEvaluation({
      name: "judged", offline: true, maxConcurrency: 4, evaluatorConcurrency: 1,
      dataset: ["a", "b", "c", "d"].map((q) => ({ inputs: { q } })),
      function: (inputs: any) => inputs.q,
      evaluators: [async function judge(output: unknown) {
        const reply = await client.chat.completions.create({ model: "judge", messages: [{ role: "user", content: String(output) }] });
        return reply.choices[0]?.message.content === fakeAnswer(String(output));
      }],
    }, fakeTracerFactory().create);
    expect(result.datapoints.map((d) => [d.metrics.judge, d.evaluatorErrors])).toEqual(Array.from({ length: 4 }, () => [true, {}]));
    expect(fake.requests.filter((r) => r.path === "/v1/chat/completions")).toHaveLength(4 + 3);
  });

  it("gives up after its retries, and never retries other errors", async () => {
    let calls = 0;
    const limited = Object.assign(new Error("429 slow down"), { status: 429, headers: { "retry-after": "0" } });
    await expect(retryOnRateLimit(async () => { calls += 1; throw limited; }, { retries: 2 })).rejects.toBe(limited);
    expect(calls).toBe(3);
    calls = 0;
    await expect(retryOnRateLimit(async () => { calls += 1; throw Object.assign(new Error("bad request"), { status: 400 }); })).rejects.toThrow("bad request");
    expect(calls).toBe(1);
    expect(rateLimitWait({ status: 429, headers: new Headers({ "retry-after": "2" }) })).toBe(2000);
    expect(rateLimitWait({ response: { status: 429, headers: {} } })).toBeNull();
    expect(rateLimitWait(new Error("x"))).toBeUndefined();
    const stopped = new CallStop();
    stopped.stop(new Error("cancelled"));
    calls = 0;
    await expect(retryOnRateLimit(async () => { calls += 1; throw limited; }, { stop: stopped })).rejects.toBe(limited);
    expect(calls).toBe(1);
    // a stop during the wait ends it at once: no second call, no 60 s wait
    const stopping = new CallStop();
    const slow = Object.assign(new Error("429 wait a minute"), { status: 429, headers: { "retry-after": "60" } });
    calls = 0;
    const started = Date.now();
    const pending = retryOnRateLimit(async () => { calls += 1; throw slow; }, { stop: stopping });
    setTimeout(() => stopping.stop(new Error("cancelled")), 20);
    await expect(pending).rejects.toBe(slow);
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("takes a synchronous evaluator as it is: a thrown 429 is retried, a returned value settles the call, another throw rejects", async () => {
    let calls = 0;
    const limited = Object.assign(new Error("429 slow down"), { status: 429, headers: { "retry-after": "0" } });
    const syncTask = (): number => {
      calls += 1;
      if (calls < 3) throw limited;
      return 42;
    };
    await expect(retryOnRateLimit(syncTask)).resolves.toBe(42);
    expect(calls).toBe(3);
    const bad = new TypeError("not a score");
    await expect(retryOnRateLimit(() => { throw bad; })).rejects.toBe(bad);
  });
});
