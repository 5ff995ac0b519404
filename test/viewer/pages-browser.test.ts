import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { eventually, saveScreenshot, type WatchedPage } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { DATASET, runExperiment } from "./helpers/experiment";
import { hexId, sendSpans, sessionAttrs } from "./helpers/seed";
import { call, KEY, startViewerServer } from "./helpers/viewer-server";

/**
 * The viewer in headless Chromium against a dev server filled by two real evaluate() runs of a traced
 * app: sessions list, trace tree, run page, comparison, and live updates.
 */
let server: DevServer;
const tab = new ViewerTab();
let baseline: EvaluationResult;
let candidate: EvaluationResult;
const FAILING = DATASET.filter((d) => d.inputs.question.includes("quantum")).length;

beforeAll(async () => {
  server = await startViewerServer();
  baseline = await runExperiment(server.url, KEY, "qa-baseline", /river|capital|highest|mountain|Nile|Everest/);
  candidate = await runExperiment(server.url, KEY, "qa-candidate", /boil/);
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await server?.close();
});

const open = (route: string): Promise<WatchedPage> => tab.open(server, route);

function expectClean(w: WatchedPage): void {
  expect(w.errors).toEqual([]);
  expect(w.foreignRequests).toEqual([]);
}

describe("viewer pages in Chromium", () => {
  it("lists sessions newest first with error markers, filters them, and drops the key from the URL", async () => {
    expect(baseline.uploaded && candidate.uploaded).toBe(true);
    const { page } = await open("/sessions");
    const rows = page.getByTestId("session-row");
    await eventually(() => rows.count()).toBe(24);
    expect(await page.evaluate(() => (globalThis as any).location.hash as string)).toBe("#/sessions");
    expect(await page.getByTestId("sessions-total").textContent()).toBe("24 total");
    expect(await rows.first().getByTestId("session-name").textContent()).toBe("qa-candidate");
    const labels = await page.getByTestId("session-link").allTextContents();
    expect(new Set(labels)).toEqual(new Set(DATASET.map((d) => d.inputs.question)));
    expect(await page.getByTestId("error-marker").count()).toBe(2 * FAILING);
    expect(await rows.first().getByTestId("session-events").textContent()).toMatch(/^\d+$/);
    await saveScreenshot(page, "sessions");
    await page.getByTestId("filter-name").fill("baseline");
    await eventually(() => rows.count()).toBe(12);
    expect(await page.getByTestId("session-name").allTextContents()).toEqual(Array(12).fill("qa-baseline"));
    await page.getByTestId("filter-name").fill("");
    await page.getByTestId("filter-run_id").fill(candidate.runId);
    await eventually(() => page.getByTestId("sessions-total").textContent()).toBe("12 total");
    expectClean(tab.watched);
  });

  it("shows a session's trace tree as a waterfall with badges, errors in red, and the selected event's fields", async () => {
    const index = DATASET.findIndex((d) => d.inputs.question === "quantum gravity");
    const sessionId = baseline.datapoints.find((d) => d.index === index)!.sessionId!;
    const { page } = await open(`/sessions/${sessionId}`);
    const rows = page.getByTestId("wf-row");
    await eventually(() => rows.count()).toBe(4);
    const names = await rows.locator(".wf-label").allTextContents();
    expect(names).toEqual(["qa-baseline", "answer_question", "retrieve", "generate"]);
    expect(await rows.locator(".badge").allTextContents()).toEqual(["session", "chain", "tool", "model"]);
    const failed = rows.filter({ hasText: "generate" });
    expect(await failed.getAttribute("class")).toContain("row-error");
    expect(await page.getByTestId("detail-name").textContent()).toBe("qa-baseline");
    await failed.click();
    await eventually(() => page.getByTestId("detail-name").textContent()).toBe("generate");
    expect(await page.getByTestId("detail-error").textContent()).toContain('no grounded answer for "quantum gravity"');
    expect(await page.getByTestId("section-inputs").textContent()).toContain("quantum gravity");
    expect(await page.getByTestId("section-config").count()).toBe(1);
    await saveScreenshot(page, "session");
    expect(await page.evaluate(() => (globalThis as any).location.hash as string)).toMatch(/\?event=/);
    await rows.filter({ hasText: "retrieve" }).click();
    await eventually(() => page.getByTestId("detail-name").textContent()).toBe("retrieve");
    expect(await page.getByTestId("section-metadata").textContent()).toContain("candidates");
    expect(await page.getByTestId("detail-error").count()).toBe(0);
    await rows.filter({ hasText: "answer_question" }).getByTestId("wf-toggle").click();
    await eventually(() => rows.count()).toBe(2);
    expectClean(tab.watched);
  });

  it("shows a run's aggregates, datapoint table with pass/fail, and switches the aggregation", async () => {
    const summary = (await call(server, "GET", `/v1/runs/${candidate.runId}/result`)).body;
    const { page } = await open(`/runs/${candidate.runId}`);
    await eventually(() => page.getByTestId("dp-row").count()).toBe(12);
    expect(await page.getByTestId("page-title").textContent()).toBe("qa-candidate");
    expect(await page.getByTestId("run-passed").textContent()).toBe(`${summary.passed.length} passed`);
    expect(await page.getByTestId("run-failed").textContent()).toBe(`${summary.failed.length} failed`);
    expect(summary.failed.length).toBeGreaterThan(0);
    const titles = await page.locator("[data-testid=aggregate-card] .card-title").allTextContents();
    expect(titles).toEqual(expect.arrayContaining(["exact_match", "overlap", "context_docs"]));
    const exact = page.getByTestId("aggregate-card").filter({ hasText: "exact_match" }).getByTestId("aggregate-value");
    const average = Number(await exact.textContent());
    expect(average).toBeGreaterThan(0);
    expect(average).toBeLessThan(1);
    await saveScreenshot(page, "run");
    await page.getByTestId("aggregate-select").selectOption("max");
    await eventually(() => exact.textContent()).toBe("1");
    const headers = await page.locator("[data-testid=datapoints-table] th").allTextContents();
    expect(headers).toEqual(expect.arrayContaining(["Inputs", "Outputs", "Ground truth", "exact_match", "overlap", "Result", "Duration", "Session"]));
    expect(await page.getByTestId("dp-error").count()).toBe(FAILING);
    expect(await page.getByTestId("dp-ground-truth").first().textContent()).toContain("answer");
    await page.getByTestId("seg-failed").click();
    await eventually(() => page.getByTestId("dp-row").count()).toBe(summary.failed.length);
    await page.getByTestId("seg-all").click();
    await eventually(() => page.getByTestId("dp-row").count()).toBe(12);
    await page.getByTestId("dp-session-link").first().click();
    await eventually(() => page.getByTestId("wf-row").count()).toBeGreaterThan(1);
    expectClean(tab.watched);
  });

  it("lists runs and compares two runs: metric deltas and per-datapoint verdicts paired by datapoint id", async () => {
    const { page } = await open("/runs");
    await eventually(() => page.getByTestId("run-row").count()).toBe(2);
    expect(await page.getByTestId("run-link").allTextContents()).toEqual(["qa-candidate", "qa-baseline"]);
    await saveScreenshot(page, "runs");
    await page.getByTestId("run-link").first().click();
    await eventually(() => page.locator("[data-testid=compare-select] option").count()).toBe(1);
    await page.getByTestId("compare-go").click();
    await eventually(() => page.getByTestId("cmp-row").count()).toBe(12);
    const agg = (await call(server, "GET", `/v1/runs/${candidate.runId}/compare-with/${baseline.runId}`)).body;
    const overlap = agg.metrics.find((m: any) => m.metric_name === "overlap");
    expect(overlap.improved_count).toBeGreaterThan(0);
    expect(overlap.degraded_count).toBeGreaterThan(0);
    const row = page.getByTestId("delta-row").filter({ hasText: "overlap" });
    expect(await row.locator("td").nth(6).textContent()).toBe(String(overlap.improved_count));
    expect(await row.locator("td").nth(7).textContent()).toBe(String(overlap.degraded_count));
    expect(await page.getByTestId("common-count").textContent()).toBe("Common datapoints 12");
    const verdicts = await page.getByTestId("cmp-row").evaluateAll((els) => els.map((e) => e.getAttribute("data-verdict")));
    expect(verdicts.filter((v) => v === "improved").length).toBe(overlap.improved_count);
    expect(verdicts.filter((v) => v === "degraded").length).toBe(overlap.degraded_count);
    const changedRows = await page.getByTestId("cmp-row").evaluateAll((els) => els.filter((e) => e.getAttribute("data-changed") === "true").length);
    expect(changedRows).toBeGreaterThan(0);
    const capital = page.getByTestId("cmp-row").filter({ hasText: '"capital France"' });
    expect(await capital.getAttribute("data-changed")).toBe("true");
    await capital.getByTestId("cmp-expand").click();
    const panel = page.getByTestId("cmp-panel");
    await eventually(() => panel.count()).toBe(1);
    expect(await panel.getByTestId("diff-old").textContent()).toBe("Paris is the capital of France. (source: corpus)");
    expect(await panel.getByTestId("diff-new").textContent()).toBe("Paris is the capital of France.");
    expect(await panel.locator("[data-testid=diff-old] .diff-del").allTextContents()).toEqual([" (source: corpus)"]);
    expect(await panel.locator("[data-testid=diff-new] .diff-add").count()).toBe(0);
    expect(await panel.getByTestId("cmp-ground-truth").textContent()).toContain("Paris is the capital of France.");
    expect(await panel.getByTestId("metric-moves").textContent()).toMatch(/overlap.*→/);
    await saveScreenshot(page, "compare");
    await page.getByTestId("seg-changed").click();
    await eventually(() => page.getByTestId("cmp-row").count()).toBe(changedRows);
    expect(await page.getByTestId("cmp-changed").count()).toBe(changedRows);
    await eventually(() => page.getByTestId("cmp-panel").count()).toBe(1); // the open row stays open
    await page.getByTestId("open-new-trace").click();
    await eventually(() => page.getByTestId("wf-row").count()).toBeGreaterThan(1);
    await page.goBack();
    await eventually(() => page.getByTestId("cmp-row").count()).toBe(changedRows);
    await page.getByTestId("seg-degraded").click();
    await eventually(() => page.getByTestId("cmp-row").count()).toBe(overlap.degraded_count);
    expect(await page.getByTestId("new-run").textContent()).toBe("qa-candidate");
    expectClean(tab.watched);
  });

  it("shows new sessions and new events live, without a reload", async () => {
    const { page } = await open("/sessions?name=live-");
    await eventually(() => page.getByTestId("empty").count()).toBe(1);
    await page.evaluate(() => ((globalThis as any).__sameDocument = true));
    const live = await runExperiment(server.url, KEY, "live-run", /never/);
    await eventually(() => page.getByTestId("session-row").count(), 60_000).toBe(12);
    await page.getByTestId("session-link").first().click();
    await eventually(() => page.getByTestId("wf-row").count()).toBeGreaterThan(1);
    const before = await page.getByTestId("wf-row").count();
    const shown = await page.evaluate(() => (globalThis as any).location.hash as string);
    const id = shown.split("/")[2]!.split("?")[0]!;
    await sendSpans(server, [{ traceId: hexId(16), spanId: hexId(8), name: "late-span", startMs: Date.now(), endMs: Date.now() + 5, attributes: sessionAttrs(id, "tool") }]);
    await eventually(() => page.getByTestId("wf-row").count(), 30_000).toBe(before + 1);
    expect(await page.getByTestId("wf-row").filter({ hasText: "late-span" }).count()).toBe(1);
    expect(await page.evaluate(() => (globalThis as any).__sameDocument)).toBe(true);
    expect(live.sessionIds).toContain(id);
    expectClean(tab.watched);
  }, 90_000); // live polling backs off while the server is slow (four times its last answer time): a loaded CI machine needs longer than 10 s

  it("fills a running run's page live as datapoints arrive", async () => {
    const runId = randomUUID();
    await call(server, "POST", "/v1/runs", { run_id: runId, name: "arriving", status: "running", event_ids: [] });
    const { page } = await open(`/runs/${runId}`);
    await eventually(() => page.getByTestId("run-datapoints").textContent()).toBe("Datapoints 0");
    await page.evaluate(() => ((globalThis as any).__sameDocument = true));
    const sessions = [randomUUID(), randomUUID(), randomUUID()];
    await call(server, "POST", "/events/batch", {
      events: sessions.map((session_id, i) => ({
        event_type: "session", session_id, event_name: "arriving", inputs: { i }, metadata: { run_id: runId, datapoint_id: `dp-${i}` }, metrics: { score: i },
      })),
    });
    await eventually(() => page.getByTestId("dp-row").count()).toBe(3);
    await call(server, "PUT", `/v1/runs/${runId}`, { status: "completed", event_ids: sessions });
    await eventually(() => page.locator(".page-header .status").textContent()).toBe("completed");
    expect(await page.evaluate(() => (globalThis as any).__sameDocument)).toBe(true);
    expectClean(tab.watched);
  });

  it("asks for the API key when none is stored, then opens the page that was asked for", async () => {
    const { page } = await tab.open(server);
    await page.goto(`${server.url}/#/runs/${candidate.runId}`);
    await eventually(() => page.getByTestId("key-input").count()).toBe(1);
    await page.getByTestId("key-input").fill(KEY);
    await page.getByTestId("key-save").click();
    await eventually(() => page.getByTestId("page-title").textContent()).toBe("qa-candidate");
    // The project name comes from its own request (/viewer/whoami), which may finish after the page: poll it.
    await eventually(() => page.getByTestId("project").textContent()).toBe("project: Local project");
    expectClean(tab.watched);
  });

  it("saved a screenshot of every page", () => {
    for (const name of ["sessions", "session", "run", "runs", "compare"]) {
      expect(existsSync(new URL(`../../test-artifacts/viewer/${name}.png`, import.meta.url))).toBe(true);
    }
  });
});
