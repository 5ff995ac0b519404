// The viewer's empty pages point out a key whose project is empty while other keys' projects on the server hold
// data (Chromium via playwright-core, the real dev server): the note says to check HH_API_KEY and names no other
// project; a key with data of its own, or a server where no key has data, gets no note.
import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { closeBrowserTest, eventually, launchBrowser, openPage, saveScreenshot, viewerRoute, type WatchedPage } from "./helpers/browser";
import { hexId, sendSpans, sessionAttrs } from "./helpers/seed";
import { call, KEY, startViewerServer } from "./helpers/viewer-server";

const EMPTY_KEY = "hh_viewer_empty_project_key";
let server: DevServer;
let browser: Browser;
let watched: WatchedPage | undefined;

beforeAll(async () => {
  server = await startViewerServer();
  browser = await launchBrowser();
}, 120_000);
afterAll(() => closeBrowserTest(watched, browser, server));

async function open(route: string, key: string): Promise<WatchedPage> {
  await watched?.page.context().close();
  watched = await openPage(browser, server.url);
  await watched.page.goto(viewerRoute(server.url, route, key));
  await eventually(() => watched!.page.getByTestId("empty").count()).toBe(1);
  return watched;
}

describe("viewer: the empty-project note", () => {
  it("shows no note while no key has data", async () => {
    const { page } = await open("/sessions", EMPTY_KEY);
    await eventually(() => page.locator('[data-testid="empty-project-slot"][data-checked="true"]').count()).toBe(1); // whoami answered
    expect(await page.getByTestId("empty-project-note").count()).toBe(0);
  });

  it("points out the empty project on the empty pages once another key holds data, naming no project", async () => {
    const start = Date.now() - 10_000;
    await sendSpans(server, [{ traceId: hexId(16), spanId: hexId(8), name: "secret-project-work", startMs: start, endMs: start + 5, attributes: sessionAttrs(randomUUID(), "chain") }]);
    expect((await call(server, "GET", "/viewer/whoami", undefined, { key: EMPTY_KEY })).body).toMatchObject({ has_data: false, other_keys_have_data: true });
    for (const route of ["/sessions", "/runs", "/datasets", "/queues"]) {
      const { page } = await open(route, EMPTY_KEY);
      const note = page.getByTestId("empty-project-note");
      await eventually(() => note.count()).toBe(1);
      const text = (await note.textContent()) ?? "";
      expect(text).toContain("This key's project is empty; other API keys on this server have data");
      expect(text).toContain("check HH_API_KEY");
      expect(text).not.toMatch(/secret-project|viewer_test|hh_/);
      if (route === "/sessions") await saveScreenshot(page, "empty-project-note");
      expect(watched!.errors).toEqual([]);
    }
  });

  it("shows no note to the key that holds the data, even on its empty pages", async () => {
    const { page } = await open("/datasets", KEY);
    await eventually(() => page.locator('[data-testid="empty-project-slot"][data-checked="true"]').count()).toBe(1);
    expect(await page.getByTestId("empty-project-note").count()).toBe(0);
  });
});
