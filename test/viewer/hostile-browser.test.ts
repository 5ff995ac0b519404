import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { eventually, saveScreenshot, viewerRoute, type WatchedPage } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
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
const tab = new ViewerTab();
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
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await server?.close();
});

const open = (route: string): Promise<WatchedPage> => tab.open(server, route);

/** Nothing injected ran or was parsed into elements (the only SVG is the viewer's own charts). */
async function expectNothingRan(w: WatchedPage): Promise<void> {
  expect(await w.page.evaluate(() => (globalThis as any).__pwned)).toBeUndefined();
  const charts = ":not([data-testid=histogram]):not([data-testid=passfail]):not([data-testid=sparkline])";
  const injected = await w.page.locator(`#app script, #app img, #app iframe, #app svg${charts}`).count();
  expect(injected).toBe(0);
  expect(await w.page.locator("#app svg svg, #app svg foreignObject, #app [onload], #app [onerror]").count()).toBe(0);
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

/** A completed run whose sessions carry the given payloads (one datapoint each). */
async function runWith(name: string, sessions: { datapoint: string; inputs: object; outputs: object; metrics: object; extra?: object[] }[]): Promise<string> {
  const runId = randomUUID();
  await call(server, "POST", "/v1/runs", { run_id: runId, name, status: "running", event_ids: [], metadata: { offline_dataset_id: "EXT-hostile" } });
  const ids = sessions.map(() => randomUUID());
  await call(server, "POST", "/events/batch", { events: sessions.flatMap((s, i) => [
    { event_type: "session", session_id: ids[i], event_id: ids[i], event_name: name, source: "evaluation", inputs: s.inputs, outputs: s.outputs,
      feedback: { ground_truth: { answer: PAYLOADS.input } }, metadata: { run_id: runId, datapoint_id: s.datapoint }, metrics: s.metrics },
    ...(s.extra ?? []).map((e) => ({ session_id: ids[i], parent_id: ids[i], source: "evaluation", ...e })),
  ]) });
  await call(server, "PUT", `/v1/runs/${runId}`, { status: "completed", event_ids: ids });
  return runId;
}

describe("stored markup on the newer pages", () => {
  it("stays text in the comparison diff, conversations, charts, trends, datasets and the search box", async () => {
    const metric = PAYLOADS.metadataKey;
    const chat = {
      event_type: "model", event_name: PAYLOADS.spanName, inputs: { chat_history: [{ role: PAYLOADS.sessionName, content: PAYLOADS.input }, { role: "assistant", content: null, tool_calls: [{ id: PAYLOADS.error, function: { name: PAYLOADS.spanName, arguments: PAYLOADS.metadataValue } }] }] },
      outputs: { role: "assistant", content: PAYLOADS.error }, config: { model: PAYLOADS.runName, [PAYLOADS.metadataKey]: 1, temperature: PAYLOADS.input },
      metadata: { total_tokens: 5, cost: 0.5 },
    };
    const oldRun = await runWith(PAYLOADS.runName, [{ datapoint: PAYLOADS.sessionName, inputs: { [PAYLOADS.metadataKey]: PAYLOADS.input }, outputs: { html: PAYLOADS.error, same: 1 }, metrics: { [metric]: 0.2, flag: true } }]);
    const newRun = await runWith(PAYLOADS.runName, [{ datapoint: PAYLOADS.sessionName, inputs: { [PAYLOADS.metadataKey]: PAYLOADS.input }, outputs: { html: PAYLOADS.metadataValue, same: 1 }, metrics: { [metric]: 0.9, flag: false }, extra: [chat] }]);
    await call(server, "POST", "/datasets", { name: PAYLOADS.sessionName, description: PAYLOADS.error });

    let w = await open(`/runs/${newRun}/compare/${oldRun}`);
    await eventually(() => w.page.getByTestId("cmp-row").count()).toBe(1);
    await w.page.getByTestId("cmp-expand").click();
    await eventually(() => w.page.getByTestId("output-diff").count()).toBe(1);
    const json = (text: string) => JSON.stringify(text).slice(1, -1);
    expect(await w.page.getByTestId("diff-old").textContent()).toContain(json(PAYLOADS.error));
    expect(await w.page.getByTestId("diff-new").textContent()).toContain(json(PAYLOADS.metadataValue));
    expect(await w.page.getByTestId("diff-paths").textContent()).toContain("$.html");
    await expectNothingRan(w);

    w = await open(`/runs/${newRun}`);
    await eventually(() => w.page.getByTestId("metric-chart").count()).toBe(2);
    expect(await w.page.getByTestId("aggregate-card").first().textContent()).toContain(metric);
    expect(await w.page.locator("#app svg").count()).toBe(2); // the two charts
    await expectNothingRan(w);

    w = await open("/runs");
    await eventually(() => w.page.getByTestId("trend").count()).toBeGreaterThan(0);
    expect(await w.page.getByTestId("trend").first().textContent()).toContain(metric);
    await expectNothingRan(w);

    const session = (await call(server, "GET", `/viewer/sessions?run_id=${newRun}`)).body.sessions[0].session_id;
    w = await open(`/sessions/${session}`);
    const row = w.page.getByTestId("wf-row").filter({ hasText: PAYLOADS.spanName });
    await eventually(() => row.count()).toBe(1);
    await row.click();
    await eventually(() => w.page.getByTestId("conversation").count()).toBe(1);
    expect(await w.page.getByTestId("message").first().textContent()).toContain(PAYLOADS.input);
    expect(await w.page.getByTestId("tool-call").textContent()).toContain(PAYLOADS.metadataValue);
    expect(await w.page.getByTestId("conv-model").textContent()).toBe(PAYLOADS.runName);
    await expectNothingRan(w);

    w = await open("/datasets");
    await eventually(() => w.page.getByTestId("dataset-link").filter({ hasText: PAYLOADS.sessionName }).count()).toBe(1);
    await w.page.getByTestId("dataset-link").filter({ hasText: "EXT-hostile" }).click();
    await eventually(() => w.page.getByTestId("datapoint-row").count()).toBe(1);
    expect(await w.page.getByTestId("datapoint-inputs").textContent()).toContain(json(PAYLOADS.input));
    await expectNothingRan(w);

    w = await open(`/sessions?q=${encodeURIComponent(PAYLOADS.input)}&metadata=${encodeURIComponent(`k=${PAYLOADS.error}`)}`);
    await eventually(() => w.page.getByTestId("filter-q").inputValue()).toBe(PAYLOADS.input);
    expect(await w.page.getByTestId("filter-metadata").inputValue()).toBe(`k=${PAYLOADS.error}`);
    await expectNothingRan(w);
  }, 90_000);
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

  it("diffs two 5 MB outputs on their first part, marked truncated, without freezing", async () => {
    const words = "word ".repeat(BIG / 5);
    const oldRun = await runWith("huge-old", [{ datapoint: "dp-huge", inputs: { q: "huge" }, outputs: { text: `alpha ${words}old-end` }, metrics: { score: 1 } }]);
    const newRun = await runWith("huge-new", [{ datapoint: "dp-huge", inputs: { q: "huge" }, outputs: { text: `beta ${words}new-end` }, metrics: { score: 0 } }]);
    const w = await open(`/runs/${newRun}/compare/${oldRun}`);
    await eventually(() => w.page.getByTestId("cmp-row").count(), RESPONSIVE_MS).toBe(1);
    expect(await w.page.getByTestId("cmp-row").getAttribute("data-changed")).toBe("true");
    expect((await w.page.getByTestId("cmp-new-output").textContent())!.length).toBeLessThan(400);
    const started = Date.now();
    await w.page.getByTestId("cmp-expand").click();
    await eventually(() => w.page.getByTestId("diff-new").count(), RESPONSIVE_MS).toBe(1);
    expect(Date.now() - started).toBeLessThan(RESPONSIVE_MS);
    expect(await w.page.locator("[data-testid=diff-old] .diff-del").first().textContent()).toBe("alpha");
    expect(await w.page.locator("[data-testid=diff-new] .diff-add").first().textContent()).toBe("beta");
    expect(await w.page.getByTestId("diff-truncated").count()).toBe(2);
    expect(await w.page.getByTestId("diff-truncated").first().textContent()).toContain("5.0 MB");
    expect(await w.page.getByTestId("diff-kind").textContent()).toBe("(word diff of the first part)");
    expect((await w.page.getByTestId("diff-new").textContent())!.length).toBeLessThanOrEqual(100_000);
    expect(await w.page.evaluate(() => 1 + 1)).toBe(2);
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
    // an API-created run records no dataset index, so rows are told apart by their inputs (question i, 0-based)
    await eventually(() => w.page.getByTestId("dp-row").first().getByTestId("dp-inputs").textContent()).toContain("question 50");
    await w.page.getByTestId("pager-last").click();
    await eventually(() => w.page.getByTestId("dp-row").last().getByTestId("dp-inputs").textContent()).toContain("question 9999");
    started = Date.now();
    await w.page.goto(viewerRoute(server.url, `/runs/${newRun}/compare/${oldRun}`, KEY));
    await eventually(() => w.page.getByTestId("cmp-row").count(), RESPONSIVE_MS).toBe(50);
    expect(Date.now() - started).toBeLessThan(RESPONSIVE_MS);
    expect(await w.page.getByTestId("common-count").textContent()).toBe("Common datapoints 10,000");
    expect(await w.page.locator("tr").count()).toBeLessThan(120);
    // Too many datapoints to read every output on each load: the count waits for the filter.
    expect(await w.page.getByTestId("seg-changed").textContent()).toBe("Output changed");
    await w.page.getByTestId("seg-changed").click();
    await eventually(() => w.page.getByTestId("empty").count(), RESPONSIVE_MS).toBe(1);
    expect(await w.page.getByTestId("seg-changed").textContent()).toBe("Output changed0");
    await expectNothingRan(w);
  }, 120_000);
});
