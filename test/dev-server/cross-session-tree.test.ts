// A session is whole: the events of a distributed trace whose parent span lives in another session (a Python
// service's spans under the calling service's span) are in the session's tree, under the session, with the link to
// where they were called from — in the REST answer (GET /v1/sessions/{id}) and in the viewer's tree alike. A caller's
// span sent after its callee's (it ends last) is linked once it arrives: the viewer's tree never reads "unchanged"
// while a caller is missing.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, startServer, type Client } from "./helpers";
import { pythonJsonBody, type PySpan } from "./spans";

let server: DevServer;
let api: Client;
beforeAll(async () => {
  server = await startServer();
  api = client(server, "cross-session-key");
});
afterAll(() => server.close());

const hex = (n: number) => randomUUID().replace(/-/g, "").slice(0, n);

/** A Python-SDK span of `session` (its tracer's session) named `name`. */
function span(session: string, name: string, traceId: string, spanId: string, parent: string | null, type = "tool"): PySpan {
  return {
    traceId, spanId, parentSpanId: parent, name, startMs: 1_700_000_000_000, endMs: 1_700_000_000_050,
    attributes: { "honeyhive.session_id": session, "honeyhive.session_name": `${name}-session`, honeyhive_event_type: type, "honeyhive.source": "py" },
  };
}

async function send(spans: PySpan[]): Promise<void> {
  const res = await api.call("POST", "/opentelemetry/v1/traces", pythonJsonBody(spans), { "content-type": "application/json" });
  expect(res.status).toBe(200);
}

/** Names of every node of a REST tree, depth first. */
function names(node: { event_name: string; children?: unknown[] }): string[] {
  return [node.event_name, ...((node.children ?? []) as { event_name: string }[]).flatMap((c) => names(c as never))];
}

/**
 * Service A (session A) calls service B; B's tracer has a session of its own (B). B's top span's parent span is A's
 * span: two of B's five events hang directly under A's span, the other three under them.
 */
async function distributedTrace(order: "caller-first" | "callee-first") {
  const [a, b, trace] = [randomUUID(), randomUUID(), hex(32)];
  const ids = { callerRoot: hex(16), callerCall: hex(16), handle: hex(16), lookup: hex(16), llm: hex(16), audit: hex(16), reply: hex(16) };
  const caller = [span(a, "checkout", trace, ids.callerRoot, null, "chain"), span(a, "call-inventory", trace, ids.callerCall, ids.callerRoot)];
  const callee = [
    span(b, "handle", trace, ids.handle, ids.callerCall, "chain"),
    span(b, "lookup", trace, ids.lookup, ids.handle),
    span(b, "llm", trace, ids.llm, ids.handle, "model"),
    span(b, "audit", trace, ids.audit, ids.callerCall), // a second top event, also under the caller's span
    span(b, "reply", trace, ids.reply, ids.audit),
  ];
  if (order === "caller-first") await send([...caller, ...callee]);
  else await send(callee);
  return { a, b, caller, callee };
}

describe("a session's tree holds the events whose parent lives in another session", () => {
  it("GET /v1/sessions/{id}: all five events, the two called-in tops under the session with called_from", async () => {
    const { a, b } = await distributedTrace("caller-first");
    const tree = (await api.call("GET", `/v1/sessions/${b}`)).body;
    expect(tree.num_events).toBe(5);
    expect(names(tree).slice(1).sort()).toEqual(["audit", "handle", "llm", "lookup", "reply"]);
    const tops = tree.children as { event_name: string; called_from?: unknown; children: { event_name: string }[] }[];
    expect(tops.map((t) => t.event_name).sort()).toEqual(["audit", "handle"]);
    const callerEvent = (await api.call("POST", "/v1/events/export", { filters: [{ field: "event_name", operator: "is", value: "call-inventory", type: "string" }] })).body.events[0];
    for (const top of tops) expect(top.called_from).toEqual({ event_id: callerEvent.event_id, event_name: "call-inventory", session_id: a, session_name: "checkout-session" });
    expect(tops.find((t) => t.event_name === "handle")!.children.map((c) => c.event_name).sort()).toEqual(["llm", "lookup"]);
    expect((tops.find((t) => t.event_name === "handle")!.children[0] as { called_from?: unknown }).called_from).toBeUndefined();
    // the caller's own tree is unchanged: its two events, nothing of B's
    expect(names((await api.call("GET", `/v1/sessions/${a}`)).body).slice(1).sort()).toEqual(["call-inventory", "checkout"]);
  });

  it("the viewer's tree: each called-in top names its caller, and so does the session", async () => {
    const { a, b } = await distributedTrace("caller-first");
    const tree = (await api.call("GET", `/viewer/sessions/${b}/tree`)).body;
    expect(tree.events).toHaveLength(5);
    const called = (tree.events as { name: string; called_from?: { session_id: string; session_name: string } }[]).filter((e) => e.called_from);
    expect(called.map((e) => e.name).sort()).toEqual(["audit", "handle"]);
    expect(called[0]!.called_from).toMatchObject({ session_id: a, session_name: "checkout-session" });
    expect(tree.session.called_from).toMatchObject({ session_id: a, session_name: "checkout-session" });
  });

  it("a caller's span that arrives after its callee's: linked once it is stored, the viewer never serving a stale tree", async () => {
    const { a, b, caller } = await distributedTrace("callee-first");
    const before = (await api.call("GET", `/v1/sessions/${b}`)).body;
    expect(names(before).slice(1).sort()).toEqual(["audit", "handle", "llm", "lookup", "reply"]); // whole even before
    expect((before.children as { called_from?: unknown }[]).every((c) => c.called_from === undefined)).toBe(true);
    const early = (await api.call("GET", `/viewer/sessions/${b}/tree`)).body;
    expect(early.events.some((e: { called_from?: unknown }) => e.called_from)).toBe(false);
    await send(caller);
    const later = (await api.call("GET", `/viewer/sessions/${b}/tree?stamp=${encodeURIComponent(early.stamp)}`)).body;
    expect(later.unchanged).toBe(false);
    expect(later.events.filter((e: { called_from?: unknown }) => e.called_from).length).toBe(2);
    expect(later.session.called_from).toMatchObject({ session_id: a });
    const settled = (await api.call("GET", `/viewer/sessions/${b}/tree?stamp=${encodeURIComponent(later.stamp)}`)).body;
    expect(settled.unchanged).toBe(true); // every caller stored: polling is cheap again
    expect((await api.call("GET", `/v1/sessions/${b}`)).body.children.every((c: { called_from?: unknown }) => c.called_from)).toBe(true);
  });
});
