// A dataset's page shows its handles as code, in real Chromium against the real dev server: the dataset id, the
// content version and the splits of a dataset pushed with pushDataset() (key "qid"), each datapoint's external id and
// split. The version on the page is the one datasetVersion() computes from the local rows and pushDataset() reads back
// (one rule, core's); after an edit it changes with them. Hostile ids render as text. Screenshots at 1,400 and 800 px.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { DevServer } from "../../packages/dev-server/src/index";
import { HoneyHive, datasetVersion, pushDataset } from "../../packages/honeyhive/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { eventually, saveScreenshot } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { KEY, startViewerServer } from "./helpers/viewer-server";

let server: DevServer;
const tab = new ViewerTab();
let client: HoneyHive;
const ROWS = [
  { qid: "refund-1", inputs: { question: "Can I return shoes?" }, ground_truth: { answer: "Within 60 days." }, split: "train" },
  { qid: "refund-2", inputs: { question: "Do you refund shipping?" }, ground_truth: { answer: "No." }, split: "test" },
  { qid: "refund-3", inputs: { question: "Store credit?" }, ground_truth: { answer: "Yes, 1.0 times the price." }, split: "test" },
  { qid: '<img src=x onerror="window.__pwned=1">', inputs: { question: "hostile id" }, ground_truth: {} },
];

beforeAll(async () => {
  server = await startViewerServer();
  client = new HoneyHive({ apiKey: KEY, serverUrl: server.url, logger: createLogger({ sink: () => undefined }) });
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await server?.close();
});

async function handles(page: Page) {
  return {
    id: await page.getByTestId("handle-dataset-id").textContent(),
    version: await page.getByTestId("handle-version").textContent(),
    splits: await page.getByTestId("handle-split").allTextContents(),
  };
}

describe("a dataset's handles as code", () => {
  it("shows the id, the content version datasetVersion() computes, the splits, and each datapoint's external id and split", async () => {
    const pushed = await pushDataset(client, "refund-questions", ROWS, { key: "qid" });
    const version = datasetVersion(ROWS, { key: "qid" });
    expect(pushed.version).toBe(version);
    const { page } = await tab.open(server, `/datasets/${pushed.datasetId}`);
    await page.setViewportSize({ width: 1400, height: 900 });
    await eventually(() => page.getByTestId("datapoint-row").count()).toBe(4);
    expect(await handles(page)).toEqual({ id: pushed.datasetId, version, splits: ["test 2", " · train 1"] });
    expect(await page.getByTestId("handle-splits").textContent()).toBe("test 2 · train 1 · no split 1");
    expect(await page.getByTestId("datapoint-external-id").allTextContents()).toEqual(ROWS.map((r) => r.qid));
    expect(await page.getByTestId("datapoint-split").allTextContents()).toEqual(["train", "test", "test", "—"]);
    expect(await page.getByTestId("handle-evaluate").textContent()).toBe(`evaluate({ datasetId: "${pushed.datasetId}", datasetVersion: "${version}", split: "test", function: …, evaluators: … })`);
    expect(await page.evaluate(() => (globalThis as any).__pwned)).toBeUndefined();
    await saveScreenshot(page, "dataset-handles-1400");
    await page.setViewportSize({ width: 800, height: 900 });
    const [scrollWidth, innerWidth] = await page.evaluate(() => [(globalThis as any).document.documentElement.scrollWidth as number, (globalThis as any).innerWidth as number]);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await saveScreenshot(page, "dataset-handles-800");

    const edited = ROWS.map((r) => (r.qid === "refund-2" ? { ...r, ground_truth: { answer: "Only for damaged items." } } : r));
    const again = await pushDataset(client, "refund-questions", edited, { key: "qid" });
    expect(again.version).toBe(datasetVersion(edited, { key: "qid" }));
    expect(again.version).not.toBe(version);
    await eventually(() => page.getByTestId("handle-version").textContent(), 20_000).toBe(again.version);
    expect(tab.watched.errors).toEqual([]);
  });
});
