import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { eventually, saveScreenshot, type WatchedPage } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { DATASET, runExperiment } from "./helpers/experiment";
import { call, KEY, startViewerServer } from "./helpers/viewer-server";

/**
 * The datasets page: a dataset stored on the dev server (runs made on it through the API) and the
 * offline EXT- dataset of two real evaluate() runs; per datapoint, each run's result and scores.
 */
let server: DevServer;
const tab = new ViewerTab();
let datasetId = "";
let datapointIds: string[] = [];
const storedRuns: string[] = [];
let inline: EvaluationResult;

async function runOnStored(name: string, score: (i: number) => number): Promise<string> {
  const runId = randomUUID();
  await call(server, "POST", "/v1/runs", { run_id: runId, name, status: "running", dataset_id: datasetId, event_ids: [], passing_ranges: { score: { min: 0.5 } } });
  const sessions = datapointIds.map(() => randomUUID());
  await call(server, "POST", "/events/batch", { events: datapointIds.map((dp, i) => ({
    event_type: "session", session_id: sessions[i], event_id: sessions[i], event_name: name, source: "evaluation",
    inputs: { city: `city ${i}` }, metadata: { run_id: runId, datapoint_id: dp, dataset_id: datasetId }, metrics: { score: score(i) },
  })) });
  await call(server, "PUT", `/v1/runs/${runId}`, { status: "completed", event_ids: sessions });
  return runId;
}

beforeAll(async () => {
  server = await startViewerServer();
  const created = await call(server, "POST", "/datasets", { name: "cities", description: "capital cities" });
  datasetId = created.body.result.insertedId;
  const rows = Array.from({ length: 60 }, (_, i) => ({ city: `city ${i}`, capital: `capital ${i}` }));
  datapointIds = (await call(server, "POST", `/datasets/${datasetId}/datapoints`, { data: rows, mapping: { inputs: ["city"], ground_truth: ["capital"], history: [] } })).body.datapoint_ids;
  storedRuns.push(await runOnStored("cities-v1", (i) => (i % 2 === 0 ? 1 : 0)));
  storedRuns.push(await runOnStored("cities-v2", () => 1));
  inline = await runExperiment(server.url, KEY, "qa-inline", /never/);
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await server?.close();
});

const open = (route: string): Promise<WatchedPage> => tab.open(server, route);

describe("datasets page", () => {
  it("lists stored and offline datasets with their datapoint and run counts", async () => {
    const { page } = await open("/datasets");
    const rows = page.getByTestId("dataset-row");
    await eventually(() => rows.count()).toBe(2);
    const stored = rows.filter({ hasText: "cities" });
    expect(await stored.getByTestId("dataset-datapoints").textContent()).toBe("60");
    expect(await stored.getByTestId("dataset-runs").textContent()).toBe("2");
    const offline = rows.filter({ hasText: "EXT-" });
    expect(await offline.getByTestId("dataset-datapoints").textContent()).toBe(String(DATASET.length));
    expect(await offline.getByTestId("dataset-runs").textContent()).toBe("1");
    expect(await offline.textContent()).toContain("offline");
    expect(tab.watched.errors).toEqual([]);
  });

  it("shows a stored dataset's datapoints with each run's pass/fail and scores, paginated, linking to traces", async () => {
    const { page } = await open("/datasets");
    await page.getByTestId("dataset-link").filter({ hasText: "cities" }).click();
    const rows = page.getByTestId("datapoint-row");
    await eventually(() => rows.count()).toBe(50);
    expect(await page.getByTestId("page-title").textContent()).toBe("cities");
    expect(await page.getByTestId("pager-info").textContent()).toBe("Page 1 of 2 · 60 datapoints");
    const headers = await page.locator("[data-testid=dataset-table] th").allTextContents();
    expect(headers.slice(0, 6)).toEqual(["#", "Datapoint", "External id", "Split", "Inputs", "Ground truth"]);
    expect(headers.slice(6).map((t) => t.slice(0, 9))).toEqual(["cities-v1", "cities-v2"]);
    const second = rows.nth(1);
    expect(await second.getByTestId("datapoint-inputs").textContent()).toBe('{"city":"city 1"}');
    expect(await second.getByTestId("datapoint-ground-truth").textContent()).toBe('{"capital":"capital 1"}');
    const results = await second.getByTestId("dataset-result").allTextContents();
    expect(results).toEqual(["FAILscore 0", "PASSscore 1"]);
    const summary = (await call(server, "GET", `/v1/runs/${storedRuns[0]}/result`)).body;
    const failedIds: string[] = summary.failed;
    expect(failedIds).toContain(datapointIds[1]);
    await saveScreenshot(page, "dataset");
    await page.getByTestId("pager-next").click();
    await eventually(() => rows.count()).toBe(10);
    await rows.first().getByTestId("dataset-result").first().locator("a").click();
    await eventually(() => page.getByTestId("wf-row").count()).toBeGreaterThan(0);
    expect(tab.watched.errors).toEqual([]);
  });

  it("shows an offline dataset from its runs' sessions", async () => {
    const offlineId = (await call(server, "GET", "/viewer/datasets")).body.datasets.find((d: any) => d.kind === "offline").id;
    const { page } = await open(`/datasets/${offlineId}`);
    const rows = page.getByTestId("datapoint-row");
    await eventually(() => rows.count()).toBe(DATASET.length);
    const inputs = await page.getByTestId("datapoint-inputs").allTextContents();
    expect(new Set(inputs)).toEqual(new Set(DATASET.map((d) => JSON.stringify(d.inputs))));
    expect(await page.getByTestId("dataset-result").count()).toBe(DATASET.length);
    const passed = inline.datapoints.filter((d) => d.passed !== false).length;
    expect(await page.getByTestId("dataset-result").filter({ hasText: "PASS" }).count()).toBe((await call(server, "GET", `/v1/runs/${inline.runId}/result`)).body.passed.length);
    expect(passed).toBeGreaterThan(0);
    expect((await call(server, "GET", "/viewer/datasets/EXT-nope", undefined, { allowError: true })).status).toBe(404);
    expect(tab.watched.errors).toEqual([]);
  });
});
