/**
 * k of n over trials (`passingRanges: { ok: { pass_when: true, min_pass_trials: 2 } }` with `trials: 3`): a datapoint
 * passes a metric when at least k of its trials pass it, and every trial reads that outcome — in evaluate()'s result and
 * in the dev server's run summary alike (one rule: core's trials-verdict). And an evaluator's declared direction
 * (`better: "lower"`) reaches every comparison through the run's configuration. Real evaluate(), real dev server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { compareRuns } from "../../packages/honeyhive/src/evaluation/compare-runs";
import { evaluator } from "../../packages/honeyhive/src/config/evaluator";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { acrossTrialsVerdicts } from "../../packages/core/src/verdict/trials-verdict";
import { datapointPassed } from "../../packages/core/src/verdict/datapoint-verdict";
import type { PassingRanges } from "../../packages/core/src/verdict/passing-range";
import { call, KEY, startViewerServer } from "../viewer/helpers/viewer-server";

let server: DevServer;
beforeAll(async () => {
  server = await startViewerServer();
});
afterAll(() => server.close());

describe("the k of n rule", () => {
  it("passes a metric when k trials pass it; a trial without a value or that did not complete does not count", () => {
    const ranges = { ok: { pass_when: true, min_pass_trials: 2 }, score: { min: 0.5 } };
    const trial = (ok: unknown, completed = true) => ({ completed, metrics: ok === undefined ? [] : [["ok", ok] as const] });
    expect(acrossTrialsVerdicts([trial(true), trial(false), trial(true)], ranges)).toEqual(new Map([["ok", true]]));
    expect(acrossTrialsVerdicts([trial(true), trial(false), trial(undefined)], ranges)).toEqual(new Map([["ok", false]]));
    expect(acrossTrialsVerdicts([trial(true), trial(true, false), trial(false)], ranges)).toEqual(new Map([["ok", false]]));
    // the trial that failed "ok" passes, since the datapoint passed it 2 of 3; its other metrics still decide
    const across = new Map([["ok", true]]);
    expect(datapointPassed({ completed: true, metrics: [["ok", false], ["score", 0.9]], ranges, acrossTrials: across })).toBe(true);
    expect(datapointPassed({ completed: true, metrics: [["ok", false], ["score", 0.1]], ranges, acrossTrials: across })).toBe(false);
    expect(datapointPassed({ completed: true, metrics: [["ok", true], ["score", 0.9]], ranges, acrossTrials: new Map([["ok", false]]) })).toBe(false);
  });
});

describe("evaluate() with trials and min_pass_trials", () => {
  // Datapoint i passes "ok" in the trials listed for it.
  const passingTrials: Record<number, number[]> = { 0: [0, 1, 2], 1: [0, 2], 2: [1], 3: [] };

  function run(name: string, ranges: PassingRanges, trials = 3, table: Record<number, number[]> = passingTrials) {
    return evaluate({
      name, apiKey: KEY, serverUrl: server.url, progress: false, trials, passingRanges: ranges,
      dataset: [0, 1, 2, 3].map((i) => ({ inputs: { i } })),
      function: (inputs: { i: number }, _gt: unknown, context: { trial: number }) => table[inputs.i]!.includes(context.trial),
      evaluators: [function ok(output: boolean) { return output; }, evaluator(() => 1, { name: "mistakes", better: "lower" })],
    });
  }

  it("passes a datapoint passing 2 of 3 trials on every trial, and the dev server's summary agrees", async () => {
    const result = await run("k-of-n", { ok: { pass_when: true, min_pass_trials: 2 } });
    const passedBy = (i: number) => result.datapoints.filter((d) => d.index === i).map((d) => d.passed);
    expect([0, 1, 2, 3].map(passedBy)).toEqual([[true, true, true], [true, true, true], [false, false, false], [false, false, false]]);
    expect(result.verdict).toMatchObject({ passed: 6, failed: 6, total: 12 });
    const { body: summary } = await call(server, "GET", `/v1/runs/${result.runId}/result`);
    expect(summary.verdict).toMatchObject({ passed: 6, failed: 6 });
    for (const d of result.datapoints) {
      expect(summary.datapoints.find((s: any) => s.session_id === d.sessionId).passed, `datapoint ${d.index} trial ${d.trial}`).toBe(d.passed);
    }
    // without k of n every trial decides alone
    const strict = await run("every-trial", { ok: { pass_when: true } });
    expect(strict.verdict).toMatchObject({ passed: 6, failed: 6 });
    expect(strict.datapoints.filter((d) => d.index === 1).map((d) => d.passed).sort()).toEqual([false, true, true]);
    // the server's summary agrees with both (a datapoint counted once, however many trials it ran): nothing to report
    expect([result.serverSummaryMismatch, strict.serverSummaryMismatch]).toEqual([undefined, undefined]);
  }, 60_000);

  it("compares 3/3 with 2/3 as no regression under k of n, and reads a declared direction", async () => {
    const ranges = { ok: { pass_when: true, min_pass_trials: 2 } };
    const before = await run("kn-before", ranges, 3, { 0: [0, 1, 2], 1: [0, 1, 2], 2: [0, 1, 2], 3: [0, 1, 2] });
    const after = await run("kn-after", ranges, 3, { 0: [0, 1], 1: [1, 2], 2: [0, 2], 3: [0, 1, 2] });
    expect(after.verdict.failed).toBe(0);
    const comparison = await compareRuns(after.runId, before.runId, { apiKey: KEY, serverUrl: server.url });
    expect(comparison.passRate).toMatchObject({ oldMean: 1, newMean: 1, degradedCount: 0 });
    // the metric itself dropped from 3/3 to 2/3 on three datapoints: compared as numbers (per-datapoint means)
    expect(comparison.metrics.find((m) => m.metric === "ok")).toMatchObject({ degradedCount: 3, significance: { method: "bootstrap", verdict: "no detectable change" } });
    expect(comparison.metrics.find((m) => m.metric === "mistakes")?.direction).toBe("lower");
    const { body: stored } = await call(server, "GET", `/v1/runs/${before.runId}`);
    expect(stored.evaluation.configuration.metric_directions).toEqual({ mistakes: "lower" });
  }, 60_000);

  it("rejects more passing trials than trials, and a malformed k", async () => {
    await expect(run("too-many", { ok: { pass_when: true, min_pass_trials: 3 } }, 2)).rejects.toThrow("passingRanges.ok.min_pass_trials is 3, more than the run's trials (2)");
    await expect(run("bad-k", { ok: { pass_when: true, min_pass_trials: 1.5 } })).rejects.toThrow("passingRanges.ok.min_pass_trials must be a positive whole number of trials");
    expect(() => evaluator(() => 1, { better: "down" as never })).toThrow('better must be "higher" or "lower"');
  });
});
