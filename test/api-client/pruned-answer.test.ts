/**
 * A run's summary read without its detail (`runs.resultWithoutDetail`, what evaluate() keeps) is pruned as the answer
 * arrives: what it leaves out is never held, so the answer's bound (`maxResponseBytes`) applies to the kept bytes only,
 * through the SDK's own transport and through a user's `fetch` (its Response's body streamed, or its text when it has
 * no stream). The run's result reads get a longer timeout than ordinary calls (the server builds an answer of every
 * datapoint). Real HTTP on 127.0.0.1, every request checked against HoneyHive's OpenAPI spec.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import { RUN_SUMMARY_DETAIL } from "../../packages/honeyhive/src/api-client/runs-api";
import { AnswerBody } from "../../packages/honeyhive/src/runtime/answer-body";
import { JsonPruner } from "../../packages/honeyhive/src/internal/json-pruner";
import type { FetchLike } from "../../packages/honeyhive/src/runtime/fetch-like";
import { startLoopbackServer, type LoopbackServer } from "./loopback-server";
import { startSpecCheckingProxy, type SpecCheckingProxy } from "../helpers/spec-checking-proxy";

const N = 40_000;
const id = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
/** The summary as it is without its detail (what the read must return), and the whole answer (megabytes of detail). */
const kept = {
  run_id: "big", status: "completed", success: true, passed: ["dp-0", "dp-1"], failed: ["dp-2"],
  metrics: { aggregation_function: "average", details: [{ metric_name: "exact", aggregate: 0.5, "é\"}]": 1 }] },
  run_object: { id: "big", name: "big \"run\" ]}", results: {} },
};
const whole = JSON.stringify({
  run_id: kept.run_id, status: kept.status, success: true,
  datapoints: Array.from({ length: N }, (_, i) => ({ datapoint_id: `dp-${i}`, session_id: id(i), passed: i % 2 === 0, note: "\"]}\\ é😀" })),
  passed: kept.passed, failed: kept.failed,
  metrics: { aggregation_function: "average", details: [{ ...kept.metrics.details[0], values: Array.from({ length: N }, (_, i) => i % 2), datapoints: { passed: ["dp-0"], failed: [] } }] },
  run_object: { ...kept.run_object, event_ids: Array.from({ length: N }, (_, i) => id(i)), datapoint_ids: Array.from({ length: N }, (_, i) => `dp-${i}`) },
});
const BOUND = 100_000;
const BIG = id(900_001);
const SLOW = id(900_002);
const BAD = id(900_003);
let server: LoopbackServer;
let proxy: SpecCheckingProxy;

beforeAll(async () => {
  server = await startLoopbackServer((req) => {
    if (req.path === `/v1/runs/${BIG}/result`) return { body: whole };
    if (req.path === `/v1/runs/${SLOW}/result`) return { body: whole, delayMs: 400 };
    if (req.path === `/v1/runs/${BAD}/result`) return { body: '{"datapoints": [1, 2], "passed": [}' };
    return { body: { evaluation: { run_id: SLOW, name: "slow", status: "completed" } }, delayMs: 400 };
  });
  proxy = await startSpecCheckingProxy(server.url);
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

describe("runs.resultWithoutDetail: the answer pruned as it arrives", () => {
  it("holds only the kept bytes: a summary far over the client's answer bound reads within it, the whole one does not", async () => {
    expect(whole.length).toBeGreaterThan(50 * BOUND);
    const api = createApiClient({ serverUrl: proxy.url, apiKey: "k", maxResponseBytes: BOUND });
    const summary = await api.runs.resultWithoutDetail(BIG);
    expect(summary).toEqual({ ok: true, data: kept });
    const full = await api.runs.result(BIG);
    expect(full.ok).toBe(false);
    expect(full.ok ? "" : full.error).toMatch(/larger than 100000 bytes/);
    expect(proxy.violations()).toEqual([]);
  });

  it("through a user's fetch: its Response's body streamed and pruned, or its text pruned when it has no stream", async () => {
    const streamed: FetchLike = (url, init) => fetch(url, init as RequestInit);
    const textOnly: FetchLike = async (url, init) => {
      const response = await fetch(url, init as RequestInit);
      return { ok: response.ok, status: response.status, headers: response.headers, text: () => response.text() };
    };
    for (const userFetch of [streamed, textOnly]) {
      const api = createApiClient({ serverUrl: proxy.url, apiKey: "k", fetch: userFetch });
      expect(await api.runs.resultWithoutDetail(BIG)).toEqual({ ok: true, data: kept });
    }
    expect(proxy.violations()).toEqual([]);
  });

  it("a user's fetch with a body stream is read through the stream, never whole by text()", async () => {
    let wholeReads = 0;
    const streamOnly: FetchLike = async (url, init) => {
      const response = await fetch(url, init as RequestInit);
      return {
        ok: response.ok, status: response.status, headers: response.headers, body: response.body,
        text: () => { wholeReads += 1; return response.text(); },
      } as Awaited<ReturnType<FetchLike>>;
    };
    const api = createApiClient({ serverUrl: proxy.url, apiKey: "k", fetch: streamOnly });
    expect(await api.runs.resultWithoutDetail(BIG)).toEqual({ ok: true, data: kept });
    expect(wholeReads).toBe(0);
    const full = await api.runs.result(BIG); // a read not pruned takes the text, as before
    expect(full.ok).toBe(true);
    expect(wholeReads).toBe(1);
  });

  it("an answer that is not JSON is an error saying so, not retried", async () => {
    const api = createApiClient({ serverUrl: proxy.url, apiKey: "k" });
    const before = server.requests.length;
    const summary = await api.runs.resultWithoutDetail(BAD);
    expect(summary.ok).toBe(false);
    expect(summary.ok ? "" : summary.error).toMatch(new RegExp(`GET /v1/runs/${BAD}/result.*not JSON`));
    expect(server.requests.length - before).toBe(1);
  });

  it("the transport's body holds no more than the kept bytes at any point, the answer split into chunks anywhere", () => {
    const bytes = new TextEncoder().encode(whole);
    const keptBytes = new TextEncoder().encode(JSON.stringify(kept)).length;
    for (const size of [1, 7, 65_536]) {
      const body = new AnswerBody(200, BOUND, () => new JsonPruner(RUN_SUMMARY_DETAIL, "bytes"));
      let peak = 0;
      const step = size === 1 ? 1 : size;
      const end = size === 1 ? 20_000 : bytes.length; // byte by byte: the first 20 kB (inside the left-out datapoints)
      for (let at = 0; at < end; at += step) {
        body.add(bytes.subarray(at, Math.min(at + step, end)));
        peak = Math.max(peak, body.held);
      }
      if (end < bytes.length) body.add(bytes.subarray(end));
      // the kept text, and at most the name of the member being read (the longest here: "datapoint_ids")
      expect(peak).toBeLessThanOrEqual(keptBytes + '"datapoint_ids"'.length);
      expect(JSON.parse(body.text())).toEqual(kept);
    }
  });
});

describe("the run's result reads: a longer timeout than ordinary calls", () => {
  it("a summary answered after the client's timeout is read; an ordinary call that slow times out", async () => {
    const api = createApiClient({ serverUrl: proxy.url, apiKey: "k", timeoutMs: 100, maxRetries: 0 });
    expect(await api.runs.resultWithoutDetail(SLOW)).toEqual({ ok: true, data: kept });
    expect((await api.runs.result(SLOW)).ok).toBe(true);
    const run = await api.runs.get(SLOW);
    expect(run.ok ? "" : run.error).toMatch(/timed out after 100 ms/);
    expect(proxy.violations()).toEqual([]);
  });
});
