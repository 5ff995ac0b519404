import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import type { EvaluationTracer } from "../../packages/honeyhive/src/evaluation/tracer-contract";
import type { HoneyHiveTracer } from "../../packages/honeyhive/src/facade/honeyhive-tracer";
import { captureSdkLogs } from "../../packages/honeyhive/src/testing";
import { startLoopbackServer, type LoopbackServer } from "../api-client/loopback-server";
import { createFakeBackend, type FakeBackend } from "./fake-backend";

/** Failure behaviour of evaluate() with the real HoneyHiveTracer and a loopback REST + OTLP server. */
const KEY = "hh_e2e_failures_key_123";
let server: LoopbackServer;
let backend: FakeBackend;

beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());
beforeEach(() => {
  backend = createFakeBackend();
  server.setHandler(backend.handler);
  server.requests.length = 0;
});

const never = () => new Promise<never>(() => undefined);
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ inputs: { i } }));

describe("evaluate() failures with the real tracer", () => {
  it("records timeouts, thrown errors and evaluator failures on the right spans, and shuts every tracer down", async () => {
    const tracers: HoneyHiveTracer[] = [];
    const logs = captureSdkLogs();
    const result = await evaluate<{ i: number }, unknown, string>({
      name: "failures", apiKey: KEY, serverUrl: server.url, dataset: items(4), timeoutMs: 150, maxConcurrency: 4,
      function: async function task(inputs, _gt, { tracer }) {
        tracers.push(tracer);
        if (inputs.i === 1) return never();
        if (inputs.i === 2) throw new RangeError("bad input");
        return `out${inputs.i}`;
      },
      evaluators: [function broken() { throw new Error("evaluator bug"); }, function fine() { return 1; }],
    }).finally(logs.restore);
    expect(result.datapoints.map((d) => d.status)).toEqual(["success", "timed_out", "failed", "success"]);
    expect(result.datapoints[1]!.error).toBe("timed out after 150 ms");
    expect(result.leftRunning).toBe(1); // the function that never settles
    expect(logs.lines.map((l) => l.message)).toEqual([expect.stringMatching(/^1 timed-out call was still running /)]);
    expect(result.datapoints[2]!.error).toBe("RangeError: bad input");
    expect(result.datapoints[0]).toMatchObject({ metrics: { fine: 1 }, evaluatorErrors: { broken: "Error: evaluator bug" }, passed: false }); // an evaluator that errored fails its datapoint

    const chains = backend.spans.filter((s) => s.name === "task");
    expect(chains).toHaveLength(4);
    const chainOf = (i: number) => chains.find((s) => s.attributes["honeyhive_inputs.i"] === i)!;
    expect(chainOf(1).status.code).toBe(2);
    expect(chainOf(2).status.code).toBe(2);
    expect(chainOf(0).attributes["honeyhive_metrics.fine"]).toBe(1);
    expect(chainOf(0).attributes["honeyhive_metrics.broken"]).toBeUndefined();
    expect(String(chainOf(0).attributes["honeyhive_metadata.evaluator_errors.broken"])).toContain("evaluator bug");
    const brokenSpans = backend.spans.filter((s) => s.name === "broken");
    expect(brokenSpans).toHaveLength(2);
    expect(brokenSpans.every((s) => s.status.code === 2)).toBe(true);
    // Failed datapoints still link their sessions and record the error on the session.
    const update = backend.sessionUpdates.find((u) => u.event_id === result.datapoints[2]!.sessionId);
    expect(update).toMatchObject({ metadata: { error: "RangeError: bad input", status: "failed" } });
    expect((backend.runs.get(result.runId)!.updates as any[])[0].event_ids).toHaveLength(4);
    // Every datapoint tracer was shut down: a late span is dropped and counted (a datapoint tracer's diagnostics()
    // gives the run's counts, so each late span adds one to every tracer's figure).
    tracers.forEach((tracer, index) => {
      tracer.startSpan("late", () => undefined);
      expect(tracer.diagnostics().dropped.shutdown).toBe(index + 1);
    });
    expect(tracers[0]!.diagnostics().dropped.shutdown).toBe(tracers.length);
  }, 30_000);

  it("cancels promptly with partial results while functions ignore their signal", async () => {
    const controller = new AbortController();
    const started = Date.now();
    let calls = 0;
    const result = await evaluate<{ i: number }, unknown, number>({
      name: "cancel", apiKey: KEY, serverUrl: server.url, dataset: items(40), maxConcurrency: 5, signal: controller.signal,
      function: async (inputs) => {
        calls += 1;
        if (calls === 12) setTimeout(() => controller.abort(), 30); // all 5 workers now hang on items 7..11
        return inputs.i >= 7 ? never() : inputs.i;
      },
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.status).toBe("cancelled");
    expect(result.datapoints.filter((d) => d.status === "success")).toHaveLength(7);
    expect(result.datapoints.filter((d) => d.status === "cancelled")).toHaveLength(5);
    expect(result.datapoints.filter((d) => d.status === "not_run")).toHaveLength(28);
    expect(result.verdict).toMatchObject({ failed: 5, notRun: 28, total: 40 });
    expect(calls).toBe(12);
    const put = server.requests.find((r) => r.method === "PUT" && r.path.startsWith("/v1/runs/"))!;
    expect(put.body).toMatchObject({ status: "cancelled" });
    expect((put.body as { event_ids: string[] }).event_ids).toHaveLength(12);
  }, 30_000);

  it("shows the local viewer URL for a loopback server and types the context tracer as HoneyHiveTracer", async () => {
    const result = await evaluate({
      apiKey: KEY, serverUrl: server.url, dataset: items(1),
      function: (_inputs, _gt, { tracer }) => {
        const t: EvaluationTracer = tracer;
        return typeof tracer.getTracer === "function" && t.sessionId.length === 36;
      },
    });
    expect(result.datapoints[0]!.outputs).toBe(true);
    // A secret key is never put in a link (it would land in logs and reports); the viewer asks for it once.
    expect(result.runUrl).toBe(`${server.url}/#/runs/${result.runId}`);
    expect(JSON.stringify(result)).not.toContain(KEY);
    expect(result.name).toMatch(/^experiment-[0-9a-f]{8}$/);
  });
});
