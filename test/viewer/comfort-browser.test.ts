import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { eventually, launchBrowser, openPage, saveScreenshot, viewerRoute, type PageOptions, type WatchedPage } from "./helpers/browser";
import { DATASET, runExperiment } from "./helpers/experiment";
import { KEY, startViewerServer } from "./helpers/viewer-server";

/** Comfort: dark mode (system and toggle), keyboard navigation, and narrow windows. */
let server: DevServer;
let browser: Browser;
let watched: WatchedPage | undefined;
let oldRun: EvaluationResult;
let newRun: EvaluationResult;

beforeAll(async () => {
  server = await startViewerServer();
  oldRun = await runExperiment(server.url, KEY, "qa-baseline", /river|capital/);
  newRun = await runExperiment(server.url, KEY, "qa-candidate", /boil/);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(route: string, options: PageOptions = {}): Promise<WatchedPage> {
  await watched?.page.context().close();
  watched = await openPage(browser, server.url, options);
  await watched.page.goto(viewerRoute(server.url, route, KEY));
  return watched;
}

const background = (w: WatchedPage) => w.page.evaluate(() => (globalThis as any).getComputedStyle((globalThis as any).document.body).backgroundColor as string);
const theme = (w: WatchedPage) => w.page.evaluate(() => (globalThis as any).document.documentElement.dataset.theme as string);

describe("dark mode", () => {
  it("follows the system, and a toggle overrides it and is remembered", async () => {
    const w = await open("/sessions", { colorScheme: "dark" });
    await eventually(() => w.page.getByTestId("session-row").count()).toBe(24);
    expect(await theme(w)).toBe("dark");
    expect(await background(w)).toBe("rgb(18, 21, 28)");
    await w.page.getByTestId("theme-toggle").click(); // system -> dark (explicit)
    await w.page.getByTestId("theme-toggle").click(); // dark -> light
    expect(await theme(w)).toBe("light");
    expect(await background(w)).toBe("rgb(246, 247, 249)");
    await w.page.reload();
    await eventually(() => theme(w)).toBe("light");
    expect(await w.page.getByTestId("theme-toggle").textContent()).toContain("light");
    await w.page.getByTestId("theme-toggle").click(); // light -> system (dark here)
    expect(await theme(w)).toBe("dark");
    const light = await open("/sessions", { colorScheme: "light" });
    expect(await theme(light)).toBe("light");
    expect(light.errors).toEqual([]);
  });

  it("renders the comparison with its diff in dark", async () => {
    const w = await open(`/runs/${newRun.runId}/compare/${oldRun.runId}`, { colorScheme: "dark" });
    await eventually(() => w.page.getByTestId("cmp-row").count()).toBe(12);
    await w.page.getByTestId("cmp-row").filter({ hasText: "capital France" }).getByTestId("cmp-expand").click();
    await eventually(() => w.page.getByTestId("cmp-panel").count()).toBe(1);
    await saveScreenshot(w.page, "dark-compare");
    expect(w.errors).toEqual([]);
  });
});

describe("keyboard", () => {
  it("/ searches, j/k move, Enter opens, Esc goes back", async () => {
    const w = await open("/sessions");
    const { page } = w;
    const rows = page.getByTestId("session-row");
    await eventually(() => rows.count()).toBe(24);
    await page.keyboard.press("/");
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.dataset.testid as string)).toBe("filter-q");
    await page.keyboard.type("quantum");
    await eventually(() => rows.count()).toBe(4);
    await page.keyboard.press("Escape");
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.tagName as string)).toBe("BODY");
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    await page.keyboard.press("j");
    const current = page.locator("tr.kbd-current");
    expect(await current.count()).toBe(1);
    expect(await rows.nth(1).getAttribute("class")).toContain("kbd-current");
    const label = await current.getByTestId("session-link").textContent();
    await page.keyboard.press("Enter");
    await eventually(() => page.getByTestId("wf-row").count()).toBe(4);
    expect(await page.getByTestId("page-title").textContent()).toContain(label!);
    expect(await page.getByTestId("detail-name").textContent()).toMatch(/^qa-/);
    await page.keyboard.press("j");
    await eventually(() => page.getByTestId("detail-name").textContent()).toBe("answer_question");
    await page.keyboard.press("j");
    await eventually(() => page.getByTestId("detail-name").textContent()).toBe("retrieve");
    await page.keyboard.press("k");
    await eventually(() => page.getByTestId("detail-name").textContent()).toBe("answer_question");
    // In the focused tree, left collapses the selected event's subtree (its two steps) and right expands it.
    await page.getByTestId("waterfall").focus();
    await page.keyboard.press("ArrowLeft");
    await eventually(() => page.getByTestId("wf-row").count()).toBe(2);
    await page.keyboard.press("ArrowLeft"); // already collapsed: stays so (the key is handled synchronously)
    expect(await page.getByTestId("wf-row").count()).toBe(2);
    await page.keyboard.press("ArrowRight");
    await eventually(() => page.getByTestId("wf-row").count()).toBe(4);
    await page.keyboard.press("Escape");
    await eventually(() => page.getByTestId("page-title").textContent()).toBe("Sessions");
    expect(await page.getByTestId("filter-q").inputValue()).toBe("");
    await page.goto(viewerRoute(server.url, `/runs/${newRun.runId}/compare/${oldRun.runId}`, KEY));
    await eventually(() => page.getByTestId("cmp-row").count()).toBe(12);
    await page.keyboard.press("j");
    await page.keyboard.press("Enter");
    await eventually(() => page.getByTestId("cmp-panel").count()).toBe(1);
    await page.keyboard.press("Escape");
    await eventually(() => page.getByTestId("page-title").textContent()).toBe("qa-candidate");
    expect(w.errors).toEqual([]);
  });
});

describe("narrow windows", () => {
  it("keeps every page usable at 800 px: no page-wide horizontal scroll, navigation reachable", async () => {
    for (const route of ["/sessions", `/runs/${newRun.runId}`, `/runs/${newRun.runId}/compare/${oldRun.runId}`, "/runs", "/datasets"]) {
      const w = await open(route, { width: 800, height: 900 });
      await eventually(() => w.page.locator("main h1, main .compare-heading a").count()).toBeGreaterThan(0);
      await eventually(() => w.page.locator("main .muted", { hasText: "Loading…" }).count()).toBe(0);
      const [scrollWidth, innerWidth] = await w.page.evaluate(() => [(globalThis as any).document.documentElement.scrollWidth as number, (globalThis as any).innerWidth as number]);
      expect(scrollWidth, route).toBeLessThanOrEqual(innerWidth);
      expect(await w.page.getByTestId("nav-datasets").isVisible()).toBe(true);
      if (route === `/runs/${newRun.runId}`) await saveScreenshot(w.page, "narrow-run");
      expect(w.errors).toEqual([]);
    }
    expect(DATASET.length).toBe(12);
  });
});
