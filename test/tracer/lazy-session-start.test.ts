/**
 * Decision record 0034: a tracer's own session is started when it is first needed — a span stamped into it, an
 * update of it, the public `sessionId` getter — not at activation, so a server running all its work in
 * `withSession()` (or in adopted incoming sessions) adds no empty session per process. Real tracers, the real dev
 * server over HTTP behind a loopback proxy that records every request and can answer session starts late, real OTLP.
 */
import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer, feedback, trace } from "../../packages/honeyhive/src/index";
import { tracerHandleOf } from "../../packages/honeyhive/src/context/tracer-handle";
import { captureSdkLogs } from "../../packages/honeyhive/src/testing";
import { type HoldingProxy, type ProxiedRequest, startHoldingProxy, startedSession } from "../helpers/holding-proxy";
import { call, startViewerServer } from "../viewer/helpers/viewer-server";

let server: DevServer;
let proxy: HoldingProxy;

beforeAll(async () => {
  server = await startViewerServer();
  proxy = await startHoldingProxy(server.url);
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

/** A tracer of its own project (`key`) sending through the proxy. */
function tracerFor(key: string, options: ConstructorParameters<typeof HoneyHiveTracer>[0] = {}): HoneyHiveTracer {
  return new HoneyHiveTracer({ apiKey: key, serverUrl: proxy.url, setAsDefault: false, ...options });
}

/** The session starts the proxy saw for session `sessionId`. */
function startsOf(sessionId: string): ProxiedRequest[] {
  return proxy.starts().filter((r) => startedSession(r).session_id === sessionId);
}

/** The names of the stored sessions of `key`'s project. */
async function sessionNames(key: string): Promise<string[]> {
  const { body } = await call(server, "GET", "/viewer/sessions?limit=100", undefined, { key });
  return body.sessions.map((s: any) => s.name).sort();
}

/** A stored session with its event tree. */
async function storedSession(key: string, sessionId: string): Promise<any> {
  return (await call(server, "GET", `/v1/sessions/${sessionId}`, undefined, { key })).body;
}

const traced = trace(async function handle(question: string) {
  await new Promise((resolve) => setTimeout(resolve, 1));
  return question.toUpperCase();
});

describe("a tracer's own session is started on first need", () => {
  it("after the sessionId setter, enrichSession() right after a span waits for the new session's start (it failed with HTTP 404 unless spans were flushed first)", async () => {
    const key = "hh_lazy_setter_enrich";
    const switched = randomUUID();
    const tracer = tracerFor(key, { sessionName: "moved" });
    const logs = captureSdkLogs();
    tracer.sessionId = switched;
    void tracer.trace(() => traced("work"));
    const enriched = await tracer.enrichSession({ metadata: { a: 1 } });
    await tracer.shutdown();
    logs.restore();
    expect(logs.lines.filter((l) => l.level === "warn")).toEqual([]);
    expect(enriched).toBe(true);
    const [start] = startsOf(switched);
    const update = proxy.requests.find((r) => r.method === "PUT" && r.path.includes(switched));
    expect(update!.arrivedAt).toBeGreaterThanOrEqual(start!.answeredAt!);
    const session = await storedSession(key, switched);
    expect(session).toMatchObject({ event_name: "moved", metadata: { a: 1 } });
    expect(session.children.map((e: any) => e.event_name)).toEqual(["handle"]);
  });

  it("a tracer used only through withSession makes one session per request and none of its own", async () => {
    const key = "hh_lazy_with_session";
    const tracer = tracerFor(key, { sessionName: "server" });
    for (const question of ["a", "b"]) await tracer.withSession({ sessionName: "request" }, () => traced(question));
    expect(await tracer.flush()).toBe(true);
    await tracer.shutdown();
    expect(await sessionNames(key)).toEqual(["request", "request"]);
    expect(proxy.starts().filter((r) => startedSession(r).session_name === "server")).toEqual([]);
  });

  it("reading tracer.sessionId inside withSession() gives that session and starts no other (also inside an adopted incoming session)", async () => {
    const key = "hh_lazy_getter_in_scope";
    const tracer = tracerFor(key, { sessionName: "server", trustIncomingSession: true });
    const read: string[] = [];
    const scoped = await tracer.withSession({ sessionName: "request" }, async (sessionId) => {
      read.push(tracer.sessionId); // handed to a frontend or a feedback token for this request
      await traced("in scope");
      read.push(tracer.sessionId);
      return sessionId;
    });
    expect(read).toEqual([scoped, scoped]);
    const caller = "5c1f7b54-3d6f-4f1a-8e6a-7b2f1f2d3e4f";
    const headers = { traceparent: `00-${"c".repeat(32)}-${"d".repeat(16)}-01`, baggage: `session_id=${caller}` };
    expect(await tracer.withExtractedContext(headers, () => tracer.sessionId)).toBe(caller);
    expect(await tracer.flush()).toBe(true);
    await tracer.shutdown();
    expect(proxy.starts().filter((r) => startedSession(r).session_name === "server")).toEqual([]);
    expect(await sessionNames(key)).toEqual(["request"]);
  });

  it("a tracer whose spans go to adopted incoming sessions starts none of its own", async () => {
    const key = "hh_lazy_incoming";
    const caller = "4b0f6a43-2c5e-4f0e-9d59-6a1f0e1c2d3e";
    const tracer = tracerFor(key, { sessionName: "receiver", trustIncomingSession: true });
    const headers = { traceparent: `00-${"a".repeat(32)}-${"b".repeat(16)}-01`, baggage: `session_id=${caller}` };
    await tracer.withExtractedContext(headers, () => traced("from upstream"));
    expect(await tracer.flush()).toBe(true);
    await tracer.shutdown();
    expect(proxy.starts().filter((r) => startedSession(r).session_name === "receiver")).toEqual([]);
    // the span keeps the caller's span as its parent (one tree across services): counted in the caller's session
    expect(await storedSession(key, caller)).toMatchObject({ num_events: 1, num_tool_events: 1 });
  });

  it("a traced function outside withSession starts the own session once, as configured, no later than its first span", async () => {
    const key = "hh_lazy_own";
    const tracer = tracerFor(key, { sessionName: "own", inputs: { q: "start" }, metadata: { tenant: "t1" }, userProperties: { plan: "pro" } });
    const constructedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 30)); // the session begins with its first span, not at construction
    await tracer.trace(() => traced("one"));
    await tracer.trace(() => traced("two"));
    expect(await tracer.flush()).toBe(true);
    const [start, ...more] = proxy.starts().filter((r) => startedSession(r).session_name === "own");
    expect(more).toEqual([]);
    const sessionId = startedSession(start!).session_id!;
    expect(tracer.sessionId).toBe(sessionId); // read after the fact: the same session, no second start
    await tracer.shutdown();
    expect(startsOf(sessionId)).toHaveLength(1);
    const session = await storedSession(key, sessionId);
    expect(session).toMatchObject({ event_name: "own", inputs: { q: "start" }, metadata: { tenant: "t1" }, user_properties: { plan: "pro" } });
    const children = session.children as any[];
    expect(children.map((e) => e.event_name)).toEqual(["handle", "handle"]);
    // the start says when: the first span's start (the backend would otherwise take the time it got the request)
    const startTime = startedSession(start!).start_time!;
    expect(startTime).toBeGreaterThanOrEqual(constructedAt + 25);
    expect(startTime).toBeLessThanOrEqual(Math.min(...children.map((e) => e.start_time)));
  });

  it("reading tracer.sessionId starts the session (logging the tracer does not)", async () => {
    const key = "hh_lazy_getter";
    const tracer = tracerFor(key, { sessionName: "handed-out" });
    expect(inspect(tracer)).toContain("handed-out");
    expect(JSON.stringify(tracer)).toContain("handed-out");
    expect(await tracer.flush()).toBe(true);
    expect(await sessionNames(key)).toEqual([]);
    const sessionId = tracer.sessionId; // handed to a frontend, a feedback call, a link
    expect(await tracer.flush()).toBe(true);
    expect(startsOf(sessionId)).toHaveLength(1);
    expect(await storedSession(key, sessionId)).toMatchObject({ event_name: "handed-out" });
    await tracer.shutdown();
  });

  it("enrichSession() on an idle tracer: the session is started, then updated", async () => {
    const key = "hh_lazy_enrich";
    const tracer = tracerFor(key, { sessionName: "enriched", metadata: { from: "start" } });
    expect(await tracer.enrichSession({ metadata: { from: "update" }, feedback: { rating: 5 } })).toBe(true);
    const [start] = proxy.starts().filter((r) => startedSession(r).session_name === "enriched");
    const sessionId = startedSession(start!).session_id!;
    const update = proxy.requests.find((r) => r.method === "PUT" && r.path.includes(sessionId));
    expect(update).toBeDefined();
    expect(update!.arrivedAt).toBeGreaterThanOrEqual(start!.answeredAt!);
    await tracer.shutdown();
    expect(await storedSession(key, sessionId)).toMatchObject({ event_name: "enriched", metadata: { from: "update" }, feedback: { rating: 5 } });
  });

  it("spans started before the start is answered are sent after it, and land in the session it named", async () => {
    const key = "hh_lazy_order";
    proxy.holdSessionStarts(400);
    try {
      const tracer = tracerFor(key, { sessionName: "ordered", disableBatch: true }); // one export per span, at its end
      tracer.startSpan("first", () => undefined);
      tracer.startSpan("second", () => undefined);
      await new Promise((resolve) => setTimeout(resolve, 150)); // the start is being held; the spans have ended
      const [start, ...more] = proxy.starts().filter((r) => startedSession(r).session_name === "ordered");
      expect(more).toEqual([]);
      const sessionId = startedSession(start!).session_id!;
      expect(await tracer.flush()).toBe(true);
      await tracer.shutdown();
      const exports = proxy.exports().filter((r) => r.arrivedAt > start!.arrivedAt);
      expect(exports.length).toBeGreaterThan(0);
      for (const request of exports) expect(request.arrivedAt).toBeGreaterThanOrEqual(start!.answeredAt!);
      const session = await storedSession(key, sessionId);
      expect(session.event_name).toBe("ordered");
      expect(session.children.map((e: any) => e.event_name).sort()).toEqual(["first", "second"]);
    } finally {
      proxy.holdSessionStarts(0);
    }
  });

  it("a start the backend does not answer holds the spans no longer than shutdown", async () => {
    proxy.holdSessionStarts(3000);
    try {
      const warnings: string[] = [];
      const logSink = (level: string, message: string) => void (level === "warn" && warnings.push(message));
      const tracer = tracerFor("hh_lazy_hung", { sessionName: "hung", disableBatch: true, logSink });
      tracer.startSpan("waiting", () => undefined);
      const before = proxy.exports().length;
      const started = performance.now();
      await tracer.shutdown(1500);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(proxy.exports().length).toBe(before + 1); // sent before the start was answered: it never was
      expect(warnings).toEqual(["shutdown: 1 session start was still being sent; the request was aborted and is not retried"]);
    } finally {
      proxy.holdSessionStarts(0);
    }
  });

  it("injectContext() handing the own session id to another service starts the session", async () => {
    const tracer = tracerFor("hh_lazy_inject", { sessionName: "propagated", propagateSessionId: true });
    const headers = tracer.injectContext({} as Record<string, string>);
    expect(await tracer.flush()).toBe(true);
    const [start] = proxy.starts().filter((r) => startedSession(r).session_name === "propagated");
    expect(headers.baggage).toContain(`session_id=${startedSession(start!).session_id}`);
    await tracer.shutdown();
  });

  it("before activation a need is remembered; activation sends the start at once", async () => {
    const key = "hh_lazy_activate";
    const tracer = tracerFor(key, { sessionName: "late-activation", activate: false });
    tracer.startSpan("early", () => undefined);
    expect(proxy.starts().filter((r) => startedSession(r).session_name === "late-activation")).toEqual([]);
    tracer.activate();
    expect(await tracer.flush()).toBe(true);
    await tracer.shutdown();
    const [start] = proxy.starts().filter((r) => startedSession(r).session_name === "late-activation");
    const session = await storedSession(key, startedSession(start!).session_id!);
    expect(session.children.map((e: any) => e.event_name)).toEqual(["early"]);
    expect(session.start_time).toBeLessThanOrEqual(session.children[0].start_time);
  });

  it("an id given to the old sessionId setter follows the same rule: started on its first need, the unused configured one never; a tracer shut down unused sends none at all", async () => {
    const key = "hh_lazy_setter";
    const switched = "6f9619ff-8b86-d011-b42d-00c04fc964aa";
    const tracer = tracerFor(key, { sessionName: "switched", metadata: { configured: true } });
    tracer.sessionId = switched;
    await tracer.trace(() => traced("moved"));
    await tracer.shutdown();
    const [start, ...more] = startsOf(switched);
    expect(more).toEqual([]);
    expect(startedSession(start!)).toMatchObject({ session_name: "switched" });
    expect((startedSession(start!) as { metadata?: unknown }).metadata).toBeUndefined(); // the configured session's fields stay with it
    expect(proxy.starts().filter((r) => startedSession(r).session_name === "switched")).toEqual([start]); // the configured id: never needed, never started
    expect((await storedSession(key, switched)).children.map((e: any) => e.event_name)).toEqual(["handle"]);
    const unused = tracerFor(key, { sessionName: "unused" });
    await unused.shutdown();
    expect(await unused.whenSessionStarted()).toBe(false);
    expect(proxy.starts().filter((r) => startedSession(r).session_name === "unused")).toEqual([]);
  });

  it("a tracer shut down before its session ever started: enrichSession() and feedback() of it send nothing and say why (the server's 404 before); a session id given to the tracer is still updated", async () => {
    const key = "hh_lazy_shut_before_start";
    const warnings: string[] = [];
    const logSink = (level: string, message: string): void => void (level === "warn" && warnings.push(message));
    const tracer = tracerFor(key, { sessionName: "never", logSink });
    const sessionId = tracerHandleOf(tracer)!.sessionId; // not the public getter: reading that starts the session
    expect(await tracer.shutdown()).toBe(true);
    const mark = proxy.requests.length;
    expect(await tracer.enrichSession({ metadata: { late: true } })).toBe(false);
    expect(await feedback(sessionId, { name: "thumbs", value: true }, { tracer })).toBe(false);
    expect(proxy.requests.slice(mark)).toEqual([]);
    expect(warnings).toEqual([0, 1].map(() => `session ${sessionId} update not sent: this tracer was shut down before its session started (nothing needed the session before shutdown(), so it was never started and the server has no such session); update it before shutdown(), or use a new tracer`));
    expect(tracer.diagnostics().sessionWritesLost).toEqual({ starts: 0, updates: 2 });
    expect(await tracer.flush(1000)).toBe(false); // the updates were not delivered
    expect(await tracer.flush(1000)).toBe(true);

    // the id given to a tracer may name a session started elsewhere: its update is sent, and lands
    const elsewhere = tracerFor(key, { sessionName: "elsewhere" });
    expect(await elsewhere.whenSessionStarted()).toBe(true);
    const given = tracerFor(key, { sessionName: "given", sessionId: elsewhere.sessionId, logSink });
    expect(await given.shutdown()).toBe(true);
    expect(await given.enrichSession({ metadata: { joined: true } })).toBe(true);
    expect(await storedSession(key, elsewhere.sessionId)).toMatchObject({ event_name: "elsewhere", metadata: { joined: true } });
    expect(warnings).toHaveLength(2);
    await elsewhere.shutdown();
  });
});
