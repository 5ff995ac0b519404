import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { eventually, launchBrowser, openPage, type WatchedPage } from "./helpers/browser";
import { PUBLIC_LOCAL_KEY } from "../../packages/core/src/links/viewer-url";
import { call, startViewerServer } from "./helpers/viewer-server";
import { randomUUID } from "node:crypto";
import { formatIso } from "../../packages/dev-server/src/viewer/client/format";

/**
 * The link evaluate() (and so `honeyhive eval`) prints for a run on a local server opens the run in a fresh browser
 * with no login step (with the dev server's public key `local`; a secret key is never put in a link), and the run page shows the datapoints a cancelled run never started as "not run".
 * A run its client never completed is shown as "stalled" (the server's clock is moved past the threshold), its
 * datapoints without a session as "not stored".
 */
let server: DevServer;
let browser: Browser;
let watched: WatchedPage | undefined;
let result: EvaluationResult;
/** Added to the server's clock. */
let skew = 0;

beforeAll(async () => {
  server = await startViewerServer(undefined, { clock: () => Date.now() + skew });
  const controller = new AbortController();
  result = await evaluate<{ i: number }, unknown, number>({
    name: "link", apiKey: PUBLIC_LOCAL_KEY, serverUrl: server.url, maxConcurrency: 1, signal: controller.signal, progress: false,
    dataset: Array.from({ length: 5 }, (_, i) => ({ inputs: { i } })),
    function: (inputs) => {
      if (inputs.i === 1) controller.abort();
      return inputs.i;
    },
    evaluators: [function ok() { return true; }],
  });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await watched?.page.context().close();
  await browser?.close();
  await server?.close();
});

describe("a printed run link", () => {
  it("opens the run page without asking for the key, with the not-run count", async () => {
    expect(result.verdict.notRun).toBeGreaterThan(0);
    expect(result.runUrl).toContain(`?key=${PUBLIC_LOCAL_KEY}`);
    watched = await openPage(browser, server.url);
    await watched.page.goto(result.runUrl!);
    await eventually(async () => (await watched!.page.locator('[data-testid="run-not-run"]').count()) > 0).toBe(true);
    expect(await watched.page.locator('[data-testid="run-not-run"]').textContent()).toBe(`${result.verdict.notRun} not run`);
    expect(await watched.page.locator('[data-testid="key-input"]').count()).toBe(0);
    expect(watched.page.url()).not.toContain("key="); // moved into storage, out of the address bar
    expect(watched.errors).toEqual([]);
  }, 60_000);

  it("shows a run its client never completed as stalled, since its last write, with its missing datapoints not stored", async () => {
    const runId = randomUUID();
    const key = { key: PUBLIC_LOCAL_KEY };
    await call(server, "POST", "/v1/runs", { run_id: runId, name: "cut-off", status: "pending", datapoint_ids: ["a", "b", "c"] }, key);
    const lastWrite = Date.now() + 1; // after the run's own write
    await call(server, "POST", "/events/batch", {
      events: [{ event_type: "session", session_id: randomUUID(), event_name: "qa", source: "evaluation", metadata: { run_id: runId, datapoint_id: "a" }, start_time: lastWrite, end_time: lastWrite }],
    }, key);
    skew = 11 * 60_000;
    const page = (await openPage(browser, server.url)).page;
    try {
      await page.goto(`${server.url}/#/runs?key=${PUBLIC_LOCAL_KEY}`);
      const row = page.locator('[data-testid="run-row"]', { hasText: "cut-off" });
      await eventually(async () => (await row.locator('[data-testid="run-stalled"]').count()) > 0).toBe(true);
      expect(await row.locator('[data-testid="run-stalled"]').textContent()).toBe("stalled");
      const note = await row.locator('[data-testid="run-stalled-note"]').textContent();
      expect(note).toBe(`never completed by its client; no write since ${formatIso(new Date(lastWrite).toISOString())}`);
      expect(await row.locator('[data-testid="run-verdict-not-run"]').textContent()).toBe(" · 2 not stored");
      const cancelled = page.locator('[data-testid="run-row"]', { hasText: "link" });
      expect(await cancelled.locator('[data-testid="run-stalled"]').count()).toBe(0);
      expect(await cancelled.locator('[data-testid="run-verdict-not-run"]').textContent()).toBe(` · ${result.verdict.notRun} not run`);
      await row.locator('[data-testid="run-link"]').click();
      await eventually(async () => (await page.locator('[data-testid="run-not-run"]').count()) > 0).toBe(true);
      expect(await page.locator('[data-testid="run-not-run"]').textContent()).toBe("2 not stored");
      expect(await page.locator('.page-header [data-testid="run-stalled"]').textContent()).toBe("stalled");
      expect(await page.locator('.page-header [data-testid="run-stalled-note"]').textContent()).toBe(note);
    } finally {
      await page.context().close();
    }
  }, 60_000);

  it("shows a run its client recorded incomplete (session starts lost) beside its status", async () => {
    const runId = randomUUID();
    const key = { key: PUBLIC_LOCAL_KEY };
    await call(server, "POST", "/v1/runs", { run_id: runId, name: "half-stored", status: "pending", datapoint_ids: [] }, key);
    await call(server, "PUT", `/v1/runs/${runId}`, { status: "completed", metadata: { honeyhive_incomplete: { session_starts_lost: 60, session_updates_lost: 1 } } }, key);
    const page = (await openPage(browser, server.url)).page;
    try {
      await page.goto(`${server.url}/#/runs/${runId}?key=${PUBLIC_LOCAL_KEY}`);
      const note = page.locator('.page-header [data-testid="run-incomplete-note"]');
      await eventually(async () => (await note.count()) > 0).toBe(true);
      expect(await note.textContent()).toBe("incomplete: 60 session starts and 1 session update of its datapoints lost");
    } finally {
      await page.context().close();
    }
  }, 60_000);
});
