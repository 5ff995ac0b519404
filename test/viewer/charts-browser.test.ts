import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { eventually, saveScreenshot, type WatchedPage } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { seedRunWithSessions } from "./helpers/seed";
import { call, startViewerServer } from "./helpers/viewer-server";

/** "Look, not read": the run page's distributions and duration percentiles, and the runs list's trends. */
let server: DevServer;
const tab = new ViewerTab();
const runs: string[] = [];

beforeAll(async () => {
  server = await startViewerServer();
  for (const level of [0.2, 0.8, 0.5]) {
    runs.push(await seedRunWithSessions(server, { name: "nightly", datapoints: 40, score: (i) => Math.min(1, level + (i % 5) / 10), passingMin: 0.5 }));
  }
  runs.push(await seedRunWithSessions(server, { name: "one-off", datapoints: 5, score: () => 1 }));
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await server?.close();
});

const open = (route: string): Promise<WatchedPage> => tab.open(server, route);

describe("charts", () => {
  it("draws a histogram per numeric metric, a true/false bar per boolean one, and duration percentiles", async () => {
    const runId = runs[1]!;
    const summary = (await call(server, "GET", `/v1/runs/${runId}/result`)).body;
    const exact = summary.metrics.details.find((d: any) => d.metric_name === "exact");
    const { page } = await open(`/runs/${runId}`);
    const score = page.getByTestId("aggregate-card").filter({ hasText: "score" });
    await eventually(() => score.getByTestId("histogram").count()).toBe(1);
    const counts = await score.locator("[data-testid=histogram] rect").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-count"))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(40);
    expect(counts.filter((c) => c > 0).length).toBeGreaterThan(1);
    const bool = page.getByTestId("aggregate-card").filter({ hasText: "exact" });
    expect(await bool.getByTestId("passfail").count()).toBe(1);
    const trues = exact.values.filter((v: number) => v === 1).length;
    expect(trues).toBe(26); // i % 3 !== 0 for i < 40
    expect(await bool.locator(".passfail .card-sub").textContent()).toBe(`${trues} true · ${40 - trues} false`);
    expect(await bool.locator(".card-sub").first().textContent()).toContain(`${exact.datapoints.passed.length} passed`);
    expect(await page.getByTestId("duration-p50").textContent()).toBe("p507 ms");
    expect(await page.getByTestId("durations").textContent()).toContain("over 40 sessions");
    await saveScreenshot(page, "run-charts");
    expect(tab.watched.errors).toEqual([]);
  });

  it("shows each metric's trend over runs of the same name on the runs list, the row's run marked", async () => {
    const { page } = await open("/runs");
    await eventually(() => page.getByTestId("run-row").count()).toBe(4);
    const newest = page.getByTestId("run-row").filter({ hasText: "nightly" }).first();
    const trends = newest.getByTestId("trend");
    expect(await trends.count()).toBe(2);
    const score = trends.filter({ hasText: "score" });
    expect(await score.locator("circle").count()).toBe(3);
    expect(await score.locator("circle.spark-current").count()).toBe(1);
    const ys = await score.locator("circle").evaluateAll((els) => els.map((e) => Number(e.getAttribute("cy"))));
    expect(ys[1]! < ys[2]! && ys[2]! < ys[0]!).toBe(true); // 0.8-run highest (smallest y), 0.2-run lowest
    expect(await page.getByTestId("run-row").filter({ hasText: "one-off" }).getByTestId("trend").count()).toBe(0);
    await saveScreenshot(page, "runs-trends");
    expect(tab.watched.errors).toEqual([]);
  });
});
