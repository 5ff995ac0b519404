import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { READY_METRIC_NAMES } from "../../packages/honeyhive/src/evaluators/metric-names";
import { launchBrowser, openPage, viewerRoute, eventually, saveScreenshot } from "./helpers/browser";
import { KEY, startViewerServer } from "./helpers/viewer-server";
import type { Browser } from "playwright-core";

/**
 * Req (issue 48, 5): the run page stays readable with every ready evaluator's metric (18 today) at 1,400 and 800 px:
 * each datapoint's inputs, outputs and result stay inside the window and wide enough to read, with no page-wide
 * horizontal scroll, and every metric's value is still on the row. Real evaluate(), real dev server, real Chromium.
 */
let server: DevServer;
let browser: Browser;
let run: EvaluationResult;
const METRICS = Object.values(READY_METRIC_NAMES);

beforeAll(async () => {
  server = await startViewerServer();
  run = await evaluate({
    name: "fourteen-metrics", apiKey: KEY, serverUrl: server.url, progress: false,
    dataset: [
      { inputs: { question: "What is the capital of France, and which river runs through it?" }, ground_truth: "Paris, on the Seine." },
      { inputs: { question: "Which planet in the solar system has the most moons as of today?" }, ground_truth: "Saturn." },
      { inputs: { question: "Who wrote the novel One Hundred Years of Solitude?" }, ground_truth: "Gabriel García Márquez." },
    ],
    function: (inputs: { question: string }) => `An answer to "${inputs.question}" with enough words to need some room on the page.`,
    evaluators: METRICS.map((name, i) => ({ name, fn: () => (i % 3 === 0 ? i % 2 === 0 : Math.round((i / 14) * 1000) / 1000) })),
    passingRanges: { exact_match: { pass_when: true } },
  });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Box { x: number; width: number }

describe("the run page with every ready evaluator's metric", () => {
  it.each([1400, 800])("at %i px: inputs, outputs and the result are inside the window and readable", async (width) => {
    expect(Object.keys(run.metrics)).toHaveLength(METRICS.length);
    expect(METRICS.length).toBeGreaterThanOrEqual(14);
    const watched = await openPage(browser, server.url, { width, height: 900 });
    const { page } = watched;
    await page.goto(viewerRoute(server.url, `/runs/${run.runId}`, KEY));
    await eventually(() => page.getByTestId("dp-row").count()).toBe(3);
    const [scrollWidth, innerWidth] = await page.evaluate(() => [(globalThis as any).document.documentElement.scrollWidth as number, (globalThis as any).innerWidth as number]);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    const row = page.getByTestId("dp-row").first();
    const box = async (testid: string): Promise<Box> => (await row.getByTestId(testid).boundingBox())!;
    const [inputs, outputs, result] = [await box("dp-inputs"), await box("dp-outputs"), await box("dp-result")];
    for (const [name, b] of [["inputs", inputs], ["outputs", outputs], ["result", result]] as const) {
      expect(b.x, name).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width, name).toBeLessThanOrEqual(innerWidth);
    }
    // readable: room for a phrase, not a few characters
    expect(inputs.width).toBeGreaterThanOrEqual(width >= 1400 ? 220 : 150);
    expect(outputs.width).toBeGreaterThanOrEqual(width >= 1400 ? 220 : 150);
    expect(await row.getByTestId("dp-result").textContent()).toMatch(/^(PASS|FAIL)/);
    expect(await row.getByTestId("dp-result").isVisible()).toBe(true);
    // every metric is still on the row, named
    const metrics = await row.getByTestId("dp-metric").allTextContents();
    expect(metrics).toHaveLength(METRICS.length);
    const names = await row.getByTestId("dp-metric").evaluateAll((els) => els.map((e) => e.getAttribute("data-metric")));
    expect(names).toEqual(METRICS);
    await page.getByTestId("datapoints-table").evaluate((el) => (el as any).scrollIntoView({ block: "center" }));
    await saveScreenshot(page, `run-14-metrics-${width}`);
    expect(watched.errors).toEqual([]);
    await page.context().close();
  });
});
