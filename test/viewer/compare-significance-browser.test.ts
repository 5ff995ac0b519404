import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { evaluator } from "../../packages/honeyhive/src/config/evaluator";
import { compareRuns, comparedRows, type RunComparison } from "../../packages/honeyhive/src/evaluation/compare-runs";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { formatMarkdownReport } from "../../packages/honeyhive/src/cli/eval/markdown-report";
import { printSummary } from "../../packages/honeyhive/src/cli/eval/print-summary";
import { buildJsonReport, jsonReportText } from "../../packages/honeyhive/src/cli/support/json-report";
import { createPalette } from "../../packages/honeyhive/src/cli/colors";
import { significanceText } from "../../packages/core/src/verdict/significance-text";
import { eventually, saveScreenshot } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { call, KEY, startViewerServer } from "./helpers/viewer-server";

/**
 * The comparison page reads each metric in its direction with its paired significance — the same words, from the
 * same rule, as compareRuns(), the CLI's summary and the Markdown report for the same pair of runs. Real evaluate(),
 * real dev server, real Chromium; the screenshot is the guide's picture of a comparison.
 */
let server: DevServer;
const tab = new ViewerTab();
let before: EvaluationResult;
let after: EvaluationResult;
let comparison: RunComparison;

/** 60 questions; a version answers the first `right` correctly, makes `mistakes` (lower is better, declared) and takes `ms`. */
interface Answer { right: boolean; mistakes: number; ms: number }

function version(right: number, mistakes: number, ms: number): Promise<EvaluationResult> {
  return evaluate<Record<string, unknown>, unknown, Answer>({
    name: "support-bot", apiKey: KEY, serverUrl: server.url, progress: false,
    dataset: Array.from({ length: 60 }, (_, i) => ({ inputs: { question: `question ${i}` } })),
    function: (inputs: Record<string, unknown>): Answer => {
      const i = Number(String(inputs.question).split(" ")[1]);
      return { right: i < right, mistakes: i % 10 < mistakes ? 1 : 0, ms: ms + (i % 7) };
    },
    evaluators: [
      function correct(output: Answer) { return output.right; },
      evaluator((output: Answer) => output.mistakes, { name: "mistakes", better: "lower" }),
      function response_time_ms(output: Answer) { return output.ms; },
      function helpfulness(output: Answer) { return output.right ? 0.8 : 0.6; },
    ],
  });
}

beforeAll(async () => {
  server = await startViewerServer();
  before = await version(50, 3, 200);
  after = await version(58, 1, 260);
  comparison = await compareRuns(after.runId, before.runId, { apiKey: KEY, serverUrl: server.url });
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await server?.close();
});

describe("the comparison page reads significance as every report does", () => {
  it("compareRuns: the pass rate and correctness improved, mistakes (lower is better) improved, response time degraded", () => {
    expect(comparison.passRate?.significance?.verdict).toBe("improved");
    const byName = Object.fromEntries(comparison.metrics.map((m) => [m.metric, m]));
    expect(byName.correct!.significance).toMatchObject({ method: "mcnemar", discordant: { up: 8, down: 0 } });
    expect(byName.mistakes!).toMatchObject({ direction: "lower", improvedCount: 12, degradedCount: 0, significance: { verdict: "improved" } });
    expect(byName.response_time_ms!).toMatchObject({ direction: "lower", degradedCount: 60, significance: { verdict: "degraded" } });
  });

  it("the viewer, the CLI summary, the JSON and the Markdown report say the same for every row", async () => {
    const outcome = { experiments: [{ result: after, file: "support.eval.ts", comparison }], checks: [], failures: [], exitCode: 0 };
    let summary = "";
    printSummary(outcome, (t) => void (summary += t), createPalette(false));
    const markdown = formatMarkdownReport(outcome);
    const json = JSON.parse(jsonReportText(buildJsonReport({ exitCode: 0, results: outcome.experiments, thresholds: [], failures: [] }))).experiments[0].comparison;
    const jsonRows = [json.passRate, ...json.metrics, ...json.usage];
    expect(jsonRows.map((r: any) => [r.metric, r.eventName, r.significance?.verdict, r.significance?.adjustedP]))
      .toEqual(comparedRows(comparison).map((r) => [r.metric, r.eventName, r.significance?.verdict, r.significance?.adjustedP]));
    const { page } = await tab.open(server, `/runs/${after.runId}/compare/${before.runId}`);
    await eventually(() => page.locator('[data-testid="delta-row"][data-metric="pass rate"]').count()).toBe(1);
    for (const row of comparedRows(comparison)) {
      const text = significanceText(row.significance);
      expect(summary, row.metric).toContain(`: ${text}`);
      expect(markdown.replace(/\\/g, ""), row.metric).toContain(text);
      // every row: the verdict, the metrics, and the app's and the evaluation's cost and latency
      const viewerRow = page.locator(`[data-testid="delta-row"][data-name="${row.metric}"][data-event="${row.eventName ?? ""}"]`);
      expect(await viewerRow.count(), `${row.metric} (${row.eventName})`).toBe(1);
      expect((await viewerRow.getByTestId("delta-change").textContent())?.replace(/\s+/g, " ").trim(), row.metric).toBe(text);
      expect(await viewerRow.getAttribute("data-verdict")).toBe(row.significance?.verdict);
    }
    expect(await page.getByTestId("delta-row").count()).toBe(comparedRows(comparison).length);
    const passRate = page.locator('[data-testid="delta-row"][data-metric="pass rate"] [data-testid="delta-change"]');
    expect((await passRate.textContent())?.replace(/\s+/g, " ").trim()).toBe(significanceText(comparison.passRate!.significance));
    // the datapoints, each once, by its overall direction over the verdict and the metrics
    await eventually(() => page.getByTestId("cmp-row").count()).toBeGreaterThan(0);
    const counts = await page.getByTestId("compare-table").isVisible();
    expect(counts).toBe(true);
    await saveScreenshot(page, "compare-significance");
    expect(tab.watched.errors).toEqual([]);
  }, 60_000);

  it("shows each datapoint's cost and latency beside its metrics, in the direction compareRuns reads them", async () => {
    expect(comparison.usage.length).toBeGreaterThan(0); // the app's latency at least (no model calls here: no cost)
    const view = (await call(server, "GET", `/viewer/runs/${after.runId}/compare/${before.runId}?limit=200`)).body;
    for (const usage of comparison.usage) {
      const column = view.columns.find((c: any) => c.event_type === "usage" && c.metric_name === usage.metric && c.event_name === usage.eventName);
      expect(column, `${usage.metric} (${usage.eventName})`).toBeDefined();
      const verdicts = view.rows.map((r: any) => r.metrics[column.id].verdict);
      expect(verdicts.filter((v: string) => v === "improved"), usage.metric).toHaveLength(usage.improvedCount);
      expect(verdicts.filter((v: string) => v === "degraded"), usage.metric).toHaveLength(usage.degradedCount);
      const values = view.rows.map((r: any) => r.metrics[column.id].new).filter((v: number | null) => v !== null);
      expect(values.reduce((a: number, b: number) => a + b, 0) / values.length).toBeCloseTo(usage.newMean!, 6);
    }
    const { page } = await tab.open(server, `/runs/${after.runId}/compare/${before.runId}`);
    await eventually(() => page.getByTestId("cmp-row").count()).toBeGreaterThan(0);
    const heads = await page.locator('[data-testid="compare-table"] thead th').allTextContents();
    expect(heads).toContain("app latency (ms)");
    expect(tab.watched.errors).toEqual([]);
  }, 60_000);
});
