// GET /v1/sessions/{id} is written as JSON text from the events' stored text: its bytes are exactly JSON.stringify of
// the tree of API events the route built before (an oracle below, from the session's events as the export returns
// them): nesting past the depth cap, parent cycles, a parent never stored, a caller in another session, usage in
// every place it can be stored, evaluation work, children_ids sent by the client, and hostile text.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { callTotalsBySide, eventUsage, isEvaluationWork, sumUsage, type Usage } from "../../packages/dev-server/src/domain/call-usage";
import { client, startServer, type Client } from "./helpers";

type Node = Record<string, unknown> & { event_id: string; parent_id: string | null; event_type: string; metadata?: unknown; children?: Node[] };

let server: DevServer;
let api: Client;
beforeAll(async () => {
  server = await startServer();
  api = client(server, "session-tree-text-key");
});
afterAll(() => server.close());

/** The tree as the route built it from API events (the oracle: the former object path, kept here as the reference). */
function oracleTree(session: Node, events: Node[], callers: Map<string, unknown>): Node {
  const byParent = new Map<string, Node[]>();
  for (const e of events) if (e.event_id !== session.event_id && e.parent_id !== null) byParent.set(e.parent_id, [...(byParent.get(e.parent_id) ?? []), e]);
  const seen = new Set([session.event_id]);
  const nodeOf = (e: Node): Node => (callers.has(e.event_id) ? { ...e, called_from: callers.get(e.event_id) } : { ...e });
  const hang = (top: Node): void => {
    const stack = [{ node: top, depth: 0 }];
    while (stack.length > 0) {
      const { node, depth } = stack.pop()!;
      const children: Node[] = [];
      for (const child of byParent.get(node.event_id) ?? []) {
        if (seen.has(child.event_id)) continue;
        seen.add(child.event_id);
        const c = nodeOf(child);
        children.push(c);
        if (depth + 1 < 64) stack.push({ node: c, depth: depth + 1 });
      }
      node.children = children;
    }
  };
  const root: Node = { ...session };
  hang(root);
  const ids = new Set(events.map((e) => e.event_id));
  for (const pass of [(e: Node) => e.parent_id === null || !ids.has(e.parent_id), () => true]) {
    for (const e of events) {
      if (seen.has(e.event_id) || !pass(e)) continue;
      seen.add(e.event_id);
      const node = nodeOf(e);
      root.children!.push(node);
      hang(node);
    }
  }
  return root;
}

function oracleBody(session: Node, events: Node[], callers: Map<string, unknown>): string {
  const rollUp = (u: Usage | null) => ({ prompt_tokens: u?.input_tokens ?? null, completion_tokens: u?.output_tokens ?? null, total_tokens: u?.total_tokens ?? null, cost: u?.cost ?? null });
  const others = events.filter((e) => e.event_id !== session.event_id);
  const bySide = callTotalsBySide(others.map((e) => ({ id: e.event_id, parent: e.parent_id, type: e.event_type, usage: eventUsage(e), evaluation: isEvaluationWork(e) })));
  const usage = sumUsage([bySide.app, bySide.evaluation]);
  const count = (type: string) => events.filter((e) => e.event_type === type).length;
  return JSON.stringify({
    ...oracleTree(session, events, callers), num_events: others.length, num_model_events: count("model"), num_tool_events: count("tool"), num_chain_events: count("chain"),
    prompt_tokens: usage?.input_tokens ?? null, completion_tokens: usage?.output_tokens ?? null, total_tokens: usage?.total_tokens ?? null, cost: usage?.cost ?? null,
    app_usage: rollUp(bySide.app), evaluation_usage: rollUp(bySide.evaluation),
  });
}

/** Every event of `session` as the export gives them (API events, in the queries' order). */
async function exported(session: string): Promise<Node[]> {
  const res = await api.call("POST", "/v1/events/export", { filters: [{ field: "session_id", operator: "is", value: session, type: "string" }], limit: 7500 });
  expect(res.status).toBe(200);
  return res.body.events as Node[];
}

const event = (session: string, fields: Record<string, unknown>) => ({ event_type: "tool", event_name: "step", session_id: session, inputs: {}, start_time: 1_700_000_000_000, ...fields });

async function seed(session: string, other: string): Promise<void> {
  expect((await api.call("POST", "/session/start", { session: { session_id: session, session_name: "tree", inputs: { q: "\u2028 \"quoted\" é 😀" } } })).status).toBe(200);
  expect((await api.call("POST", "/session/start", { session: { session_id: other, session_name: "caller" } })).status).toBe(200);
  const callerId = randomUUID();
  expect((await api.call("POST", `/v1/sessions/${other}/events/batch`, { events: [event(other, { event_id: callerId, event_name: "caller", parent_id: other })] })).status).toBe(200);
  const chain = Array.from({ length: 70 }, () => randomUUID()); // deeper than the tree's cap of 64
  const [x, y, first] = [randomUUID(), randomUUID(), randomUUID()];
  const events = [
    ...chain.map((id, i) => event(session, { event_id: id, parent_id: i === 0 ? session : chain[i - 1], event_type: i % 3 === 0 ? "chain" : "tool", start_time: 1_700_000_000_000 + (i % 5) })),
    event(session, { event_id: x, parent_id: y, event_name: "cycle-x" }),
    event(session, { event_id: y, parent_id: x, event_name: "cycle-y" }),
    event(session, { event_id: randomUUID(), parent_id: randomUUID(), event_name: "orphan" }),
    event(session, { event_id: randomUUID(), parent_id: callerId, event_name: "called-in" }),
    event(session, { event_id: first, parent_id: session, event_type: "model", children_ids: [chain[3]!], metadata: { total_tokens: 30, prompt_tokens: 10, completion_tokens: 20, cost: 0.5 } }),
    event(session, { event_id: randomUUID(), parent_id: first, event_type: "model", metrics: { cost: 0.25 }, config: { model: "unknown-model" } }),
    event(session, { event_id: randomUUID(), parent_id: session, event_type: "model", outputs: { usage: { prompt_tokens: 3, completion_tokens: 4 } }, config: { model: "gpt-4o" } }),
    event(session, { event_id: randomUUID(), parent_id: session, event_type: "model", metadata: { evaluator: "judge", prompt_tokens: 7 }, inputs: { text: "\u2028\u2029 \\ </script>" } }),
    event(session, { event_id: randomUUID(), parent_id: session, start_time: null, metadata: { note: "no usage here", tokenizer: 1 } }),
  ];
  expect((await api.call("POST", `/v1/sessions/${session}/events/batch`, { events })).status).toBe(200);
}

describe("GET /v1/sessions/{id} written from stored text", () => {
  it("answers exactly the JSON of the tree of API events", async () => {
    const [session, other] = [randomUUID(), randomUUID()];
    await seed(session, other);
    const res = await fetch(`${server.url}/v1/sessions/${session}`, { headers: { authorization: "Bearer session-tree-text-key" } });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("content-length"))).toBe(Buffer.byteLength(text));
    const events = await exported(session);
    const body = JSON.parse(text) as Node;
    const callers = new Map<string, unknown>();
    const collect = (n: Node) => { if (n.called_from !== undefined) callers.set(n.event_id, n.called_from); n.children?.forEach(collect); };
    collect(body);
    expect([...callers.values()]).toEqual([expect.objectContaining({ session_id: other, event_name: "caller" })]);
    expect(body.num_events).toBe(79);
    expect(text).toBe(oracleBody(events.find((e) => e.event_id === session)!, events, callers));
  });

  it("answers 404 for an unknown session and for an event that is not a session", async () => {
    const session = randomUUID();
    expect((await api.call("GET", `/v1/sessions/${session}`)).status).toBe(404);
    await api.call("POST", "/session/start", { session: { session_id: session } });
    const child = await api.call("POST", "/events", { event: { event_type: "tool", session_id: session, inputs: {} } });
    expect((await api.call("GET", `/v1/sessions/${child.body.event_id}`)).status).toBe(404);
  });
});
