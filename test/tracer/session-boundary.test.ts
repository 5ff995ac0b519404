/**
 * A span whose parent is not in its own HoneyHive session is a root of that session in what HoneyHive receives
 * (no `parentSpanId`, so the backend makes it a child of the session): withSession() inside another session's span,
 * evaluate() inside a traced function. A parent in the same session is kept, a remote parent too when its sender
 * named the span's session (distributed tracing with an adopted session). Asserted on the OTLP the SDK sent (a
 * recording tap) and on the session trees the real dev server stores (`GET /v1/sessions/{id}`, `/session/{id}`).
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import type { DecodedSpan } from "../../packages/dev-server/src/otlp/index";
import { HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { type OtlpTap, startOtlpTap } from "../helpers/otlp-tap";

const KEY = "hh_session_boundary_key";
let server: DevServer;
let tap: OtlpTap;
const tracers: HoneyHiveTracer[] = [];
const servers: Server[] = [];

beforeAll(async () => {
  server = await createDevServer({ port: 0, inMemory: true, logger: createLogger({ sink: () => undefined }) });
  tap = await startOtlpTap(server.url);
});
afterEach(async () => {
  await Promise.all(tracers.splice(0).map((t) => t.shutdown()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  tap.clear();
});
afterAll(async () => {
  await tap.close();
  await server.close();
});

function newTracer(options: Record<string, unknown>): HoneyHiveTracer {
  const tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl: tap.url, setAsDefault: false, logSink: () => undefined, ...options });
  tracers.push(tracer);
  return tracer;
}

interface TreeNode {
  event_name: string;
  event_type: string;
  children: TreeNode[];
}
type SessionTree = TreeNode & { num_events: number };

async function sessionTree(sessionId: string, route = "/v1/sessions"): Promise<SessionTree> {
  const res = await fetch(`${server.url}${route}/${sessionId}`, { headers: { authorization: `Bearer ${KEY}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as SessionTree;
}

/** The tree as nested names: `name(child, …)`, children sorted. */
function shape(node: TreeNode): string {
  const children = node.children.map(shape).sort();
  return children.length === 0 ? node.event_name : `${node.event_name}(${children.join(", ")})`;
}

function countBelow(node: TreeNode): number {
  return node.children.reduce((sum, child) => sum + 1 + countBelow(child), 0);
}

function sent(name: string): DecodedSpan {
  const found = tap.spans().filter((s) => s.name === name);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe("a span whose parent is in another session is a root of its own session", () => {
  it("withSession() inside a span of the tracer's session: the scoped session's tree holds its events", async () => {
    const tracer = newTracer({ sessionName: "outer-sess" });
    const leafFn = trace(function leaf() { return 2; });
    const innerFn = trace(function inner() { return leafFn(); });
    let scoped = "";
    const outerFn = trace(async function outer() {
      const value = await tracer.withSession({ sessionName: "per-req" }, async (sessionId) => {
        scoped = sessionId;
        return innerFn();
      });
      return trace(function after() { return value; })();
    });
    expect(await tracer.trace(() => outerFn())).toBe(2);
    expect(await tracer.flush()).toBe(true);

    // what HoneyHive received: the boundary span has no parent; nested spans and the outer session's keep theirs
    expect(sent("inner").parentSpanId).toBeUndefined();
    expect(sent("leaf").parentSpanId).toBe(sent("inner").spanId);
    expect(sent("after").parentSpanId).toBe(sent("outer").spanId);
    expect(sent("inner").attributes["honeyhive.session_id"]).toBe(scoped);

    for (const route of ["/v1/sessions", "/session"]) {
      const perRequest = await sessionTree(scoped, route);
      expect(shape(perRequest)).toBe("per-req(inner(leaf))");
      expect(countBelow(perRequest)).toBe(perRequest.num_events);
      const own = await sessionTree(tracer.sessionId, route);
      expect(shape(own)).toBe("outer-sess(outer(after))");
    }
  });

  it("evaluate() inside a traced function: every datapoint session holds all of its events", async () => {
    const app = newTracer({ sessionName: "suite" });
    const stepFn = trace(function step(q: string) { return q.toUpperCase(); });
    const suiteFn = trace(async function suite() {
      return evaluate<{ q: string }, { a: string }, string>({
        name: "nested-eval",
        apiKey: KEY,
        serverUrl: tap.url,
        dataset: [{ inputs: { q: "a" }, ground_truth: { a: "A" } }, { inputs: { q: "b" }, ground_truth: { a: "B" } }],
        function: async function answer(inputs) { return stepFn(inputs.q); },
        evaluators: [function exact(outputs, _inputs, truth) { return outputs === truth.a; }],
      });
    });
    const result = await app.trace(() => suiteFn());
    expect(result).toMatchObject({ status: "completed", uploaded: true });
    expect(await app.flush()).toBe(true);
    expect(result.sessionIds).toHaveLength(2);
    for (const sessionId of result.sessionIds) {
      const tree = await sessionTree(sessionId);
      expect(tree.num_events).toBeGreaterThanOrEqual(2);
      expect(countBelow(tree)).toBe(tree.num_events);
      expect(shape(tree)).toBe("nested-eval(answer(exact, step))");
    }
    const answers = tap.spans().filter((s) => s.name === "answer");
    expect(answers).toHaveLength(2);
    for (const answer of answers) expect(answer.parentSpanId).toBeUndefined();
    expect(shape(await sessionTree(app.sessionId))).toBe("suite(suite)");
  });
});

async function listen(handler: (headers: IncomingHttpHeaders) => Promise<string>): Promise<string> {
  const http = createServer((req, res) => {
    void handler(req.headers).then((body) => res.end(body));
  });
  servers.push(http);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

/** Service A calls service B inside `callB`; B handles it in `handleB` under the context extracted from the headers. */
async function twoServices(receiverOptions: Record<string, unknown>, callerOptions: Record<string, unknown> = { propagateSessionId: true }) {
  const caller = newTracer({ sessionName: "caller", ...callerOptions });
  const receiver = newTracer({ sessionName: "receiver", ...receiverOptions });
  const serviceB = await listen(async (headers) => {
    const ctx = receiver.extractContext(headers as Record<string, string>);
    return receiver.withExtractedContext(headers as Record<string, string>, () => trace(async function handleB() {
      return trace(function workB() { return ctx === undefined ? "" : "b-done"; })();
    })());
  });
  const callBFn = trace(async function callB() {
    const headers = caller.injectContext({} as Record<string, string>);
    return (await fetch(serviceB, { headers })).text();
  });
  expect(await caller.trace(() => callBFn())).toBe("b-done");
  expect(await caller.flush()).toBe(true);
  expect(await receiver.flush()).toBe(true);
  return { caller, receiver };
}

describe("distributed tracing", () => {
  it("an adopted incoming session keeps the remote parent: the receiver's span nests under the caller's", async () => {
    const { caller } = await twoServices({ trustIncomingSession: true });
    expect(sent("handleB").parentSpanId).toBe(sent("callB").spanId);
    expect(sent("handleB").attributes["honeyhive.session_id"]).toBe(caller.sessionId);
    expect(shape(await sessionTree(caller.sessionId))).toBe("caller(callB(handleB(workB)))");
  });

  it("a receiver keeping its own session roots the remote parent's child in that session", async () => {
    const { receiver } = await twoServices({});
    expect(sent("handleB").parentSpanId).toBeUndefined();
    expect(sent("workB").parentSpanId).toBe(sent("handleB").spanId);
    expect(shape(await sessionTree(receiver.sessionId))).toBe("receiver(handleB(workB))");
  });

  it("a receiver keeping its own session links its root span to the caller's span and names the caller's session", async () => {
    const { caller, receiver } = await twoServices({});
    const [handleB, callB] = [sent("handleB"), sent("callB")];
    expect(handleB.links.map((l) => [l.traceId, l.spanId])).toEqual([[callB.traceId, callB.spanId]]);
    expect(handleB.attributes).toMatchObject({
      "honeyhive_metadata.caller_session_id": caller.sessionId,
      "honeyhive_metadata.caller_trace_id": callB.traceId,
      "honeyhive_metadata.caller_span_id": callB.spanId,
    });
    expect(sent("workB").links).toEqual([]); // only the span that starts the session records its caller
    expect(sent("workB").attributes["honeyhive_metadata.caller_session_id"]).toBeUndefined();
    const events = await fetch(`${server.url}/v1/events/export`, {
      method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ filters: [
        { field: "event_name", operator: "is", value: "handleB", type: "string" },
        { field: "session_id", operator: "is", value: receiver.sessionId, type: "string" },
      ] }),
    }).then((r) => r.json() as Promise<{ events: { metadata: Record<string, unknown> }[] }>);
    expect(events.events).toHaveLength(1);
    expect(events.events[0]!.metadata).toMatchObject({ caller_session_id: caller.sessionId, caller_span_id: callB.spanId });
  });

  it("a caller that names no session is still linked by trace and span; an adopted session names its caller (no link: the caller is its parent)", async () => {
    await twoServices({}, {});
    expect(sent("handleB").links.map((l) => l.spanId)).toEqual([sent("callB").spanId]);
    expect(sent("handleB").attributes["honeyhive_metadata.caller_span_id"]).toBe(sent("callB").spanId);
    expect(sent("handleB").attributes["honeyhive_metadata.caller_session_id"]).toBeUndefined();
    tap.clear();
    await twoServices({ trustIncomingSession: true });
    expect(sent("handleB").links).toEqual([]);
    // with another project's key the parent is not in the receiver's project: the metadata still names the caller
    expect(sent("handleB").attributes["honeyhive_metadata.caller_span_id"]).toBe(sent("callB").spanId);
  });
});
