import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { compareRuns, type RunComparison } from "../../packages/honeyhive/src/evaluation/compare-runs";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { formatMarkdownReport } from "../../packages/honeyhive/src/cli/eval/markdown-report";
import { printSummary } from "../../packages/honeyhive/src/cli/eval/print-summary";
import { createPalette } from "../../packages/honeyhive/src/cli/colors";
import { eventually, saveScreenshot } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { call, KEY, startViewerServer } from "./helpers/viewer-server";

/**
 * Req (issue 48, 5): two runs of one name are told apart in the comparison header (run id prefix and start time), in
 * the CLI's comparison line, the `--markdown` report and the viewer's compare page. Real dev server, real Chromium.
 */
let server: DevServer;
const tab = new ViewerTab();
let first: EvaluationResult;
let second: EvaluationResult;
let comparison: RunComparison;

async function runQa(answer: number): Promise<EvaluationResult> {
  return evaluate<{ q: number }, number, number>({
    name: "qa", apiKey: KEY, serverUrl: server.url, progress: false,
    dataset: [{ inputs: { q: 1 }, ground_truth: 1 }, { inputs: { q: 2 }, ground_truth: 2 }],
    function: (inputs: { q: number }) => (inputs.q === 1 ? answer : inputs.q),
    evaluators: [function exact(output: number, _inputs: { q: number }, expected: number) { return output === expected ? 1 : 0; }],
  });
}

beforeAll(async () => {
  server = await startViewerServer();
  first = await runQa(0);
  await new Promise((resolve) => setTimeout(resolve, 1100)); // start times a second apart, as two runs of a CI job are
  second = await runQa(1);
  comparison = await compareRuns(second.runId, first.runId, { apiKey: KEY, serverUrl: server.url });
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await server?.close();
});

const utc = (iso: string): string => `${iso.slice(0, 19).replace("T", " ")} UTC`;

describe("the comparison header tells runs of one name apart", () => {
  it("compareRuns gives each run's name and start time, as the server stored them", async () => {
    const stored = async (id: string) => (await call(server, "GET", `/v1/runs/${id}`)).body.evaluation;
    const [oldRun, newRun] = [await stored(first.runId), await stored(second.runId)];
    expect(comparison.oldRun).toEqual({ runId: first.runId, name: "qa", startedAt: oldRun.created_at });
    expect(comparison.newRun).toEqual({ runId: second.runId, name: "qa", startedAt: newRun.created_at });
    expect(utc(oldRun.created_at)).not.toBe(utc(newRun.created_at));
  });

  it("the CLI's comparison line and the Markdown report name both runs by id prefix and start time", () => {
    const outcome = { experiments: [{ result: second, file: "qa.eval.ts", comparison }], checks: [], failures: [], exitCode: 0 };
    let text = "";
    printSummary(outcome, (t) => void (text += t), createPalette(false));
    const oldText = `"qa" ${first.runId.slice(0, 8)}, started ${utc(comparison.oldRun.startedAt!)}`;
    const newText = `"qa" ${second.runId.slice(0, 8)}, started ${utc(comparison.newRun.startedAt!)}`;
    expect(text).toContain(`Compared with run ${oldText} (this run: ${newText}): 2 common datapoints, 1 improved`);
    const markdown = formatMarkdownReport(outcome);
    expect(markdown).toContain(`Datapoints of "qa" ${second.runId.slice(0, 8)}, started ${utc(comparison.newRun.startedAt!)} vs "qa" ${first.runId.slice(0, 8)}, started`);
  });

  it("the viewer's compare page shows each run's id prefix and start time beside its name", async () => {
    const { page } = await tab.open(server, `/runs/${second.runId}/compare/${first.runId}`);
    await eventually(() => page.getByTestId("new-run-started").count()).toBe(1);
    expect(await page.getByTestId("new-run").textContent()).toBe("qa");
    expect(await page.getByTestId("old-run").textContent()).toBe("qa");
    const newText = (await page.getByTestId("new-run-started").textContent())!;
    const oldText = (await page.getByTestId("old-run-started").textContent())!;
    expect(newText).toMatch(new RegExp(`^${second.runId.slice(0, 8)} · started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$`));
    expect(oldText).toMatch(new RegExp(`^${first.runId.slice(0, 8)} · started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$`));
    expect(newText.slice(9)).not.toBe(oldText.slice(9));
    const box = await page.getByTestId("old-run-started").boundingBox();
    expect(box!.width).toBeGreaterThan(50);
    await saveScreenshot(page, "compare-header");
    expect(tab.watched.errors).toEqual([]);
  });
});
