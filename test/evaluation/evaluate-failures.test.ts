import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { evaluateWithTracers as runEvaluation } from "../../packages/honeyhive/src/script/evaluate";
import type { EvaluateOptions, EvaluationProgress } from "../../packages/honeyhive/src/evaluation/types";
import { startLoopbackServer, type LoopbackServer } from "../api-client/loopback-server";
import { createFakeBackend, type FakeBackend } from "./fake-backend";
import { fakeTracerFactory } from "./fake-tracer";
import { captureSdkLogs } from "../../packages/honeyhive/src/testing";
import { EVALUATE_NO_KEY_NOTICE } from "../../packages/honeyhive/src/evaluation/open-run";

const KEY = "hh_eval_key_failures_42";
let server: LoopbackServer;
let backend: FakeBackend;

beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  backend = createFakeBackend();
  server.setHandler(backend.handler);
});

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ inputs: { i }, ground_truths: { i } }));
const never = () => new Promise<never>(() => undefined);

function options(extra: Record<string, unknown>): EvaluateOptions {
  return { name: "failures", apiKey: KEY, serverUrl: server.url, function: async () => "ok", dataset: items(3), ...extra } as EvaluateOptions;
}

describe("evaluate(): timeouts and cancellation", () => {
  it("stops a hanging datapoint at timeoutMs, aborts its signal and records it as timed out", async () => {
    const factory = fakeTracerFactory();
    const signals: AbortSignal[] = [];
    const started = Date.now();
    const logs = captureSdkLogs();
    const result = await runEvaluation(
      options({
        timeoutMs: 100,
        function: async (inputs: { i: number }, _gt: unknown, ctx: { signal: AbortSignal }) => {
          signals.push(ctx.signal);
          if (inputs.i === 1) return never();
          return "fine";
        },
      }),
      factory.create,
    ).finally(logs.restore);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.leftRunning).toBe(1); // its call never settles: left running, said once
    expect(logs.lines.map((l) => l.message)).toEqual([expect.stringMatching(/^1 timed-out call was still running /)]);
    expect(result.datapoints.map((d) => d.status)).toEqual(["success", "timed_out", "success"]);
    expect(result.datapoints[1]!.error).toBe("timed out after 100 ms");
    expect(signals[1]!.aborted).toBe(true);
    expect(signals[0]!.aborted).toBe(false);
    expect(result.stats.timed_out).toBe(1);
    expect(factory.tracers.every((t) => t.shutdownCalls === 1)).toBe(true);
  });

  it("cancels promptly via signal with partial results, and marks the run cancelled (not failed)", async () => {
    const factory = fakeTracerFactory();
    const controller = new AbortController();
    let calls = 0;
    const started = Date.now();
    const result = await runEvaluation(
      options({
        dataset: items(50),
        maxConcurrency: 4,
        signal: controller.signal,
        function: async (inputs: { i: number }) => {
          calls += 1;
          if (calls === 9) setTimeout(() => controller.abort(), 20); // all 4 workers now hang on items 5..8
          if (inputs.i >= 5) return never(); // ignores its signal on purpose
          return inputs.i;
        },
      }),
      factory.create,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.status).toBe("cancelled");
    expect(result.datapoints).toHaveLength(50);
    expect(result.datapoints.slice(0, 5).every((d) => d.status === "success")).toBe(true);
    expect(result.datapoints.slice(5, 9).every((d) => d.status === "cancelled" && d.sessionId !== undefined)).toBe(true);
    expect(result.datapoints.slice(9).every((d) => d.status === "not_run" && d.sessionId === undefined)).toBe(true);
    // a plain abort() gives no reason: the messages say "cancelled" alone
    expect(new Set(result.datapoints.slice(5).map((d) => d.error))).toEqual(new Set(["cancelled", "not run: the run was cancelled before it started"]));
    expect(result.verdict).toEqual({ passed: 5, failed: 4, notRun: 41, total: 50 });
    expect(result.notRun).toHaveLength(41);
    expect(result.failed).toHaveLength(4);
    expect(calls).toBe(9);
    const complete = server.requests.find((r) => r.method === "PUT" && r.path.startsWith("/v1/runs/"))!;
    expect(complete.body).toMatchObject({ status: "cancelled", event_ids: result.sessionIds });
    expect(result.sessionIds).toHaveLength(9);
    expect(server.requests.some((r) => r.path.endsWith("/result"))).toBe(false);
  });

  it("says why the run was cancelled when the signal was aborted with a reason", async () => {
    const factory = fakeTracerFactory();
    const controller = new AbortController();
    const result = await runEvaluation(
      options({
        dataset: items(6),
        maxConcurrency: 2,
        signal: controller.signal,
        function: async (inputs: { i: number }) => {
          if (inputs.i === 1) setTimeout(() => controller.abort(new Error("user cancelled")), 10);
          return inputs.i >= 1 ? never() : inputs.i;
        },
      }),
      factory.create,
    );
    expect(result.status).toBe("cancelled");
    const errors = new Set(result.datapoints.filter((d) => d.status !== "success").map((d) => d.error));
    expect(errors).toEqual(new Set(["cancelled: user cancelled", "not run: the run was cancelled before it started: user cancelled"]));
  });

  it("returns at once without contacting the server when the signal is already aborted", async () => {
    const factory = fakeTracerFactory();
    const result = await runEvaluation(options({ signal: AbortSignal.abort() }), factory.create);
    expect(result.status).toBe("cancelled");
    expect(result.uploaded).toBe(false);
    expect(factory.tracers).toHaveLength(0);
    expect(server.requests).toHaveLength(0);
  });
});

describe("evaluate(): backend problems", () => {
  it("runs locally when the backend is unreachable and marks the run as not uploaded", async () => {
    const factory = fakeTracerFactory();
    const logs = captureSdkLogs();
    const result = await runEvaluation(options({ serverUrl: "http://127.0.0.1:1", evaluators: [() => 1] }), factory.create).finally(logs.restore);
    expect(logs.lines.map((l) => l.level)).toEqual(["warn"]);
    expect(logs.text()).toMatch(/^could not create the run; the experiment runs locally and is not uploaded \(POST \/v1\/runs failed .*ECONNREFUSED/);
    expect(logs.text()).not.toContain(KEY);
    expect(result.uploaded).toBe(false);
    expect(result.uploadError).toMatch(/POST \/v1\/runs failed/);
    expect(result.uploadError).not.toContain(KEY);
    expect(result.datapoints.map((d) => d.status)).toEqual(["success", "success", "success"]);
    expect(result.metrics["evaluator_0"]).toMatchObject({ average: 1, count: 3 });
    expect(factory.tracers.every((t) => t.options.testMode === true && t.options.apiKey === undefined)).toBe(true);
  }, 20_000);

  it("runs locally without an API key and sends nothing", async () => {
    const factory = fakeTracerFactory();
    const previous = process.env.HH_API_KEY;
    delete process.env.HH_API_KEY;
    const logs = captureSdkLogs();
    try {
      const result = await runEvaluation(options({ apiKey: undefined }), factory.create);
      logs.restore();
      expect(result).toMatchObject({ uploaded: false, status: "completed" });
      expect(result.uploadError).toMatch(/no API key/);
      expect(server.requests).toHaveLength(0);
      expect(logs.lines).toEqual([{ level: "warn", message: EVALUATE_NO_KEY_NOTICE }]); // said, once per process
    } finally {
      logs.restore();
      if (previous !== undefined) process.env.HH_API_KEY = previous;
    }
  });

  it("keeps the results when completing the run fails", async () => {
    backend.fail["PUT /v1/runs/:id"] = 400;
    const logs = captureSdkLogs();
    const result = await runEvaluation(options({}), fakeTracerFactory().create).finally(logs.restore);
    expect(logs.lines.map((l) => l.level)).toEqual(["warn"]);
    expect(logs.text()).toMatch(/^could not complete the run \(PUT \/v1\/runs\/.* failed .*HTTP 400/);
    expect(result.uploaded).toBe(false);
    expect(result.uploadError).toMatch(/PUT \/v1\/runs\/.* failed.*400/);
    expect(result.datapoints).toHaveLength(3);
  });
});

describe("evaluate(): datasets, trials, progress and printing", () => {
  it("loads a HoneyHive dataset by id (bulk list with per-id fallback); a datapoint that cannot be read is not run, and says so", async () => {
    backend.datasets.set("ds1", { id: "ds1", datapoints: ["a", "b", "c"] });
    backend.datapoints.set("a", { id: "a", inputs: { q: "A" }, ground_truth: { x: 1 } });
    backend.datapoints.set("c", { id: "c", inputs: { q: "C" }, ground_truth: null });
    const factory = fakeTracerFactory();
    const seen: unknown[] = [];
    const result = await runEvaluation(
      options({ dataset: undefined, datasetId: "ds1", function: (inputs: { q: string }, gt: unknown) => (seen.push(gt), inputs.q) }),
      factory.create,
    );
    expect(result.datasetId).toBe("ds1");
    expect(result.datapoints.map((d) => [d.datapointId, d.outputs])).toEqual([["a", "A"], ["b", undefined], ["c", "C"]]);
    expect(result.datapoints[1]).toMatchObject({ status: "not_run", error: "not run: the datapoint could not be read from the server" });
    expect(result.verdict).toMatchObject({ passed: 2, notRun: 1 });
    expect(seen).toEqual([{ x: 1 }, undefined]);
    const create = server.requests.find((r) => r.method === "POST" && r.path === "/v1/runs")!.body as Record<string, any>;
    expect(create).toMatchObject({ dataset_id: "ds1", datapoint_ids: ["a", "b", "c"] });
    expect(create.metadata.offline_dataset_id).toBeUndefined();
    expect(server.requests.filter((r) => r.path === "/v1/datapoints/b")).toHaveLength(1);
  });

  it("rejects an unknown dataset id clearly", async () => {
    await expect(runEvaluation(options({ dataset: undefined, datasetId: "missing" }), fakeTracerFactory().create)).rejects.toThrow(/dataset "missing" was not found/);
  });

  it("runs trials in separate sessions, reports progress and prints through the writer only when asked", async () => {
    const factory = fakeTracerFactory();
    const progress: EvaluationProgress[] = [];
    let printed = "";
    const result = await runEvaluation(
      options({
        trials: 2,
        printResults: true,
        writer: { write: (text: string) => (printed += text) },
        onProgress: (p: EvaluationProgress) => {
          progress.push(p);
          throw new Error("progress callbacks cannot break the run");
        },
        function: (inputs: { i: number }, gt: { i: number }, ctx: { trial: number }) => `${inputs.i}/${gt.i}/${ctx.trial}`,
      }),
      factory.create,
    );
    expect(result.datapoints.map((d) => d.outputs)).toEqual(["0/0/0", "0/0/1", "1/1/0", "1/1/1", "2/2/0", "2/2/1"]);
    expect(new Set(result.sessionIds).size).toBe(6);
    expect(factory.tracers.map((t) => t.options.metadata.trial).sort()).toEqual([0, 0, 0, 1, 1, 1]);
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.at(-1)).toMatchObject({ total: 6, errors: 0, name: "failures" });
    expect(printed).toContain('Experiment "failures"');
    expect(printed).toContain("6 datapoint runs: 6 succeeded");
  });
});
