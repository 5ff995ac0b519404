import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, startServer, type Client } from "./helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let server: DevServer;
let api: Client;
beforeAll(async () => {
  server = await startServer();
  api = client(server);
});
afterAll(() => server.close());

describe("POST /session/start", () => {
  it("creates a session and returns the five ids Python requires", async () => {
    const res = await api.call("POST", "/session/start", {
      session: { project: "ignored", session_name: "my-app", source: "dev", inputs: { q: "hi" }, metadata: { a: 1 } },
    });
    expect(res.status).toBe(200);
    for (const key of ["event_id", "session_id", "org_id", "workspace_id", "project_id"]) {
      expect(res.body[key]).toMatch(UUID);
    }
    expect(res.body.event_id).toBe(res.body.session_id);
    expect(res.body).toMatchObject({ event_type: "session", event_name: "my-app", source: "dev", inputs: { q: "hi" }, parent_id: null });
  });

  it("is idempotent on session_id, merging metadata and user_properties", async () => {
    const id = "0A1B2C3D-0000-4000-8000-000000000001";
    const first = await api.call("POST", "/session/start", { session: { session_id: id, session_name: "s", metadata: { a: 1 } } });
    expect(first.body.session_id).toBe(id.toLowerCase());
    const again = await api.call("POST", "/session/start", {
      session: { session_id: id, session_name: "other", metadata: { b: 2 }, user_properties: { u: 1 } },
    });
    expect(again.status).toBe(200);
    expect(again.body.session_id).toBe(id.toLowerCase());
    expect(again.body.event_name).toBe("s");
    expect(again.body.metadata).toEqual({ a: 1, b: 2 });
    expect(again.body.user_properties).toEqual({ u: 1 });
  });

  it("accepts session as a JSON string, and replaces a non-UUID session_id", async () => {
    const res = await api.call("POST", "/session/start", { session: JSON.stringify({ session_id: "nope", session_name: "str" }) });
    expect(res.status).toBe(200);
    expect(res.body.session_id).toMatch(UUID);
    expect(res.body.event_name).toBe("str");
  });

  it("serves /v1/sessions with a bare body and GET /v1/sessions/{id} with the tree", async () => {
    const res = await api.call("POST", "/v1/sessions", { session_name: "bare" });
    expect(res.status).toBe(200);
    const sessionId = res.body.session_id;
    const parent = await api.call("POST", "/events", { event: { event_type: "chain", session_id: sessionId, inputs: {} } });
    await api.call("POST", "/events", {
      event: { event_type: "model", session_id: sessionId, parent_id: parent.body.event_id, inputs: {} },
    });
    const tree = await api.call("GET", `/v1/sessions/${sessionId}`);
    expect(tree.status).toBe(200);
    expect(tree.body.num_events).toBe(2);
    expect(tree.body.num_model_events).toBe(1);
    expect(tree.body.children).toHaveLength(1);
    expect(tree.body.children[0].children[0].event_type).toBe("model");
    expect(tree.body.children_ids).toEqual([parent.body.event_id]);
    expect((await api.call("GET", `/session/${sessionId}`)).body.event_id).toBe(sessionId);
  });

  it("rejects a missing session object and unknown sessions", async () => {
    expect((await api.call("POST", "/session/start", {})).status).toBe(400);
    expect((await api.call("POST", "/session/start", { session: "{not json" })).status).toBe(400);
    expect((await api.call("GET", "/v1/sessions/3f3a1c9e-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await api.call("GET", "/v1/sessions/not-a-uuid")).status).toBe(400);
  });
});

describe("events", () => {
  it("POST /events creates an event with defaults and upserts its session", async () => {
    const res = await api.call("POST", "/events", { event: { event_type: "tool", inputs: { x: 1 }, project: "p", extra: true } });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    const got = await api.call("GET", `/v1/events/${res.body.event_id}`);
    expect(got.body.event).toMatchObject({ event_type: "tool", event_name: "unknown", source: "unknown", inputs: { x: 1 } });
    expect(got.body.event.parent_id).toBe(got.body.event.session_id);
    const session = await api.call("GET", `/v1/events/${got.body.event.session_id}`);
    expect(session.body.event.event_type).toBe("session");
    expect(session.body.event.children_ids).toContain(res.body.event_id);
  });

  it("POST /v1/events takes the bare object and the event as a JSON string", async () => {
    const bare = await api.call("POST", "/v1/events", { event_type: "chain", inputs: {} });
    expect(bare.status).toBe(200);
    const str = await api.call("POST", "/events", { event: JSON.stringify({ event_type: "chain", inputs: {} }) });
    expect(str.status).toBe(200);
    expect(str.body.event_id).toMatch(UUID);
  });

  it("rejects events without a type, with a bad event_id, or a non-object body", async () => {
    expect((await api.call("POST", "/events", { event: { inputs: {} } })).status).toBe(400);
    expect((await api.call("POST", "/events", { event: { event_type: "tool", event_id: "x" } })).status).toBe(400);
    expect((await api.call("POST", "/events", [1, 2])).status).toBe(400);
    expect((await api.call("POST", "/events", { event: { event_type: "tool", inputs: "str" } })).status).toBe(400);
  });

  it("PUT /events merges metadata/feedback/config/metrics/user_properties and replaces outputs", async () => {
    const created = await api.call("POST", "/events", {
      event: {
        event_type: "chain", inputs: {}, outputs: { old: 1 }, metadata: { a: 1 }, feedback: { f: 1 },
        config: { c: 1 }, metrics: { m: 1 }, user_properties: { u: 1 }, start_time: 1000, end_time: 1500,
      },
    });
    const id = created.body.event_id;
    const put = await api.call("PUT", "/events", {
      event_id: id, metadata: { b: 2 }, feedback: { ground_truth: "x" }, config: { d: 2 }, metrics: { n: 2 },
      user_properties: { v: 2 }, outputs: { new: 2 }, duration: 700, unknown_field: 1,
    });
    expect(put.status).toBe(200);
    const ev = (await api.call("GET", `/v1/events/${id}`)).body.event;
    expect(ev.metadata).toEqual({ a: 1, b: 2 });
    expect(ev.feedback).toEqual({ f: 1, ground_truth: "x" });
    expect(ev.config).toEqual({ c: 1, d: 2 });
    expect(ev.metrics).toEqual({ m: 1, n: 2 });
    expect(ev.user_properties).toEqual({ u: 1, v: 2 });
    expect(ev.outputs).toEqual({ new: 2 });
    expect(ev.duration).toBe(700);
    expect(ev.end_time).toBe(1700);
    await api.call("PUT", `/v1/events/${id}`, { outputs: null, metadata: { c: 3 } });
    const after = (await api.call("GET", `/v1/events/${id}`)).body.event;
    expect(after.outputs).toEqual({ new: 2 });
    expect(after.metadata).toEqual({ a: 1, b: 2, c: 3 });
  });

  it("PUT /events rejects non-object outputs, invalid and unknown ids", async () => {
    const created = await api.call("POST", "/events", { event: { event_type: "tool", inputs: {} } });
    const bad = await api.call("PUT", "/events", { event_id: created.body.event_id, outputs: "text" });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/outputs/);
    expect((await api.call("PUT", "/events", { metadata: {} })).status).toBe(400);
    expect((await api.call("PUT", "/events", { event_id: "abc" })).status).toBe(400);
    const missing = await api.call("PUT", "/events", { event_id: "11111111-2222-4333-8444-555555555555", metadata: {} });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: expect.any(String) });
    expect((await api.call("GET", "/v1/events/11111111-2222-4333-8444-555555555555")).status).toBe(404);
  });

  it("POST /events/batch stores all events, optionally in one new session", async () => {
    const res = await api.call("POST", "/events/batch", {
      events: [{ event_type: "tool", inputs: {} }, { event_type: "model", inputs: {} }],
      is_single_session: true,
      session_properties: { session_name: "batch-session", metadata: { k: 1 } },
    });
    expect(res.status).toBe(200);
    expect(res.body.event_ids).toHaveLength(2);
    const session = (await api.call("GET", `/v1/events/${res.body.session_id}`)).body.event;
    expect(session).toMatchObject({ event_type: "session", event_name: "batch-session", metadata: { k: 1 } });
    expect(session.children_ids.sort()).toEqual([...res.body.event_ids].sort());
    const v1 = await api.call("POST", "/v1/events/batch", { events: [{ event_type: "tool", inputs: {} }] });
    expect(v1.status).toBe(200);
    expect(v1.body.session_id).toBeUndefined();
  });

  it("a batch with one invalid event writes nothing", async () => {
    const sessionId = "22222222-3333-4444-8555-666666666666";
    const res = await api.call("POST", "/events/batch", {
      events: [{ event_type: "tool", session_id: sessionId, inputs: {} }, { inputs: {} }],
    });
    expect(res.status).toBe(400);
    const found = await api.call("POST", "/v1/events/export", {
      filters: [{ field: "session_id", operator: "is", value: sessionId, type: "string" }],
    });
    expect(found.body.totalEvents).toBe(0);
  });

  it("POST /events/model remaps model fields and /v1/sessions/{id}/events/batch forces the session", async () => {
    const model = await api.call("POST", "/events/model", {
      model_event: { messages: [{ role: "user", content: "hi" }], response: { text: "yo" }, model: "gpt", usage: { t: 1 } },
    });
    expect(model.status).toBe(200);
    const ev = (await api.call("GET", `/v1/events/${model.body.event_id}`)).body.event;
    expect(ev.event_type).toBe("model");
    expect(ev.inputs).toEqual({ messages: [{ role: "user", content: "hi" }], model: "gpt", usage: { t: 1 } });
    expect(ev.outputs).toEqual({ response: { text: "yo" } });
    const sid = "33333333-4444-4555-8666-777777777777";
    const batch = await api.call("POST", `/v1/sessions/${sid}/events/batch`, { events: [{ event_type: "tool", inputs: {}, session_id: "x" }] });
    expect(batch.status).toBe(200);
    expect((await api.call("GET", `/v1/events/${batch.body.event_ids[0]}`)).body.event.session_id).toBe(sid);
  });
});
