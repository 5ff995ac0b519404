import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { eventually, launchBrowser, openPage, viewerRoute, type WatchedPage } from "./helpers/browser";
import { hexId, seedRunWithSessions, sendSpans, sessionAttrs } from "./helpers/seed";
import { call, KEY, startViewerServer } from "./helpers/viewer-server";

/**
 * Findings of a new user's review: a `?key=` link opened in an already open tab, the waterfall's axis
 * labels of a short trace, and a metric that decides nothing on the run page.
 */
let server: DevServer;
let browser: Browser;
let watched: WatchedPage | undefined;
let runId: string;
const sessionId = randomUUID();

beforeAll(async () => {
  server = await startViewerServer();
  runId = await seedRunWithSessions(server, { name: "no-ranges", datapoints: 6, score: (i) => i / 10 });
  const traceId = hexId(16);
  const rootId = hexId(8);
  const start = Date.now() - 60_000;
  await sendSpans(server, [
    { traceId, spanId: rootId, name: "short-trace", startMs: start, endMs: start + 1.6, attributes: sessionAttrs(sessionId, "chain") },
    { traceId, spanId: hexId(8), parentSpanId: rootId, name: "step", startMs: start + 0.4, endMs: start + 1.2, attributes: sessionAttrs(sessionId, "tool") },
  ]);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(url: string): Promise<WatchedPage> {
  await watched?.page.context().close();
  watched = await openPage(browser, server.url);
  await watched.page.goto(url);
  return watched;
}

describe("viewer review findings", () => {
  it("takes a ?key= link opened in an already open tab (hash change only) without a reload", async () => {
    const { page } = await open(`${server.url}/#/runs`);
    await eventually(() => page.getByTestId("key-input").count()).toBe(1);
    await page.evaluate(() => {
      (globalThis as any).__sameDocument = true;
    });
    await page.goto(viewerRoute(server.url, `/runs/${runId}`, KEY));
    await eventually(() => page.getByTestId("aggregate-card").count()).toBe(2);
    expect(await page.getByTestId("key-input").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as any).__sameDocument)).toBe(true); // no reload happened
    expect(await page.evaluate(() => (globalThis as any).location.hash)).toBe(`#/runs/${runId}`);
    await eventually(() => page.getByTestId("project").textContent()).toMatch(/^project: /);
    expect(watched!.errors).toEqual([]);
  });

  it("labels the waterfall's axis of a 1.6 ms trace with one precision: distinct, evenly spaced ticks", async () => {
    const { page } = await open(viewerRoute(server.url, `/sessions/${sessionId}`, KEY));
    await eventually(() => page.getByTestId("wf-row").count()).toBe(3); // the session, its chain and the tool
    const ticks = await page.locator(".wf-scale .tick").allTextContents();
    expect(ticks).toEqual(["0.00 ms", "0.40 ms", "0.80 ms", "1.20 ms", "1.60 ms"]); // epoch-ms times: the step is not exact at 1 decimal
    expect(watched!.errors).toEqual([]);
  });

  it("says a number without a passing range decides nothing; a boolean without one keeps its counts", async () => {
    const view = (await call(server, "GET", `/viewer/runs/${runId}`)).body;
    const byName = Object.fromEntries(view.aggregates.map((a: any) => [a.metric_name, a]));
    expect(byName.score).toMatchObject({ decides_verdict: false, passed: 0, failed: 0, passing_range: null });
    expect(byName.exact).toMatchObject({ decides_verdict: true, passed: 4, failed: 2 });
    const { page } = await open(viewerRoute(server.url, `/runs/${runId}`, KEY));
    const score = page.getByTestId("aggregate-card").filter({ hasText: "score" });
    await eventually(() => score.count()).toBe(1);
    const scoreText = await score.getByTestId("aggregate-verdicts").textContent();
    expect(scoreText).toContain("no passing range");
    expect(scoreText).not.toMatch(/passed|failed/);
    const exact = page.getByTestId("aggregate-card").filter({ hasText: "exact" });
    expect(await exact.getByTestId("aggregate-verdicts").textContent()).toContain("4 passed · 2 failed");
    expect(watched!.errors).toEqual([]);
  });
});
