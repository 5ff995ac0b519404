// feedback(target, { name, value, comment }, { idempotencyKey }) against the real dev server, every request checked
// against HoneyHive's OpenAPI spec: one value per name and event (a thumb flipped up, down, up leaves one value), a
// retried call writes the same state, the targets (id string, { eventId }, { sessionId }, the current session, the
// current span), and bad input answered false, never thrown.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveTracer, feedback, trace } from "../../packages/honeyhive/src/index";
import { newUuid } from "../../packages/core/src/ids/uuid";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { client } from "../dev-server/helpers";

const KEY = "hh_feedback_key";
const checked = useCheckedDevServer();
let tracer: HoneyHiveTracer;
const warnings: string[] = [];

beforeAll(() => {
  tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl: checked.proxy.url, project: "feedback", setAsDefault: false, logSink: (level, message) => { if (level === "warn") warnings.push(message); } });
});
afterAll(async () => {
  await tracer.shutdown();
});

async function storedFeedback(eventId: string): Promise<Record<string, unknown>> {
  const got = await client(checked.server, KEY).call("GET", `/v1/events/${eventId}`);
  if (got.status !== 200) throw new Error(`event ${eventId}: ${got.status}`);
  return (got.body.event ?? got.body).feedback as Record<string, unknown>;
}

describe("feedback()", () => {
  it("a thumb flipped up, down, up on the session leaves one value; other names stay", async () => {
    const sessionId = tracer.sessionId;
    expect(await feedback(sessionId, { name: "thumbs", value: true }, { idempotencyKey: "user-1:answer-1", tracer })).toBe(true);
    expect(await feedback({ sessionId }, { name: "rating", value: 4, comment: "good" }, { tracer })).toBe(true);
    expect(await feedback({ sessionId }, { name: "thumbs", value: false, comment: "wrong city" }, { idempotencyKey: "user-1:answer-1", tracer })).toBe(true);
    expect(await feedback({ current: "session" }, { name: "thumbs", value: true }, { idempotencyKey: "user-1:answer-1", tracer })).toBe(true);
    const stored = await storedFeedback(sessionId);
    expect(stored).toMatchObject({
      thumbs: true, thumbs_comment: null, thumbs_meta: { idempotency_key: "user-1:answer-1" },
      rating: 4, rating_comment: "good",
    });
    expect(Object.keys(stored).filter((key) => key.startsWith("thumbs")).sort()).toEqual(["thumbs", "thumbs_comment", "thumbs_meta"]);
    expect(checked.proxy.violations()).toEqual([]);
    expect(checked.proxy.operations()).toContain("updateEvent");
  });

  it("the same call sent again (a retry) writes exactly the same state", async () => {
    const sessionId = tracer.sessionId;
    const call = () => feedback(sessionId, { name: "correct", value: "yes", comment: "checked" }, { idempotencyKey: "retry-key", tracer });
    expect(await call()).toBe(true);
    const first = await storedFeedback(sessionId);
    expect(await call()).toBe(true);
    expect(await storedFeedback(sessionId)).toEqual(first);
    expect(first).toMatchObject({ correct: "yes", correct_comment: "checked", correct_meta: { idempotency_key: "retry-key" } });
  });

  it("the current span: its feedback is recorded on the span's event when it is exported", async () => {
    const sessionId = newUuid();
    const answered = await tracer.withSession({ sessionId, sessionName: "span feedback" }, () =>
      trace(async function answerQuestion() {
        return feedback({ current: "span" }, { name: "thumbs", value: false, comment: "too long" }, { idempotencyKey: "span-key" });
      }, { tracer })(),
    );
    expect(answered).toBe(true);
    expect(await tracer.flush(5000)).toBe(true);
    const events = await client(checked.server, KEY).call("POST", "/v1/events/search", {
      filters: [{ field: "session_id", operator: "is", value: sessionId, type: "string" }], limit: 10,
    });
    const span = (events.body.events as Array<Record<string, any>>).find((e) => e.event_name === "answerQuestion");
    expect(span?.feedback).toMatchObject({ thumbs: false, thumbs_comment: "too long", thumbs_meta: { idempotency_key: "span-key" } });
  });

  it("bad input resolves false and sends nothing; it never throws", async () => {
    const before = checked.proxy.requests.length;
    const sessionId = tracer.sessionId;
    expect(await feedback("not-a-uuid", { name: "thumbs", value: true }, { tracer })).toBe(false);
    expect(await feedback(sessionId, { name: "thumbs_comment", value: true }, { tracer })).toBe(false);
    expect(await feedback(sessionId, { name: "bad name!", value: true }, { tracer })).toBe(false);
    expect(await feedback(sessionId, { name: "thumbs", value: { up: true } as never }, { tracer })).toBe(false);
    expect(await feedback(sessionId, { name: "thumbs", value: true, comment: "x".repeat(5000) }, { tracer })).toBe(false);
    expect(await feedback({ current: "span" }, { name: "thumbs", value: true }, { tracer })).toBe(false);
    expect(await feedback(null as never, null as never, null as never)).toBe(false);
    expect(checked.proxy.requests.length).toBe(before);
    expect(warnings.some((w) => w.includes("must not end with _comment or _meta"))).toBe(true);
  });
});
