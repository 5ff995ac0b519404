import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { eventually, launchBrowser, openPage, viewerRoute, type WatchedPage } from "./helpers/browser";
import { call, KEY, startViewerServer } from "./helpers/viewer-server";

/**
 * Finding things: the sessions search and filters (server-side, state in the URL) and the runs filters,
 * over the API and in Chromium.
 */
let server: DevServer;
let browser: Browser;
let watched: WatchedPage | undefined;
const HOUR = 3_600_000;
const now = Date.now();
const ids = { refund: randomUUID(), greeting: randomUUID(), batch: randomUUID() };

interface Seed {
  id: string; name: string; source: string; inputs: object; outputs: object; metadata: object; start: number;
  child: { type: string; name: string; error?: string };
}
const SEEDS: Seed[] = [
  { id: ids.refund, name: "support-chat", source: "prod", inputs: { q: "refund for order 42" }, outputs: { a: "refund issued" }, metadata: { customer: "acme", tier: { level: "gold" } }, start: now - 3 * HOUR, child: { type: "model", name: "llm" } },
  { id: ids.greeting, name: "support-chat", source: "staging", inputs: { q: "hello" }, outputs: { a: "hi there" }, metadata: { customer: "globex" }, start: now - 2 * HOUR, child: { type: "tool", name: "search", error: "upstream timeout" } },
  { id: ids.batch, name: "batch-job", source: "prod", inputs: { file: "x.csv" }, outputs: { rows: 10 }, metadata: {}, start: now - 30 * 24 * HOUR, child: { type: "chain", name: "load" } },
];

beforeAll(async () => {
  server = await startViewerServer();
  const events = SEEDS.flatMap((s) => [
    { event_type: "session", session_id: s.id, event_id: s.id, event_name: s.name, source: s.source, inputs: s.inputs, outputs: s.outputs, metadata: s.metadata, start_time: s.start, end_time: s.start + 100 },
    { event_type: s.child.type, session_id: s.id, parent_id: s.id, event_name: s.child.name, source: s.source, inputs: {}, start_time: s.start + 10, end_time: s.start + 50, ...(s.child.error ? { error: s.child.error } : {}) },
  ]);
  await call(server, "POST", "/events/batch", { events });
  for (const name of ["nightly-a", "nightly-b", "adhoc"]) await call(server, "POST", "/v1/runs", { run_id: randomUUID(), name, status: "completed", event_ids: [] });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function sessionsFor(query: string): Promise<string[]> {
  const { body } = await call(server, "GET", `/viewer/sessions?${query}`);
  return body.sessions.map((s: { session_id: string }) => s.session_id).sort();
}

async function open(route: string): Promise<WatchedPage> {
  await watched?.page.context().close();
  watched = await openPage(browser, server.url);
  await watched.page.goto(viewerRoute(server.url, route, KEY));
  return watched;
}

const localInput = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
};

describe("GET /viewer/sessions search and filters", () => {
  it("searches name, inputs, outputs and the errors of a session's events", async () => {
    expect(await sessionsFor("q=REFUND")).toEqual([ids.refund]);
    expect(await sessionsFor("q=hi%20there")).toEqual([ids.greeting]);
    expect(await sessionsFor("q=timeout")).toEqual([ids.greeting]);
    expect(await sessionsFor("q=batch")).toEqual([ids.batch]);
    expect(await sessionsFor("q=nothing-like-this")).toEqual([]);
  });

  it("filters by source, contained event type, errors, metadata key=value and time, all combined", async () => {
    expect(await sessionsFor("source=staging")).toEqual([ids.greeting]);
    expect(await sessionsFor("event_type=tool")).toEqual([ids.greeting]);
    expect(await sessionsFor("event_type=model")).toEqual([ids.refund]);
    expect(await sessionsFor("errors=1")).toEqual([ids.greeting]);
    expect(await sessionsFor("metadata=customer%3Dacme")).toEqual([ids.refund]);
    expect(await sessionsFor("metadata=tier.level%3Dgold")).toEqual([ids.refund]);
    expect(await sessionsFor(`from=${now - 24 * HOUR}`)).toEqual([ids.refund, ids.greeting].sort());
    expect(await sessionsFor(`from=${new Date(now - 40 * 24 * HOUR).toISOString()}&to=${now - 24 * HOUR}`)).toEqual([ids.batch]);
    expect(await sessionsFor("source=prod&q=refund&event_type=model&metadata=customer%3Dacme")).toEqual([ids.refund]);
    expect(await sessionsFor("source=prod&errors=1")).toEqual([]);
  });

  it("rejects malformed filters with 400", async () => {
    for (const q of ["metadata=novalue", "from=yesterday", `q=${"x".repeat(600)}`]) {
      expect((await call(server, "GET", `/viewer/sessions?${q}`, undefined, { allowError: true })).status).toBe(400);
    }
  });
});

describe("sessions page", () => {
  it("filters from the controls, keeps the state in the URL, and restores it from a shared link", async () => {
    const { page } = await open("/sessions");
    const rows = page.getByTestId("session-row");
    await eventually(() => rows.count()).toBe(3);
    await page.getByTestId("filter-q").fill("refund");
    await eventually(() => rows.count()).toBe(1);
    await eventually(() => page.evaluate(() => (globalThis as any).location.hash as string)).toContain("q=refund");
    await page.getByTestId("filter-q").fill("");
    await page.getByTestId("filter-errors").check();
    await eventually(() => page.getByTestId("session-link").allTextContents()).toEqual(["support-chat"]);
    await page.getByTestId("filter-errors").uncheck();
    await page.getByTestId("filter-event_type").selectOption("chain");
    await eventually(() => rows.count()).toBe(1);
    await page.getByTestId("filter-event_type").selectOption("");
    await page.getByTestId("filter-from").fill(localInput(now - 24 * HOUR));
    await eventually(() => rows.count()).toBe(2);
    await page.getByTestId("filter-metadata").fill("customer=globex");
    await eventually(() => rows.count()).toBe(1);
    const shared = await page.evaluate(() => (globalThis as any).location.href as string);
    expect(shared).toContain("metadata=customer%3Dglobex");

    const other = await open("/sessions");
    await other.page.goto(shared);
    await eventually(() => other.page.getByTestId("session-row").count()).toBe(1);
    expect(await other.page.getByTestId("filter-metadata").inputValue()).toBe("customer=globex");
    expect(await other.page.getByTestId("filter-from").inputValue()).toBe(localInput(now - 24 * HOUR));
    await other.page.getByTestId("filter-source").fill("prod");
    await eventually(() => other.page.getByTestId("empty").count()).toBe(1);
    expect(other.errors).toEqual([]);
  });
});

describe("runs page", () => {
  it("filters runs by name and creation date, in the URL", async () => {
    const { page } = await open("/runs");
    const rows = page.getByTestId("run-row");
    await eventually(() => rows.count()).toBe(3);
    await page.getByTestId("runs-filter-name").fill("NIGHTLY");
    await eventually(() => page.getByTestId("run-link").allTextContents()).toEqual(["nightly-b", "nightly-a"]);
    expect(await page.evaluate(() => (globalThis as any).location.hash as string)).toContain("name=NIGHTLY");
    const d = new Date(now + 2 * 24 * HOUR);
    const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
    await page.getByTestId("runs-filter-from").fill(day);
    await eventually(() => page.getByTestId("empty").textContent()).toContain("No runs match");
    await page.getByTestId("runs-filter-from").fill("");
    await page.getByTestId("runs-filter-to").fill(day);
    await eventually(() => rows.count()).toBe(2);
    expect(watched!.errors).toEqual([]);
  });
});
