import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { prepareExperiment } from "../../packages/honeyhive/src/runners/experiment-run";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { eventually, saveScreenshot } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { call, KEY, startViewerServer } from "./helpers/viewer-server";

/**
 * Issue 24 req 7 (and the viewer side of req 6): the runs list shows each run's verdict counts (passed, failed,
 * errored, not run) from the one verdict rule; the test runners' case names label their datapoints; scores are
 * rounded for reading and exact in JSON; a run's tokens and cost show the app's and the evaluation's apart.
 * Real runner code path (`prepareExperiment`, as `honeyhive/vitest` runs it), real dev server, real Chromium.
 */
let server: DevServer;
const tab = new ViewerTab();
let cases: EvaluationResult;
let cancelled: EvaluationResult;
const THIRD = 0.33333333333333337; // the float the issue quotes (one ulp above 1/3)

beforeAll(async () => {
  server = await startViewerServer();
  const experiment = prepareExperiment({
    name: "arithmetic", apiKey: KEY, serverUrl: server.url,
    passingRanges: { exact: { pass_when: true } },
    cases: [
      { name: "adds small numbers", inputs: { a: 2, b: 2 }, ground_truth: 4 },
      { name: "adds negatives", inputs: { a: -1, b: -2 }, ground_truth: -3 },
      { name: "carries the ten", inputs: { a: 7, b: 5 }, ground_truth: 13 },
      { name: "rejects a string", inputs: { a: "x", b: 1 }, ground_truth: null },
    ],
    function: function add(inputs: Record<string, unknown>) {
      if (typeof inputs.a !== "number") throw new Error("not a number");
      return inputs.a + Number(inputs.b);
    },
    evaluators: [function exact(output: unknown, _i: unknown, gt: unknown) { return output === gt; }, function third() { return THIRD; }],
  }, {});
  cases = (await experiment.finished())!;
  // A cancelled run: datapoints that never started are "not run".
  const controller = new AbortController();
  cancelled = await evaluate({
    name: "cancelled-run", apiKey: KEY, serverUrl: server.url, maxConcurrency: 1, signal: controller.signal, progress: false,
    dataset: Array.from({ length: 6 }, (_, i) => ({ inputs: { i } })),
    function: async (inputs: { i: number }) => {
      if (inputs.i === 1) controller.abort();
      return inputs.i;
    },
  });
  // One of the case sessions made an app call and a judge call (the judge's marked as evaluation work).
  const session = cases.datapoints[0]!.sessionId!;
  const model = (name: string, metadata: Record<string, unknown>) => ({
    event_type: "model", event_name: name, session_id: session, parent_id: session, source: "evaluation", inputs: {},
    config: { model: "gpt-4o-mini", provider: "openai" }, metadata: { prompt_tokens: 100, completion_tokens: 20, ...metadata },
  });
  await call(server, "POST", "/events/batch", { events: [model("app call", {}), model("judge call", { evaluator: "exact" })] });
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await server?.close();
});

describe("eval verdicts in the viewer", () => {
  it("the runs list counts passed, failed, errored and not run, as the run's result does", async () => {
    expect(cases.verdict).toMatchObject({ passed: 2, failed: 2, notRun: 0 });
    expect(cancelled.verdict.notRun).toBeGreaterThan(0);
    const { body } = await call(server, "GET", "/viewer/runs");
    const byName = Object.fromEntries(body.runs.map((r: any) => [r.name, r.verdict]));
    expect(byName.arithmetic).toEqual({ passed: 2, failed: 2, errored: 1, not_run: 0, total: 4 });
    const result = (await call(server, "GET", `/v1/runs/${cancelled.runId}/result`)).body;
    expect(byName["cancelled-run"]).toMatchObject({ passed: result.verdict.passed, failed: result.verdict.failed, not_run: result.verdict.not_run });

    const { page } = await tab.open(server, "/runs");
    const row = page.getByTestId("run-row").filter({ hasText: "arithmetic" });
    await eventually(() => row.getByTestId("run-verdict").textContent()).toBe("2 passed · 2 failed (1 errored)");
    const other = page.getByTestId("run-row").filter({ hasText: "cancelled-run" });
    expect(await other.getByTestId("run-verdict-not-run").textContent()).toBe(` · ${cancelled.verdict.notRun} not run`);
    await saveScreenshot(page, "runs-verdict");
  });

  it("the run page names each datapoint by its case, rounds scores (exact in JSON), and splits app and evaluation cost", async () => {
    const { page } = await tab.open(server, `/runs/${cases.runId}`);
    await eventually(() => page.getByTestId("dp-case").allTextContents()).toEqual(["adds small numbers", "adds negatives", "carries the ten", "rejects a string"]);
    const thirds = await page.getByTestId("dp-metric").allTextContents();
    expect(thirds.filter((t) => t === "0.333")).toHaveLength(3);
    expect(thirds.join(" ")).not.toContain("0.3333");
    await eventually(() => page.getByTestId("run-usage-app-tokens").textContent()).toBe("Tokens 120 (100 in · 20 out)");
    expect(await page.getByTestId("run-usage-evaluation-tokens").textContent()).toBe("Tokens 120 (100 in · 20 out)");
    await saveScreenshot(page, "run-cases");
    const json = (await call(server, "GET", `/v1/runs/${cases.runId}/result`)).body;
    const values = json.datapoints.flatMap((d: any) => d.metrics.filter((m: any) => m.name === "third").map((m: any) => m.value));
    expect(values).toEqual([THIRD, THIRD, THIRD]);
    expect(String(values[0])).toBe("0.33333333333333337");
  });

  it("a case's session shows its case name, its metrics rounded with the exact value in the tooltip", async () => {
    const session = cases.datapoints[1]!.sessionId!;
    const list = (await call(server, "GET", `/viewer/sessions?run_id=${cases.runId}`)).body;
    expect(list.sessions.map((s: any) => s.label).sort()).toEqual(["adds negatives", "adds small numbers", "carries the ten", "rejects a string"]);
    const { page } = await tab.open(server, `/sessions/${session}`);
    const chain = page.getByTestId("wf-row").filter({ hasText: "add" });
    await eventually(() => chain.count()).toBe(1);
    await chain.click();
    const score = page.getByTestId("section-metrics").getByTestId("score-value");
    await eventually(() => score.count()).toBeGreaterThan(0);
    expect(await score.first().textContent()).toBe("0.333");
    expect(await score.first().getAttribute("title")).toBe("0.33333333333333337");
    expect(tab.watched.errors).toEqual([]);
  });
});
