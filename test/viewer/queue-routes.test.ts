// The viewer's review-queue routes over HTTP: per key (another key sees no queue and cannot write feedback on this
// key's events), bad feedback bodies are 400, unknown queues and events 404, and the feedback written follows the
// SDK's rule (one value per name).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { call, startViewerServer } from "./helpers/viewer-server";

let server: DevServer;
const eventId = randomUUID();
let queueId = "";

beforeAll(async () => {
  server = await startViewerServer();
  await call(server, "POST", "/v1/events", { event_id: eventId, session_id: eventId, event_type: "session", event_name: "chat", inputs: { q: "hi" } });
  queueId = (await call(server, "POST", "/v1/queues", { name: "review", event_ids: [eventId, randomUUID()] })).body.queue.id;
});
afterAll(async () => {
  await server?.close();
});

describe("viewer queue routes", () => {
  it("lists queues and a queue's events (a missing event marked), per key", async () => {
    expect((await call(server, "GET", "/viewer/queues")).body.queues).toEqual([{ id: queueId, name: "review", description: "", enabled: true, events: 2 }]);
    const detail = (await call(server, "GET", `/viewer/queues/${queueId}`)).body;
    expect(detail.items.map((i: { found: boolean }) => i.found)).toEqual([true, false]);
    expect(detail.items[0]).toMatchObject({ event_id: eventId, event_name: "chat", inputs: { text: '{"q":"hi"}' }, feedback: {} });
    expect((await call(server, "GET", "/viewer/queues", undefined, { key: "other_key" })).body.queues).toEqual([]);
    expect((await call(server, "GET", `/viewer/queues/${queueId}`, undefined, { key: "other_key", allowError: true })).status).toBe(404);
    expect((await call(server, "GET", "/viewer/queues", undefined, { key: null, allowError: true })).status).toBe(401);
  });

  it("records feedback by the SDK's rule; refuses bad bodies, unknown events and other keys' events", async () => {
    const path = `/viewer/events/${eventId}/feedback`;
    await call(server, "POST", path, { name: "thumbs", value: true, comment: "ok", idempotency_key: "k" });
    const flipped = await call(server, "POST", path, { name: "thumbs", value: false, idempotency_key: "k" });
    expect(flipped.body.feedback).toEqual({ thumbs: false, thumbs_comment: null, thumbs_meta: { idempotency_key: "k" } });
    for (const bad of [{ name: "thumbs" }, { name: "", value: 1 }, { name: "x_meta", value: 1 }, { name: "thumbs", value: [1] }, { name: "thumbs", value: 1, comment: "c".repeat(4001) }, { name: "thumbs", value: 1, idempotency_key: 5 }]) {
      expect((await call(server, "POST", path, bad, { allowError: true })).status).toBe(400);
    }
    expect((await call(server, "POST", path, "[1]", { allowError: true })).status).toBe(400);
    expect((await call(server, "POST", `/viewer/events/${randomUUID()}/feedback`, { name: "thumbs", value: true }, { allowError: true })).status).toBe(404);
    expect((await call(server, "POST", "/viewer/events/not-a-uuid/feedback", { name: "thumbs", value: true }, { allowError: true })).status).toBe(400);
    expect((await call(server, "POST", path, { name: "thumbs", value: true }, { key: "other_key", allowError: true })).status).toBe(404);
    expect((await call(server, "GET", `/v1/events/${eventId}`)).body.event.feedback.thumbs).toBe(false);
  });
});
