import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { encodeCursor, decodeCursor } from "../../packages/dev-server/src/query/cursor";
import { client, startServer, type Client, type Reply } from "./helpers";

const SESSION = "abababab-0000-4000-8000-00000000c0de";
let server: DevServer;
let api: Client;

beforeAll(async () => {
  server = await startServer();
  api = client(server);
  // 250 events; many share a start time (ties are broken by storage order), a few have none at all.
  const events = Array.from({ length: 250 }, (_, i) => ({
    event_type: "tool", event_name: `e${i}`, session_id: SESSION, start_time: 1_700_000_000_000 + Math.floor(i / 7),
    metadata: { n: i, even: i % 2 === 0 }, inputs: {},
  }));
  expect((await api.call("POST", "/events/batch", { events })).status).toBe(200);
});
afterAll(() => server.close());

async function walk(fetchPage: (cursor: string | undefined) => Promise<any>): Promise<{ names: string[]; pages: number; totals: Set<number> }> {
  const names: string[] = [];
  const totals = new Set<number>();
  let cursor: string | undefined;
  let pages = 0;
  do {
    const body = await fetchPage(cursor);
    pages += 1;
    totals.add(body.totalEvents);
    names.push(...body.events.map((e: { event_name: string }) => e.event_name));
    cursor = body.next_cursor ?? undefined;
    expect(pages).toBeLessThan(1000);
  } while (cursor);
  return { names, pages, totals };
}

describe("keyset pagination (cursor / next_cursor)", () => {
  it("GET /v1/events walks every event once, in the same order as offset pages", async () => {
    const all = (await api.call("GET", "/v1/events?limit=1000")).body;
    expect(all.next_cursor).toBeNull();
    const expected = all.events.map((e: { event_name: string }) => e.event_name);
    expect(expected).toHaveLength(251); // 250 events + their session
    const walked = await walk(async (cursor) =>
      (await api.call("GET", `/v1/events?limit=17${cursor ? `&cursor=${cursor}` : ""}`)).body);
    expect(walked.names).toEqual(expected);
    expect(walked.pages).toBe(Math.ceil(251 / 17));
    expect([...walked.totals]).toEqual([251]);
    const offsetPage3 = (await api.call("GET", "/v1/events?limit=17&page=3")).body.events.map((e: { event_name: string }) => e.event_name);
    expect(offsetPage3).toEqual(expected.slice(34, 51));
  });

  it("POST /v1/events/search (newest first) and export with a JS-evaluated filter paginate by cursor too", async () => {
    const filters = [{ field: "metadata.even", operator: "is", value: "true", type: "boolean" }];
    const search = await walk(async (cursor) => (await api.call("POST", "/v1/events/search", { filters, limit: 11, cursor })).body);
    const exported = await walk(async (cursor) => (await api.call("POST", "/v1/events/export", { filters, limit: 11, cursor })).body);
    expect(exported.names).toHaveLength(125);
    expect(new Set(exported.names).size).toBe(125);
    expect(search.names).toEqual([...exported.names].reverse());
    expect([...exported.totals]).toEqual([125]);
  });

  it("events written while paging neither repeat nor shift the pages already read", async () => {
    const first = (await api.call("GET", "/v1/events?limit=50")).body;
    const later = Array.from({ length: 30 }, (_, i) => ({ event_type: "tool", event_name: `late${i}`, session_id: SESSION, start_time: 1_600_000_000_000, inputs: {} }));
    expect((await api.call("POST", "/events/batch", { events: later })).status).toBe(200);
    const second = (await api.call("GET", `/v1/events?limit=50&cursor=${first.next_cursor}`)).body;
    const seen = new Set(first.events.map((e: { event_id: string }) => e.event_id));
    for (const e of second.events) expect(seen.has(e.event_id)).toBe(false);
    expect(second.events.some((e: { event_name: string }) => e.event_name.startsWith("late"))).toBe(false);
  });

  it("answers a malformed or foreign cursor with 400", async () => {
    for (const cursor of ["x", "!!!", "a".repeat(300), Buffer.from("[1,2]").toString("base64url"), Buffer.from('["a",null,-1]').toString("base64url"),
      Buffer.from('["a","x",1]').toString("base64url"), encodeCursor({ start: 1, seq: 2 }, "desc")]) {
      const res = await api.call("GET", `/v1/events?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status, cursor).toBe(400);
      expect(res.body.error).toMatch(/cursor/);
    }
    expect(decodeCursor(encodeCursor({ start: null, seq: 5 }, "asc"), "asc")).toEqual({ start: null, seq: 5 });
  });

  it("GET /v1/runs pages by cursor in every sort, matching offset pages", async () => {
    for (let i = 0; i < 23; i++) expect((await api.call("POST", "/v1/runs", { name: `run-${i % 5}`, event_ids: [] })).status).toBe(200);
    for (const sort of ["", "&sort_by=name&sort_order=asc", "&sort_by=name&sort_order=desc", "&sort_by=status&sort_order=asc"]) {
      const all = (await api.call("GET", `/v1/runs?limit=1000${sort}`)).body.evaluations.map((r: { id: string }) => r.id);
      expect(all).toHaveLength(23);
      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const res: Reply = await api.call("GET", `/v1/runs?limit=4${sort}${cursor ? `&cursor=${cursor}` : ""}`);
        expect(res.status).toBe(200);
        walked.push(...res.body.evaluations.map((r: { id: string }) => r.id));
        cursor = res.body.pagination.next_cursor;
      } while (cursor);
      expect(walked, sort).toEqual(all);
    }
    const first = (await api.call("GET", "/v1/runs?limit=4")).body.pagination.next_cursor as string;
    expect((await api.call("GET", `/v1/runs?limit=4&sort_by=name&cursor=${first}`)).status).toBe(400);
    expect((await api.call("GET", "/v1/runs?cursor=%%%")).status).toBe(400);
  });
});
