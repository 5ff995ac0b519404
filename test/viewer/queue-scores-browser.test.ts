// A review-queue item takes the scores feedback() accepts, in real Chromium against the real dev server: a number, a
// category and yes / no, each with a comment. What the viewer stores, read back from the API, is exactly what the
// SDK's feedback() stores on another event for the same scores (same idempotency keys); a name feedback() refuses is
// refused on the page and nothing is written. Screenshots at 1,400 and 800 px (no page-wide horizontal scroll).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer, createApiClient, feedback } from "../../packages/honeyhive/src/index";
import { eventually, saveScreenshot } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { call, feedbackOf, KEY, startViewerServer } from "./helpers/viewer-server";

let server: DevServer;
const tab = new ViewerTab();
const [reviewed, bySdk] = [randomUUID(), randomUUID()];
let queueId = "";

const SCORES = [
  { name: "rating", kind: "number", value: "4", stored: 4, comment: "mostly right" },
  { name: "relevance", kind: "category", value: "partly relevant", stored: "partly relevant", comment: "" },
  { name: "correct", kind: "boolean", value: "false", stored: false, comment: "cites the old refund policy" },
] as const;

beforeAll(async () => {
  server = await startViewerServer();
  await call(server, "POST", "/events/batch", { events: [reviewed, bySdk].map((id, i) => ({
    event_type: "session", session_id: id, event_id: id, event_name: "support-chat", source: "production",
    inputs: { question: `Can I return shoes after ${30 + i} days?` }, outputs: { answer: "Yes, within 60 days." },
  })) });
  const api = createApiClient({ apiKey: KEY, serverUrl: server.url });
  const created = await api.queues.create({ name: "Refund answers", description: "answers about refunds" });
  if (!created.ok) throw new Error(created.error);
  queueId = created.data.queue.id;
  const added = await api.queues.addEvents(queueId, [reviewed]);
  if (!added.ok) throw new Error(added.error);
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await server?.close();
});


async function score(page: Page, s: (typeof SCORES)[number]): Promise<void> {
  await page.getByTestId("review-comment-input").fill(s.comment);
  await page.getByTestId("score-name").fill(s.name);
  await page.getByTestId("score-kind").selectOption(s.kind);
  if (s.kind === "boolean") await page.getByTestId("score-yes-no").selectOption(s.value);
  else await page.getByTestId("score-value").fill(s.value);
  await page.getByTestId("review-status").evaluate((el) => { el.textContent = ""; });
  await page.getByTestId("score-save").click();
  await eventually(() => page.getByTestId("review-status").textContent()).toBe("Saved");
}

describe("scoring a queue item", () => {
  it("records a number, a category and yes / no with comments, stored exactly as feedback() stores them", async () => {
    const { page } = await tab.open(server, `/queues/${queueId}`);
    await page.setViewportSize({ width: 1400, height: 900 });
    await eventually(() => page.getByTestId("review-position").textContent()).toBe("1 of 1");
    for (const s of SCORES) await score(page, s);
    await eventually(() => page.getByTestId("review-feedback-item").count()).toBe(3);
    expect(await page.getByTestId("review-feedback-item").allTextContents()).toEqual(["rating 4 “mostly right”", "relevance partly relevant", "correct no “cites the old refund policy”"]);

    const viewerStored = await feedbackOf(server, reviewed);
    expect(viewerStored).toMatchObject({ rating: 4, relevance: "partly relevant", correct: false });
    const tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl: server.url, sessionName: "feedback-oracle", logSink: () => undefined });
    for (const s of SCORES) {
      const fields = { name: s.name, value: s.stored, ...(s.comment ? { comment: s.comment } : {}) };
      expect(await feedback(bySdk, fields, { tracer, idempotencyKey: `viewer:${reviewed}:${s.name}` })).toBe(true);
    }
    await tracer.shutdown();
    expect(viewerStored).toEqual(await feedbackOf(server, bySdk));

    await saveScreenshot(page, "queue-scores-1400");
    await page.setViewportSize({ width: 800, height: 900 });
    const [scrollWidth, innerWidth] = await page.evaluate(() => [(globalThis as any).document.documentElement.scrollWidth as number, (globalThis as any).innerWidth as number]);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await saveScreenshot(page, "queue-scores-800");
    expect(tab.watched.errors).toEqual([]);
  });

  it("refuses a score feedback() would refuse, and writes nothing", async () => {
    const { page } = await tab.open(server, `/queues/${queueId}`);
    await eventually(() => page.getByTestId("review-position").textContent()).toBe("1 of 1");
    const before = await feedbackOf(server, reviewed);
    await page.getByTestId("score-name").fill("rating_comment");
    await page.getByTestId("score-value").fill("5");
    await page.getByTestId("score-save").click();
    await eventually(() => page.getByTestId("review-status").textContent()).toBe("Not saved: name must not end with _comment or _meta");
    expect(await feedbackOf(server, reviewed)).toEqual(before);
    await page.getByTestId("score-name").fill("rating");
    await page.getByTestId("score-kind").selectOption("category");
    await page.getByTestId("score-value").fill("x".repeat(300));
    await page.getByTestId("score-save").click();
    // the input caps the text at 256 characters, the longest string value feedback() takes: stored as typed up to it
    await eventually(() => page.getByTestId("review-status").textContent()).toBe("Saved");
    expect((await feedbackOf(server, reviewed)).rating).toBe("x".repeat(256));
    expect(tab.watched.errors).toEqual([]);
  });
});
