import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { eventually, launchBrowser, openPage, type WatchedPage } from "./helpers/browser";
import { PUBLIC_LOCAL_KEY } from "../../packages/core/src/links/viewer-url";
import { startViewerServer } from "./helpers/viewer-server";

/**
 * The link evaluate() (and so `honeyhive eval`) prints for a run on a local server opens the run in a fresh browser
 * with no login step (with the dev server's public key `local`; a secret key is never put in a link), and the run page shows the datapoints a cancelled run never started as "not run".
 */
let server: DevServer;
let browser: Browser;
let watched: WatchedPage | undefined;
let result: EvaluationResult;

beforeAll(async () => {
  server = await startViewerServer();
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
});
