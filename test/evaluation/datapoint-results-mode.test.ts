/**
 * evaluate()'s `datapointResults: "summary"`: `result.datapoints` keeps the inputs, ground truth and outputs of the
 * datapoint runs that did not pass only, while everything computed from the results (counts, verdict, aggregates, the
 * run's k-of-n verdicts, what the server is sent, shards) equals a `"full"` run's, and `onProgress` still hears every
 * full result.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateWithTracers as runEvaluation } from "../../packages/honeyhive/src/script/evaluate";
import type { DatapointResult, EvaluateOptions, EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { startLoopbackServer, type LoopbackServer } from "../api-client/loopback-server";
import { createFakeBackend } from "./fake-backend";
import { fakeTracerFactory } from "./fake-tracer";

const KEY = "hh_eval_key_results_mode";
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());

/** Datapoint i scores `i % 7 !== 0` on "ok" and i % 10 on "score"; its output is a long text (what a summary drops). */
function options(size: number, mode: "full" | "summary" | undefined, extra: Partial<EvaluateOptions> = {}): EvaluateOptions {
  return {
    name: "results-mode", offline: true, progress: false, gitInfo: false, maxConcurrency: 8,
    dataset: Array.from({ length: size }, (_, i) => ({ inputs: { i, text: `question ${i}` }, ground_truth: { i } })),
    function: (inputs: { i: number }) => `${"answer ".repeat(20)}${inputs.i}`,
    evaluators: [function ok(_o: unknown, inputs: { i: number }) { return inputs.i % 7 !== 0; }, function score(_o: unknown, inputs: { i: number }) { return inputs.i % 10; }],
    passingRanges: { ok: { pass_when: true } },
    ...(mode ? { datapointResults: mode } : {}),
    ...extra,
  } as unknown as EvaluateOptions;
}

/** What every reader of a run's results computes from them (the per-datapoint values a summary keeps included). */
function computed(result: EvaluationResult, sameSessions = false): unknown {
  const session = (id: string | undefined) => (sameSessions ? id : typeof id);
  const perRun = (d: DatapointResult) => [d.index, d.trial, d.datapointId, session(d.sessionId), d.status, d.error, d.metrics, d.evaluatorErrors, d.eventMetrics, d.passed];
  return {
    stats: { ...result.stats, duration_s: 0 }, status: result.status, verdict: result.verdict, metrics: result.metrics, passed: result.passed,
    failed: result.failed, notRun: result.notRun, sessionIds: result.sessionIds.map(session), datasetId: result.datasetId,
    datapoints: [...result.datapoints].sort((a, b) => a.index - b.index || a.trial - b.trial).map(perRun),
  };
}

/** The datapoint runs whose inputs, ground truth or outputs the result holds. */
function withDetails(result: EvaluationResult): DatapointResult[] {
  return result.datapoints.filter((d) => Object.keys(d.inputs).length > 0 || d.groundTruth !== undefined || d.outputs !== undefined);
}

describe("evaluate({ datapointResults })", () => {
  it("a summary of 5,000 datapoint runs keeps the details of the failures alone, and everything computed equals a full run's", async () => {
    const SIZE = 5000;
    const heard: DatapointResult[] = [];
    const summary = await runEvaluation(options(SIZE, "summary", { onProgress: (p) => void heard.push(p.last!) }), fakeTracerFactory().create);
    const full = await runEvaluation(options(SIZE, undefined), fakeTracerFactory().create);
    const failures = Array.from({ length: SIZE }, (_, i) => i).filter((i) => i % 7 === 0);
    expect(summary.stats.total).toBe(SIZE);
    expect(withDetails(full)).toHaveLength(SIZE); // "full" is the default
    expect(withDetails(summary).map((d) => d.index).sort((a, b) => a - b)).toEqual(failures);
    expect(withDetails(summary).every((d) => !d.passed && d.outputs === `${"answer ".repeat(20)}${d.index}`)).toBe(true);
    expect(computed(summary)).toEqual(computed(full));
    expect(summary.data.metrics).toEqual(full.data.metrics); // the 1.x `data` field's scores too
    // every full result reached onProgress
    expect(heard.filter((d) => d.outputs === `${"answer ".repeat(20)}${d.index}` && d.inputs.text === `question ${d.index}`)).toHaveLength(SIZE);
  }, 120_000);

  it("k of n trials judged across trials give the same verdicts in both modes", async () => {
    const extra = { trials: 3, passingRanges: { ok: { pass_when: true, min_pass_trials: 2 } } } as Partial<EvaluateOptions>;
    // datapoint i: fails every trial when i % 4 is 0, passes trial 0 alone when i % 5 is 0, else 2 of 3
    const passes = (i: number, trial: number) => i % 4 !== 0 && (i % 5 === 0 ? trial === 0 : (i + trial) % 3 !== 0);
    const flaky = { function: (inputs: { i: number }, _g: unknown, c: { trial: number }) => passes(inputs.i, c.trial), evaluators: [function ok(o: boolean) { return o; }] };
    const summary = await runEvaluation(options(30, "summary", { ...extra, ...flaky } as unknown as Partial<EvaluateOptions>), fakeTracerFactory().create);
    const full = await runEvaluation(options(30, "full", { ...extra, ...flaky } as unknown as Partial<EvaluateOptions>), fakeTracerFactory().create);
    expect(summary.verdict).toEqual(full.verdict);
    expect(computed(summary)).toEqual(computed(full));
    expect(summary.verdict.failed).toBeGreaterThan(0);
    expect(summary.verdict.passed).toBeGreaterThan(0);
  });

  it("an uploaded, sharded run sends the server the same run in both modes", async () => {
    const sent = async (mode: "full" | "summary", shard: { index: number; count: number }) => {
      server.requests.length = 0;
      server.setHandler(createFakeBackend().handler);
      const result = await runEvaluation(options(40, mode, { offline: false, apiKey: KEY, serverUrl: server.url, runId: `0000000${shard.index}-0000-4000-8000-00000000000${shard.index}`, shard } as Partial<EvaluateOptions>), fakeTracerFactory().create);
      const runWrites = server.requests.filter((r) => r.path.startsWith("/v1/runs") && r.method !== "GET").map((r) => [r.method, r.path, stripTimes(r.body)]);
      return { result: computed(result), runWrites, uploaded: result.uploaded };
    };
    for (const index of [1, 2]) {
      const full = await sent("full", { index, count: 2 });
      const summary = await sent("summary", { index, count: 2 });
      expect(full.uploaded).toBe(true);
      expect(full.runWrites.length).toBeGreaterThan(1);
      expect(summary).toEqual(full);
    }
  });

  it("an unknown mode is an error naming the two", async () => {
    await expect(runEvaluation(options(1, "brief" as "full"), fakeTracerFactory().create)).rejects.toThrow('datapointResults must be "full" or "summary" (got the string "brief")');
  });
});

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A request body without the times and random session ids that differ between two runs (the run ids are fixed). */
function stripTimes(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body ?? null, (key, value) => {
    if (/(_at|time|duration)$/i.test(key)) return 0;
    return typeof value === "string" && SESSION_ID.test(value) && !value.startsWith("0000000") ? "<session>" : value;
  }));
}
