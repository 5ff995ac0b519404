// GET /v1/sessions/{id} is written as JSON text from the events' stored text: its bytes are exactly JSON.stringify of
// the tree of API events the route built before (session-oracle.ts, from the session's events as the export returns
// them): nesting past the depth cap, parent cycles, a parent never stored, a caller in another session, usage in
// every place it can be stored, evaluation work, children_ids sent by the client, and hostile text.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, startServer, type Client } from "./helpers";
import { oracleBody, type Node } from "./session-oracle";

let server: DevServer;
let api: Client;
beforeAll(async () => {
  server = await startServer();
  api = client(server, "session-tree-text-key");
});
afterAll(() => server.close());

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
