// Tracer core end to end against the real dev server over HTTP, asserting on what it STORED.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer, createApiClient, enrichSession, trace } from "../../packages/honeyhive/src/index";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";
import { startSpecCheckingProxy, type SpecCheckingProxy } from "../helpers/spec-checking-proxy";

const KEY_A = "hh_tracer_e2e_key_a";
const KEY_B = "hh_tracer_e2e_key_b";
const silent = () => undefined;
/** Every request goes through a proxy that checks it against HoneyHive's OpenAPI spec. */
let proxy: SpecCheckingProxy;

async function storedEvents(_server: DevServer, key: string, sessionId: string): Promise<any[]> {
  const api = createApiClient({ serverUrl: proxy.url, apiKey: key });
  const result = await api.events.export({ filters: [{ field: "session_id", operator: "is", value: sessionId, type: "string" }], limit: 1000 });
  if (!result.ok) throw new Error(result.error);
  return result.data.events;
}

describe("tracer core against the dev server", () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await createDevServer({ port: 0, inMemory: true, logger: { verbose: false, debug: silent, info: silent, warn: silent, error: silent, warnOnce: silent } });
    proxy = await startSpecCheckingProxy(server.url);
  });
  afterAll(async () => {
    await proxy.close();
    await server.close();
  });

  it("two keys: each tracer's spans are stored under its own project and readable only with its key", async () => {
    const a = new HoneyHiveTracer({ apiKey: KEY_A, serverUrl: proxy.url, sessionName: "tenant-a", setAsDefault: false });
    const b = new HoneyHiveTracer({ apiKey: KEY_B, serverUrl: proxy.url, sessionName: "tenant-b", setAsDefault: false });
    const step = trace(async function step(n: number) { await new Promise((r) => setTimeout(r, 1)); return n * 2; });
    await Promise.all([a.trace(() => step(1)), b.trace(() => step(2)), a.trace(() => step(3))]);
    expect(await a.flush()).toBe(true);
    expect(await b.flush()).toBe(true);
    const ownA = await storedEvents(server, KEY_A, a.sessionId);
    expect(ownA.filter((e) => e.event_type !== "session").map((e) => e.outputs.result).sort()).toEqual([2, 6]);
    expect(ownA.every((e) => e.session_id === a.sessionId)).toBe(true);
    expect(await storedEvents(server, KEY_B, a.sessionId)).toEqual([]);
    const ownB = await storedEvents(server, KEY_B, b.sessionId);
    expect(ownB.find((e) => e.event_type === "session")?.event_name).toBe("tenant-b");
    expect(ownB.filter((e) => e.event_type !== "session").map((e) => e.inputs.n)).toEqual([2]);
    await Promise.all([a.shutdown(), b.shutdown()]);
  });

  it("the old sessionId setter: the new session is named after the tracer (started on its first need, like the own session)", async () => {
    const tracer = new HoneyHiveTracer({ apiKey: KEY_A, serverUrl: proxy.url, sessionName: "old2", setAsDefault: false });
    const switched = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
    tracer.sessionId = switched.toUpperCase();
    expect(tracer.sessionId).toBe(switched);
    await tracer.trace(() => trace(function step() { return 1; })());
    expect(await tracer.flush()).toBe(true);
    const stored = await storedEvents(server, KEY_A, switched);
    expect(stored.find((e) => e.event_type === "session")?.event_name).toBe("old2");
    expect(stored.filter((e) => e.event_type !== "session").map((e) => e.event_name)).toEqual(["step"]);
    await tracer.shutdown();
  });

  it("a session update nobody awaits is background work that flush() waits for", async () => {
    const tracer = new HoneyHiveTracer({ apiKey: KEY_A, serverUrl: proxy.url, sessionName: "fire-and-forget", setAsDefault: false });
    void tracer.enrichSession({ metadata: { unawaited: true } });
    expect(await tracer.flush()).toBe(true);
    const [session] = (await storedEvents(server, KEY_A, tracer.sessionId)).filter((e) => e.event_type === "session");
    expect(session.metadata).toMatchObject({ unawaited: true });
    await tracer.shutdown();
  });

  it("enrichSession merges into the stored session; explicit id > session in context > instance", async () => {
    const tracer = new HoneyHiveTracer({ apiKey: KEY_A, serverUrl: proxy.url, sessionName: "enrich", inputs: { q: "start" }, setAsDefault: false });
    expect(await tracer.enrichSession({ metadata: { userId: "u1" }, feedback: { rating: 5 }, outputs: "final answer", inputs: { late: true } })).toBe(true);
    expect(await tracer.enrichSession({ metadata: { second: 2 }, metrics: { cost: 0.5 } })).toBe(true);
    let scoped = "";
    await tracer.withSession({ sessionName: "request-1" }, async (sessionId) => {
      scoped = sessionId;
      await enrichSession({ metadata: { inScope: true } });
    });
    const other = new HoneyHiveTracer({ apiKey: KEY_A, serverUrl: proxy.url, sessionName: "other", setAsDefault: false });
    await tracer.enrichSession({ sessionId: other.sessionId, metadata: { explicit: true } });
    await Promise.all([tracer.flush(), other.flush()]);
    const [session] = (await storedEvents(server, KEY_A, tracer.sessionId)).filter((e) => e.event_type === "session");
    expect(session.inputs).toEqual({ q: "start" });
    expect(session.metadata).toMatchObject({ userId: "u1", second: 2, inputs: { late: true } });
    expect(session.feedback).toEqual({ rating: 5 });
    expect(session.outputs).toEqual({ value: "final answer" });
    expect(session.metrics).toMatchObject({ cost: 0.5 });
    expect(session.metadata.inScope).toBeUndefined();
    const [scopedSession] = await storedEvents(server, KEY_A, scoped);
    expect(scopedSession.event_name).toBe("request-1");
    expect(scopedSession.metadata).toMatchObject({ inScope: true });
    const [otherSession] = (await storedEvents(server, KEY_A, other.sessionId)).filter((e) => e.event_type === "session");
    expect(otherSession.metadata).toMatchObject({ explicit: true });
    await Promise.all([tracer.shutdown(), other.shutdown()]);
  });

  it("withSession: concurrent requests on one tracer each get their own session, nothing leaks outside", async () => {
    const tracer = new HoneyHiveTracer({ apiKey: KEY_B, serverUrl: proxy.url, sessionName: "web", setAsDefault: false });
    const handler = trace(async function handle(id: number) { await new Promise((r) => setTimeout(r, Math.random() * 5)); return id; }, { tracer, eventType: "chain" });
    const sessions = await Promise.all(
      Array.from({ length: 20 }, (_, i) => tracer.withSession({ sessionName: `req-${i}`, inputs: { i } }, async (sessionId) => ({ sessionId, out: await handler(i) }))),
    );
    await handler(99);
    await tracer.flush();
    for (const { sessionId, out } of sessions) {
      const events = (await storedEvents(server, KEY_B, sessionId)).filter((e) => e.event_type !== "session");
      expect(events.map((e) => e.outputs.result)).toEqual([out]);
    }
    const own = (await storedEvents(server, KEY_B, tracer.sessionId)).filter((e) => e.event_type !== "session");
    expect(own.map((e) => e.outputs.result)).toEqual([99]);
    await tracer.shutdown();
  });

  it("sent only requests the OpenAPI spec allows (canonical operations, valid bodies)", () => {
    expect(proxy.requests.length).toBeGreaterThan(10);
    expect(proxy.violations()).toEqual([]);
  });
});

describe("session wire formats", () => {
  let recorder: HoneyHiveRecorder;
  beforeAll(async () => {
    recorder = await startHoneyHiveRecorder();
  });
  afterAll(() => recorder.close());

  it("POST /v1/sessions and PUT /v1/events/{id} bodies match the API (no project: the key decides it)", async () => {
    const tracer = new HoneyHiveTracer({
      apiKey: "hh_wire_key_123456", serverUrl: recorder.url, project: "proj", source: "prod", sessionName: "wire",
      inputs: { q: 1 }, metadata: { m: 1 }, userProperties: { u: "x" }, runId: "r", datasetId: "d", datapointId: "p", setAsDefault: false,
    });
    await tracer.enrichSession({ outputs: [1, 2], feedback: { ok: true }, config: { model: "m" }, userProperties: { tier: "gold" }, extra: "to-metadata" });
    await tracer.shutdown();
    const [start] = recorder.requestsTo("/v1/sessions");
    expect(start!.method).toBe("POST");
    expect(start!.headers.authorization).toBe("Bearer hh_wire_key_123456");
    expect(start!.json).toEqual({
      session_name: "wire", source: "prod", session_id: tracer.sessionId, inputs: { q: 1 },
      metadata: { m: 1, run_id: "r", dataset_id: "d", datapoint_id: "p" }, user_properties: { u: "x" },
      start_time: expect.any(Number), // every start carries its time (a datapoint's session too: it starts at once)
    });
    const [update] = recorder.requests.filter((r) => r.method === "PUT" && r.path === `/v1/events/${tracer.sessionId}`);
    expect(update!.json).toEqual({
      metadata: { extra: "to-metadata" }, feedback: { ok: true }, outputs: { value: [1, 2] }, config: { model: "m" }, user_properties: { tier: "gold" },
    });
    expect(recorder.requests.indexOf(start!)).toBeLessThan(recorder.requests.indexOf(update!));
  });
});
