/**
 * evaluate()'s `compareWith` and `failOnRegression` (the CI gate on evidence for scripts and the test runners): the
 * run, once stored, is compared with the earlier run as compareRuns() compares it, and the gate fails only on a
 * significant degradation of a watched metric — never on a dip that could be noise, nor on failing datapoints. The
 * test runners' experiment block (`honeyhive/vitest`, `honeyhive/jest`, through their runner-agnostic core) then
 * passes every case and fails once, naming the regression. Real evaluate() against the real dev server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { compareRuns } from "../../packages/honeyhive/src/evaluation/compare-runs";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { declareExperiment } from "../../packages/honeyhive/src/runners/declare-experiment";
import { KEY, startViewerServer } from "../viewer/helpers/viewer-server";

let server: DevServer;
beforeAll(async () => {
  server = await startViewerServer();
});
afterAll(() => server.close());

const dataset = Array.from({ length: 40 }, (_, i) => ({ inputs: { i } }));

/** A run in which the first `right` datapoints are answered correctly. */
function run(name: string, right: number, extra: Record<string, unknown> = {}) {
  return evaluate({
    name, apiKey: KEY, serverUrl: server.url, progress: false, dataset, ...extra,
    function: (inputs: { i: number }) => inputs.i < right,
    evaluators: [function correct(output: boolean) { return output; }],
  });
}

describe("evaluate({ compareWith, failOnRegression })", () => {
  let baseline = "";

  it("attaches the comparison and passes the gate when nothing changed significantly (failing datapoints included)", async () => {
    baseline = (await run("base", 36)).runId;
    const same = await run("same", 35, { compareWith: baseline, failOnRegression: "any" });
    expect(same.verdict.failed).toBe(5);
    expect(same.comparison?.passRate?.significance?.verdict).toBe("no detectable change");
    expect(same.regressionGate).toEqual({ watched: "any", passed: true, regressions: [] });
    // the same comparison compareRuns() gives
    const again = await compareRuns(same.runId, baseline, { apiKey: KEY, serverUrl: server.url });
    expect(again.passRate?.significance).toEqual(same.comparison?.passRate?.significance);
  }, 60_000);

  it("fails the gate on a significant degradation of a watched metric, naming it", async () => {
    const worse = await run("worse", 20, { compareWith: baseline, failOnRegression: ["correct"] });
    expect(worse.regressionGate?.passed).toBe(false);
    expect(worse.regressionGate?.regressions.map((r) => [r.metric, r.significance?.verdict])).toEqual([["correct", "degraded"]]);
    const typo = await run("worse-typo", 20, { compareWith: baseline, failOnRegression: "corect" });
    expect(typo.regressionGate).toMatchObject({ passed: false, regressions: [], error: "failOnRegression names metrics the comparison does not have: corect" });
  }, 60_000);

  it("says why when the gate cannot be checked, and rejects a gate without a run to compare with", async () => {
    const offline = await run("offline", 36, { compareWith: baseline, failOnRegression: "any", offline: true });
    expect(offline.regressionGate).toMatchObject({ passed: false, error: `the run was not stored, so it could not be compared with run ${baseline}` });
    const missing = await run("missing", 36, { compareWith: "7d7f1a3e-0000-4000-8000-000000000000", failOnRegression: "any" });
    expect(missing.regressionGate?.error).toMatch(/^could not compare with run 7d7f1a3e-0000-4000-8000-000000000000: /);
    await expect(run("no-compare", 36, { failOnRegression: "any" })).rejects.toThrow("failOnRegression needs compareWith");
    await expect(run("bad", 36, { compareWith: baseline, failOnRegression: [] })).rejects.toThrow(/failOnRegression must be "any", a metric name or a list/);
  }, 60_000);

  it("in a test runner: the cases pass on their own, the block fails on the regression", async () => {
    const tests: { name: string; body: () => Promise<void> }[] = [];
    let after: (() => Promise<void>) | undefined;
    let before: (() => void) | undefined;
    declareExperiment({
      describe: (_name, body) => body(),
      test: (name, body) => void tests.push({ name, body }),
      skip: () => undefined,
      beforeAll: (body) => void (before = body),
      afterAll: (body) => void (after = body),
      log: () => undefined,
    }, { name: "runner-gate", apiKey: KEY, serverUrl: server.url, cases: dataset, compareWith: baseline, failOnRegression: "any", stateDir: "node_modules/.cache/hh-gate-test",
      function: (inputs: Record<string, unknown>) => Number(inputs.i) < 20, evaluators: [function correct(output: unknown) { return output === true; }] });
    before!();
    const outcomes = await Promise.allSettled(tests.map((t) => t.body()));
    expect(outcomes.every((o) => o.status === "fulfilled")).toBe(true); // 20 of them fail their verdict: the gate decides
    await expect(after!()).rejects.toThrow(/experiment "runner-gate": significant regression: pass_rate degraded \(p < 0\.001, -0\.4 \[.*; correct degraded/);
  }, 60_000);
});
