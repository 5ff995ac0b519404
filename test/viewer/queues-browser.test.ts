// The review-queue page in Chromium against the real dev server: a queue made through the SDK's queues API lists on
// the Queues page; its sessions show one by one (next / previous); thumbs up / down with a comment record feedback on
// the event through the viewer's route, and a flip leaves one value. Screenshot: docs/screenshots/queue.png (with
// UPDATE_SCREENSHOTS=1).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { createApiClient } from "../../packages/honeyhive/src/index";
import { eventually, saveScreenshot } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { call, feedbackOf, KEY, startViewerServer } from "./helpers/viewer-server";

let server: DevServer;
const tab = new ViewerTab();
const sessions = [randomUUID(), randomUUID(), randomUUID()];
let queueId = "";

beforeAll(async () => {
  server = await startViewerServer();
  await call(server, "POST", "/events/batch", { events: sessions.map((id, i) => ({
    event_type: "session", session_id: id, event_id: id, event_name: "support-chat", source: "production",
    inputs: { question: `question ${i + 1}` }, outputs: { answer: `answer ${i + 1}` },
  })) });
  const api = createApiClient({ apiKey: KEY, serverUrl: server.url });
  const created = await api.queues.create({ name: "Low ratings", description: "sessions users rated down", filters: [{ field: "feedback.thumbs", operator: "is", value: false }] });
  if (!created.ok) throw new Error(created.error);
  queueId = created.data.queue.id;
  const added = await api.queues.addEvents(queueId, sessions);
  if (!added.ok) throw new Error(added.error);
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await server?.close();
});


describe("review queues page", () => {
  it("lists the queue, walks its sessions one by one and records thumbs with a comment", async () => {
    const { page } = await tab.open(server, "/sessions");
    await page.getByTestId("nav-queues").click();
    const rows = page.getByTestId("queue-row");
    await eventually(() => rows.count()).toBe(1);
    expect(await rows.getByTestId("queue-events").textContent()).toBe("3");
    await rows.getByTestId("queue-link").click();

    await eventually(() => page.getByTestId("review-position").textContent()).toBe("1 of 3");
    expect(await page.getByTestId("page-title").textContent()).toBe("Low ratings");
    expect(await page.getByTestId("review-inputs").textContent()).toBe('{"question":"question 1"}');
    expect(await page.getByTestId("review-prev").isDisabled()).toBe(true);
    await page.getByTestId("review-next").click();
    await eventually(() => page.getByTestId("review-position").textContent()).toBe("2 of 3");
    expect(await page.getByTestId("review-outputs").textContent()).toBe('{"answer":"answer 2"}');

    await page.getByTestId("review-comment-input").fill("made up a refund policy");
    await page.getByTestId("thumbs-down").click();
    await eventually(() => page.getByTestId("review-status").textContent()).toBe("Saved");
    expect(await page.getByTestId("review-feedback").textContent()).toContain("down");
    expect(await page.getByTestId("review-comment").textContent()).toContain("made up a refund policy");
    expect(await feedbackOf(server, sessions[1]!)).toEqual({ thumbs: false, thumbs_comment: "made up a refund policy", thumbs_meta: { idempotency_key: `viewer:${sessions[1]}:thumbs` } });

    // flipped up, then down again: one value
    await page.getByTestId("thumbs-up").click();
    await eventually(() => page.getByTestId("review-feedback").textContent()).toContain("up");
    await page.getByTestId("thumbs-down").click();
    await eventually(() => page.getByTestId("review-feedback").textContent()).toContain("down");
    const stored = await feedbackOf(server, sessions[1]!);
    expect(stored.thumbs).toBe(false);
    expect(Object.keys(stored).sort()).toEqual(["thumbs", "thumbs_comment", "thumbs_meta"]);

    await page.getByTestId("review-next").click();
    await eventually(() => page.getByTestId("review-position").textContent()).toBe("3 of 3");
    expect(await page.getByTestId("review-next").isDisabled()).toBe(true);
    await page.getByTestId("thumbs-up").click();
    await eventually(() => page.getByTestId("review-status").textContent()).toBe("Saved");
    expect((await feedbackOf(server, sessions[2]!)).thumbs).toBe(true);
    await page.getByTestId("review-prev").click();
    await eventually(() => page.getByTestId("review-position").textContent()).toBe("2 of 3");
    expect(await page.getByTestId("review-feedback").textContent()).toContain("down");
    expect(await feedbackOf(server, sessions[0]!)).toEqual({});
    await saveScreenshot(page, "queue");
    expect(tab.watched.errors).toEqual([]);
    expect(tab.watched.foreignRequests).toEqual([]);
  });
});
