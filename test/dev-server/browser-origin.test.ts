/**
 * A real browser (headless Chromium) shows that web pages on other origins cannot read the dev server's data:
 * a page on another loopback origin gets no readable answer, and a DNS-rebinding page (a foreign name that
 * resolves to 127.0.0.1, simulated with Chromium's host resolver rules) gets 403 for everything.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { findChromium } from "../helpers/find-chromium";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, startServer } from "./helpers";

const SECRET = "secret-session-name-7f3a";
let dev: DevServer;
let other: Server;
let otherPort: number;
let browser: Browser;

beforeAll(async () => {
  dev = await startServer();
  const started = await client(dev).call("POST", "/session/start", { session: { session_name: SECRET } });
  expect(started.status).toBe(200);
  other = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<!doctype html><title>other site</title><p>hello</p>");
  });
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  otherPort = (other.address() as AddressInfo).port;
  browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--host-resolver-rules=MAP evil.example 127.0.0.1"],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => other?.close(resolve));
  await dev?.close();
});

/** Runs every read attempt a hostile page could make; returns what the page could see. */
async function attempts(pageUrl: string, target: string): Promise<{ status: number; outcomes: string[] }> {
  const page = await browser.newPage();
  try {
    const response = await page.goto(pageUrl);
    const outcomes = await page.evaluate(async (base: string) => {
      const results: string[] = [];
      const tries: [string, RequestInit][] = [
        [`${base}/v1/events`, { headers: { authorization: "Bearer local" } }],
        [`${base}/v1/events`, {}],
        [`${base}/v1/events`, { mode: "no-cors" }],
        [`${base}/viewer/sessions`, { headers: { authorization: "Bearer local" } }],
        [`${base}/session/start`, { method: "POST", headers: { "content-type": "text/plain" }, body: "{}", mode: "no-cors" }],
      ];
      for (const [url, init] of tries) {
        try {
          const res = await fetch(url, init);
          results.push(`${res.type} ${res.status} ${await res.text()}`);
        } catch (error) {
          results.push(`blocked ${(error as Error).name}`);
        }
      }
      return results;
    }, target);
    return { status: response?.status() ?? 0, outcomes };
  } finally {
    await page.close();
  }
}

describe("the dev server in a browser, against other websites", () => {
  it("a page on another origin cannot read stored data (blocked or opaque)", async () => {
    const { outcomes } = await attempts(`http://localhost:${otherPort}/`, dev.url);
    expect(outcomes).toHaveLength(5);
    for (const outcome of outcomes) {
      expect(outcome).toMatch(/^(blocked TypeError|opaque 0 )$/);
      expect(outcome).not.toContain(SECRET);
    }
    // the data is there for a legitimate client
    expect(JSON.stringify((await client(dev).call("GET", "/v1/events")).body)).toContain(SECRET);
  }, 60_000);

  it("a DNS-rebinding page (foreign Host resolving to 127.0.0.1) gets 403 for the page and every read", async () => {
    const { status, outcomes } = await attempts(`http://evil.example:${dev.port}/`, `http://evil.example:${dev.port}`);
    expect(status).toBe(403);
    expect(outcomes).toHaveLength(5);
    for (const outcome of outcomes) {
      expect(outcome).toMatch(/^(basic 403 .*Host or Origin.*|opaque 0 )$/);
      expect(outcome).not.toContain(SECRET);
    }
    expect(outcomes[0]).toMatch(/^basic 403/);
  }, 60_000);

  it("the viewer's own origin still works", async () => {
    const page = await browser.newPage();
    try {
      const response = await page.goto(`${dev.url}/`);
      expect(response?.status()).toBe(200);
      const text = await page.evaluate(async () => (await fetch("/v1/events", { headers: { authorization: "Bearer local" } })).text());
      expect(text).toContain(SECRET);
    } finally {
      await page.close();
    }
  }, 60_000);
});
