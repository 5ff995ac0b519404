// An event's children_ids list its children in the event order, as queries list them (`ORDER BY start_time, seq`):
// by start time, then by when they were stored, whatever order they arrive in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { client, quietLogger } from "./helpers";

const SESSION = "c5c5c5c5-0000-4000-8000-00000000c0de";
const ROOT = "c5c5c5c5-0000-4000-8000-000000000001";
const T0 = 1_700_000_000_000;
/** Children as they arrive: start times out of order, and two pairs that start at the same time. */
const ARRIVALS: readonly [name: string, startOffset: number][] = [
  ["late", 30], ["tie-first", 10], ["early", 1], ["tie-second", 10], ["middle", 20], ["tie-third", 10], ["same-as-late", 30],
];

let server: DevServer;

beforeAll(async () => {
  server = await createDevServer({ inMemory: true, logger: quietLogger() });
  const root = { event_id: ROOT, event_type: "chain", event_name: "root", session_id: SESSION, start_time: T0 };
  const res = await client(server).call("POST", "/events/batch", { events: [root] });
  expect(res.status).toBe(200);
  for (const [name, offset] of ARRIVALS) {
    const child = { event_type: "tool", event_name: name, session_id: SESSION, parent_id: ROOT, start_time: T0 + offset };
    expect((await client(server).call("POST", "/events/batch", { events: [child] })).status).toBe(200);
  }
});
afterAll(async () => {
  await server.close();
});

interface Listed { event_id: string; event_name: string; parent_id: string | null; children_ids: string[] }

async function listed(projections?: string[]): Promise<Listed[]> {
  const filters = [{ field: "session_id", operator: "is", value: SESSION, type: "string" }];
  const res = await client(server).call("POST", "/v1/events/export", { filters, limit: 100, ...(projections ? { projections } : {}) });
  expect(res.status).toBe(200);
  return (res.body as { events: Listed[] }).events;
}

describe("children_ids", () => {
  it("are in the order queries list the children, on the text path and the object path", async () => {
    for (const events of [await listed(), await listed(["event_id", "event_name", "parent_id", "children_ids"])]) {
      const names = new Map(events.map((e) => [e.event_id, e.event_name]));
      const root = events.find((e) => e.event_id === ROOT);
      const children = events.filter((e) => e.parent_id === ROOT).map((e) => e.event_name);
      expect(children).toEqual(["early", "tie-first", "tie-second", "tie-third", "middle", "late", "same-as-late"]);
      expect(root?.children_ids.map((id) => names.get(id))).toEqual(children);
    }
  });
});
