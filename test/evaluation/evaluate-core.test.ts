import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runEvaluation } from "../../packages/honeyhive/src/evaluation/evaluate-core";
import { EvaluationConfigError } from "../../packages/honeyhive/src/config/evaluation-config-error";
import { evaluator } from "../../packages/honeyhive/src/config/evaluator";
import { externalDatapointId, externalDatasetId } from "../../packages/honeyhive/src/datasets/ext-ids";
import type { EvaluateOptions } from "../../packages/honeyhive/src/evaluation/types";
import { startLoopbackServer, type LoopbackServer } from "../api-client/loopback-server";
import { createFakeBackend, type FakeBackend } from "./fake-backend";
import { fakeTracerFactory } from "./fake-tracer";

const KEY = "hh_eval_key_0123456789";
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

const dataset = Array.from({ length: 6 }, (_, i) => ({ inputs: { n: i }, ground_truth: { double: i * 2 } }));
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

function base(extra: Partial<EvaluateOptions<{ n: number }, { double: number }, number>> = {}) {
  return {
    name: "doubling",
    function: async function double(inputs: { n: number }) {
      await delay(1);
      return inputs.n * 2;
    },
    dataset,
    apiKey: KEY,
    serverUrl: server.url,
    ...extra,
  } as EvaluateOptions<{ n: number }, { double: number }, number>;
}

describe("evaluate(): bad input fails before anything is sent", () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ["empty dataset", { dataset: [] }, /dataset is empty/],
    ["both dataset and datasetId", { datasetId: "ds" }, /either dataset or datasetId/],
    ["neither", { dataset: undefined }, /give a dataset/],
    ["non-function evaluator", { evaluators: [42] }, /evaluators\[0\] is not a function/],
    ["datapoint without inputs", { dataset: [{ inputs: { a: 1 } }, { ground_truth: 1 }] }, /dataset\[1\] has no "inputs"/],
    ["duplicate evaluator names", { evaluators: [function score() { return 1; }, { name: "score", fn: () => 2 }] }, /duplicate evaluator name "score"/],
    ["function missing", { function: undefined }, /"function" must be/],
    ["bad concurrency", { maxConcurrency: 0 }, /maxConcurrency must be a positive integer/],
    ["cyclic dataset", { dataset: [(() => { const inputs: Record<string, unknown> = {}; inputs.self = inputs; return { inputs }; })()] }, /cannot be serialised/],
  ];
  it.each(cases)("%s", async (_label, patch, message) => {
    const factory = fakeTracerFactory();
    const error = await runEvaluation({ ...base(), ...patch } as never, factory.create).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvaluationConfigError);
    expect((error as Error).message).toMatch(message);
    expect(server.requests).toHaveLength(0);
    expect(factory.tracers).toHaveLength(0);
  });
});

describe("evaluate(): runs, sessions and evaluators (fake tracer)", () => {
  it("creates and completes the run with the documented bodies and returns results in dataset order", async () => {
    const factory = fakeTracerFactory();
    const result = await runEvaluation(
      base({
        maxConcurrency: 3,
        metadata: { team: "qa" },
        evaluators: [
          function exact(outputs: number, _inputs, gt: { double: number }) { return outputs === gt.double; },
          evaluator(async (outputs: number) => ({ score: outputs / 10, explanation: "scaled", confidence: 0.5, ignored: { deep: 1 } }), { name: "scaled" }),
        ],
      }),
      factory.create,
    );
    const extId = externalDatasetId(dataset);
    const dpIds = dataset.map((d, i) => externalDatapointId(d, i));
    const create = server.requests.find((r) => r.method === "POST" && r.path === "/v1/runs")!.body as Record<string, any>;
    expect(create).toMatchObject({
      name: "doubling", status: "pending", event_ids: [], dataset_id: null, datapoint_ids: dpIds,
      configuration: { function: "double", evaluators: ["exact", "scaled"], max_workers: 3, aggregate_function: "average" },
      metadata: { team: "qa", offline_dataset_id: extId },
    });
    expect(typeof create.run_id).toBe("string");
    const complete = server.requests.find((r) => r.method === "PUT")!;
    expect(complete.path).toBe(`/v1/runs/${create.run_id}`);
    expect(complete.body).toMatchObject({ status: "completed", name: "doubling", event_ids: result.sessionIds });
    expect([...result.sessionIds].sort()).toEqual(factory.tracers.map((t) => t.sessionId).sort());
    expect((complete.body as any).metadata.offline_dataset_id).toBe(extId);
    expect(server.requests.at(-1)!.path).toBe(`/v1/runs/${create.run_id}/result`);
    expect(server.requests.at(-1)!.query.get("aggregate_function")).toBe("average");

    expect(result).toMatchObject({ runId: create.run_id, datasetId: extId, status: "completed", uploaded: true, name: "doubling", suite: "doubling" });
    expect(result.datapoints.map((d) => d.outputs)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(result.datapoints.map((d) => d.datapointId)).toEqual(dpIds);
    expect(result.datapoints[3]!.metrics).toEqual({ exact: true, scaled: 0.6, scaled_explanation: "scaled", scaled_confidence: 0.5 });
    expect(result.metrics.exact).toMatchObject({ average: 1, count: 6 });
    expect(result.metrics.scaled).toMatchObject({ min: 0, max: 1, sum: 3, count: 6 });
    expect(result.metrics.scaled_explanation).toBeUndefined();
    expect(result.passed).toEqual(dpIds);
    expect(result.sessionIds).toEqual(result.datapoints.map((d) => d.sessionId));
    expect(result.data.output).toEqual(["0", "2", "4", "6", "8", "10"]);
    expect(result.serverSummary).toMatchObject({ success: true });

    // One tracer per datapoint, configured as the Python SDK's, shut down afterwards.
    expect(factory.tracers).toHaveLength(6);
    const tracer = factory.tracers.find((t) => t.options.datapointId === dpIds[2])!;
    expect(tracer.options).toMatchObject({
      source: "evaluation", sessionName: "doubling", inputs: { n: 2 }, runId: create.run_id, datasetId: extId, isEvaluation: true,
      metadata: { run_id: create.run_id, dataset_id: extId, datapoint_id: dpIds[2] }, apiKey: KEY, testMode: false, setAsDefault: false,
    });
    expect(tracer.shutdownCalls).toBe(1);
    // The chain span is named after the function; evaluators are its children; metrics are written on it while open.
    const chain = tracer.spans[0]!;
    expect(chain).toMatchObject({ name: "double", options: { eventType: "chain", inputs: { n: 2 } }, parent: undefined });
    expect(tracer.spans.slice(1).map((s) => [s.name, s.parent?.name])).toEqual([["exact", "double"], ["scaled", "double"]]);
    const metricWrite = chain.enrichments.find((e) => e.params.metrics)!;
    expect(metricWrite.whileOpen).toBe(true);
    expect(metricWrite.params.metrics).toEqual({ exact: true, scaled: 0.4, scaled_explanation: "scaled", scaled_confidence: 0.5 });
    expect(tracer.sessionUpdates).toEqual([{ outputs: { result: 4 }, feedback: { ground_truth: { double: 4 } } }]);
  });

  it("adds an item's metadata to its session metadata (the evaluation ids win) and accepts ground_truths", async () => {
    const factory = fakeTracerFactory();
    const seen: unknown[] = [];
    await runEvaluation(
      base({
        dataset: [{ inputs: { n: 1 }, ground_truths: { double: 2 }, metadata: { source_row: 7, run_id: "spoofed" } }] as never,
        function: (inputs: { n: number }, gt: { double: number }) => (seen.push(gt), inputs.n),
      }),
      factory.create,
    );
    expect(seen).toEqual([{ double: 2 }]);
    expect(factory.tracers[0]!.options.metadata).toMatchObject({ source_row: 7, run_id: factory.tracers[0]!.options.runId });
  });

  it("isolates evaluator failures and unsupported return values per evaluator", async () => {
    const factory = fakeTracerFactory();
    const result = await runEvaluation(
      base({
        dataset: dataset.slice(0, 2),
        evaluators: [
          function boom() { throw new Error("evaluator exploded"); },
          async function rejects() { throw new TypeError("async no"); },
          function weird() { return { nested: [1] } as never; },
          function arrayScore() { return [0.5] as const; },
          function nothing() { return null; },
          function ok() { return 1; },
          function notANumber() { return Number.NaN; },
        ],
      }),
      factory.create,
    );
    const d = result.datapoints[0]!;
    expect(d.status).toBe("success");
    expect(d.metrics).toEqual({ arrayScore: 0.5, ok: 1 });
    expect(Object.keys(d.evaluatorErrors).sort()).toEqual(["boom", "notANumber", "rejects"]);
    expect(d.evaluatorErrors.notANumber).toMatch(/returned NaN, which is not a score/);
    expect(d.evaluatorErrors.boom).toMatch(/evaluator exploded/);
    // An evaluator that errored is a metric that could not be computed: the datapoint fails.
    expect(d.passed).toBe(false);
    expect(result.failed).toHaveLength(2);
    const chain = factory.tracers[0]!.spans[0]!;
    expect(chain.enrichments.find((e) => e.params.metadata)?.params.metadata).toMatchObject({ evaluator_errors: { boom: expect.any(String) } });
  });

  it("records a throwing function as failed, skips its evaluators, and goes on with the others", async () => {
    const factory = fakeTracerFactory();
    let evaluatorCalls = 0;
    const result = await runEvaluation(
      base({
        function: (inputs: { n: number }) => {
          if (inputs.n === 2) throw new Error("bad datapoint");
          return inputs.n;
        },
        evaluators: [() => (evaluatorCalls++, 1)],
      }),
      factory.create,
    );
    expect(result.datapoints.map((d) => d.status)).toEqual(["success", "success", "failed", "success", "success", "success"]);
    expect(result.datapoints[2]).toMatchObject({ error: "Error: bad datapoint", outputs: undefined, metrics: {}, passed: false });
    expect(evaluatorCalls).toBe(5);
    expect(result.stats).toMatchObject({ total: 6, succeeded: 5, failed: 1 });
    expect(result.status).toBe("completed");
    const failedTracer = factory.tracers.find((t) => t.options.inputs.n === 2)!;
    expect(failedTracer.sessionUpdates[0]).toEqual({ feedback: { ground_truth: { double: 4 } }, metadata: { error: "Error: bad datapoint", status: "failed" } });
    expect(failedTracer.shutdownCalls).toBe(1);
  });
});
