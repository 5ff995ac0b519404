import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { eventually, launchBrowser, openPage, saveScreenshot, viewerRoute, type WatchedPage } from "./helpers/browser";
import { hexId, seedRunWithSessions, sendSpans, sessionAttrs, wideSessionSpans } from "./helpers/seed";
import { call, KEY, startViewerServer } from "./helpers/viewer-server";

/**
 * Hostile data in a real browser: stored markup and script never run and are shown as text; a 5 MB
 * output, a 20,000-event session and a 10,000-datapoint run stay responsive with a page of DOM rows.
 */
const PAYLOADS = {
  sessionName: `<script>window.__pwned = "session-name"</script>`,
  spanName: `<img src=x onerror="window.__pwned='span-name'">`,
  input: `<script>window.__pwned = "input"</script>`,
  metadataKey: `<svg onload="window['__pwned']='metadata-key'">`,
  metadataValue: `<iframe src="javascript:window.__pwned='iframe'"></iframe>`,
  error: `<img src=x onerror="window.__pwned='error'">`,
  runName: `<script>window.__pwned="run-name"</script>`,
};
const RESPONSIVE_MS = 15_000;
let server: DevServer;
let browser: Browser;
let watched: WatchedPage | undefined;
const xssSession = randomUUID();
const bigSession = randomUUID();
const wideSession = randomUUID();
const BIG = 5 * 1024 * 1024;

beforeAll(async () => {
  server = await startViewerServer();
  const now = Date.now() - 60_000;
  const traceId = hexId(16);
  const root = hexId(8);
  await sendSpans(server, [
    { traceId, spanId: root, name: "root", startMs: now, endMs: now + 30, attributes: { ...sessionAttrs(xssSession, "chain", PAYLOADS.input), "honeyhive.session_name": PAYLOADS.sessionName } },
    {
      traceId, spanId: hexId(8), parentSpanId: root, name: PAYLOADS.spanName, startMs: now + 5, endMs: now + 20, error: PAYLOADS.error,
      attributes: { ...sessionAttrs(xssSession, "model"), "honeyhive_inputs.html": PAYLOADS.input, [`honeyhive_metadata.${PAYLOADS.metadataKey}`]: PAYLOADS.metadataValue },
    },
  ]);
  await sendSpans(server, [{
    traceId: hexId(16), spanId: hexId(8), name: "huge-output", startMs: now + 100, endMs: now + 200,
    attributes: { ...sessionAttrs(bigSession, "model"), "honeyhive_outputs.text": `START-${"y".repeat(BIG - 12)}-END` },
  }]);
  await sendSpans(server, wideSessionSpans(wideSession, 20_000, now + 1000));
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(route: string): Promise<WatchedPage> {
  await watched?.page.context().close();
  watched = await openPage(browser, server.url);
  await watched.page.goto(viewerRoute(server.url, route, KEY));
  return watched;
}

async function expectNothingRan(w: WatchedPage): Promise<void> {
  expect(await w.page.evaluate(() => (globalThis as any).__pwned)).toBeUndefined();
  const injected = await w.page.locator("#app script, #app img, #app iframe, #app svg").count();
  expect(injected).toBe(0);
  expect(w.errors).toEqual([]);
  expect(w.foreignRequests).toEqual([]);
}

describe("stored markup", () => {
  it("is shown as text in the sessions list, the waterfall and the event details, and never executes", async () => {
    const w = await open("/sessions");
    await eventually(() => w.page.getByTestId("session-link").filter({ hasText: PAYLOADS.sessionName }).count()).toBe(1);
    await w.page.getByTestId("session-link").filter({ hasText: PAYLOADS.sessionName }).click();
    const hostile = w.page.getByTestId("wf-row").filter({ hasText: PAYLOADS.spanName });
    await eventually(() => hostile.count()).toBe(1);
    await hostile.click();
    await eventually(() => w.page.getByTestId("detail-name").textContent()).toBe(PAYLOADS.spanName);
    expect(await w.page.getByTestId("detail-error").textContent()).toContain(PAYLOADS.error);
    expect(await w.page.getByTestId("section-inputs").textContent()).toContain(PAYLOADS.input);
    const metadata = await w.page.getByTestId("section-metadata").textContent();
    expect(metadata).toContain(PAYLOADS.metadataKey);
    expect(metadata).toContain(PAYLOADS.metadataValue);
    expect(await w.page.getByText(PAYLOADS.input).first().isVisible()).toBe(true);
    await saveScreenshot(w.page, "xss-session");
    await expectNothingRan(w);
  });

  it("in run names is shown as text on the runs list and the run page", async () => {
    await seedRunWithSessions(server, { name: PAYLOADS.runName, datapoints: 3, score: () => 1 });
    const w = await open("/runs");
    await eventually(() => w.page.getByTestId("run-link").filter({ hasText: PAYLOADS.runName }).count()).toBe(1);
    await w.page.getByTestId("run-link").filter({ hasText: PAYLOADS.runName }).click();
    await eventually(() => w.page.getByTestId("page-title").textContent()).toBe(PAYLOADS.runName);
    await expectNothingRan(w);
  });
});

describe("hostile scale", () => {
  it("shows a 5 MB output collapsed with show more / show all, without freezing", async () => {
    const w = await open(`/sessions/${bigSession}`);
    const row = w.page.getByTestId("wf-row").filter({ hasText: "huge-output" });
    await eventually(() => row.count()).toBe(1);
    const started = Date.now();
    await row.click();
    const outputs = w.page.getByTestId("section-outputs");
    await eventually(() => outputs.locator("pre").count(), RESPONSIVE_MS).toBe(1);
    expect(Date.now() - started).toBeLessThan(RESPONSIVE_MS);
    const preview = (await outputs.locator("pre").textContent())!;
    expect(preview.startsWith("START-")).toBe(true);
    expect(preview.length).toBeLessThan(2_000);
    expect(await outputs.textContent()).toContain("5.0 MB");
    await outputs.getByTestId("show-more").click();
    await eventually(async () => (await outputs.locator("pre").textContent())!.length).toBeGreaterThan(preview.length * 4);
    await saveScreenshot(w.page, "large-output");
    await outputs.getByTestId("show-all").click();
    await eventually(async () => (await outputs.locator("pre").evaluate((el) => el.textContent!.endsWith("-END"))), RESPONSIVE_MS).toBe(true);
    expect(await w.page.evaluate(() => 1 + 1)).toBe(2);
    await outputs.getByTestId("show-less").click();
    await eventually(async () => (await outputs.locator("pre").textContent())!.length).toBe(preview.length);
    await expectNothingRan(w);
  }, 90_000);

  it("renders a 20,000-event session with a page of rows in the DOM and scrolls to its last event", async () => {
    const started = Date.now();
    const w = await open(`/sessions/${wideSession}`);
    const rows = w.page.getByTestId("wf-row");
    await eventually(() => rows.count(), RESPONSIVE_MS).toBeGreaterThan(10);
    expect(Date.now() - started).toBeLessThan(RESPONSIVE_MS);
    expect(await w.page.getByTestId("session-event-count").textContent()).toBe("Events 20,000");
    expect(await rows.count()).toBeLessThanOrEqual(100);
    await w.page.getByTestId("waterfall").evaluate((el) => (el.scrollTop = el.scrollHeight));
    await eventually(() => rows.filter({ hasText: "step-19999" }).count()).toBe(1);
    expect(await rows.count()).toBeLessThanOrEqual(100);
    expect(await rows.locator(".row-error, .wf-label").count()).toBeGreaterThan(0);
    await rows.filter({ hasText: "step-19999" }).click();
    await eventually(() => w.page.getByTestId("detail-name").textContent()).toBe("step-19999");
    await w.page.getByTestId("waterfall").evaluate((el) => (el.scrollTop = 0));
    await eventually(() => rows.first().locator(".wf-label").textContent()).toBe("wide-session");
    await saveScreenshot(w.page, "large-session");
    const list = (await call(server, "GET", `/viewer/sessions?name=wide-session`)).body;
    expect(list.sessions[0]).toMatchObject({ num_events: 20_000, num_errors: 19 });
    await expectNothingRan(w);
  }, 90_000);

  it("pages a 10,000-datapoint run and its comparison, 50 rows at a time", async () => {
    const oldRun = await seedRunWithSessions(server, { name: "big-old", datapoints: 10_000, score: (i) => (i % 7) / 7, passingMin: 0.3 });
    const newRun = await seedRunWithSessions(server, { name: "big-new", datapoints: 10_000, score: (i) => (i % 5) / 5, passingMin: 0.3 });
    let started = Date.now();
    const w = await open(`/runs/${newRun}`);
    await eventually(() => w.page.getByTestId("dp-row").count(), RESPONSIVE_MS).toBe(50);
    expect(Date.now() - started).toBeLessThan(RESPONSIVE_MS);
    expect(await w.page.getByTestId("run-datapoints").textContent()).toBe("Datapoints 10,000");
    expect(await w.page.getByTestId("pager-info").textContent()).toBe("Page 1 of 200 · 10,000 datapoints");
    await w.page.getByTestId("pager-next").click();
    await eventually(() => w.page.getByTestId("dp-row").first().locator("td").first().textContent()).toBe("51");
    await w.page.getByTestId("pager-last").click();
    await eventually(() => w.page.getByTestId("dp-row").last().locator("td").first().textContent()).toBe("10000");
    started = Date.now();
    await w.page.goto(viewerRoute(server.url, `/runs/${newRun}/compare/${oldRun}`, KEY));
    await eventually(() => w.page.getByTestId("cmp-row").count(), RESPONSIVE_MS).toBe(50);
    expect(Date.now() - started).toBeLessThan(RESPONSIVE_MS);
    expect(await w.page.getByTestId("common-count").textContent()).toBe("Common datapoints 10,000");
    expect(await w.page.locator("tr").count()).toBeLessThan(120);
    await expectNothingRan(w);
  }, 120_000);
});
