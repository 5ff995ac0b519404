import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, startServer, type Client } from "./helpers";

const S = "dddddddd-0000-4000-8000-000000000001";
const NOT_SESSION = { field: "event_type", operator: "is not", value: "session", type: "string" };

let server: DevServer;
let api: Client;
beforeAll(async () => {
  server = await startServer();
  api = client(server, "filters-key");
  const res = await api.call("POST", "/events/batch", {
    events: [
      { event_type: "model", event_name: "LLM-a", source: "prod", session_id: S, inputs: {}, start_time: Date.parse("2024-01-01T00:00:01Z"),
        metadata: { run_id: "r1", score: 5, flag: true, "test.unique_id": "x1", tags: ["alpha", "beta"] } },
      { event_type: "tool", event_name: "search", source: "dev", session_id: S, inputs: {}, start_time: Date.parse("2024-01-01T00:00:02Z"),
        metadata: { run_id: "r2", score: 10, flag: false } },
      { event_type: "chain", event_name: "pipeline", source: "prod", session_id: S, inputs: {}, start_time: Date.parse("2024-01-01T00:00:03Z"),
        metadata: { score: "7" }, metrics: { acc: 0.5 }, error: "boom" },
    ],
  });
  expect(res.status).toBe(200);
});
afterAll(() => server.close());

async function names(filters: unknown[], extra: Record<string, unknown> = {}): Promise<string[]> {
  const res = await api.call("POST", "/v1/events/export", { filters: [NOT_SESSION, ...filters], ...extra });
  expect(res.status).toBe(200);
  expect(res.body.count).toBe(res.body.totalEvents);
  return res.body.events.map((e: any) => e.event_name);
}

const f = (field: string, operator: string, value: unknown, type = "string") => ({ field, operator, value, type });

describe("export filters", () => {
  it("is / is not on columns and metadata paths (including dotted keys)", async () => {
    expect(await names([f("source", "is", "prod")])).toEqual(["LLM-a", "pipeline"]);
    expect(await names([f("source", "is not", "prod")])).toEqual(["search"]);
    expect(await names([f("metadata.run_id", "is", "r2")])).toEqual(["search"]);
    expect(await names([f("metadata.test.unique_id", "is", "x1")])).toEqual(["LLM-a"]);
    expect(await names([f("session_id", "is", S), f("event_type", "is", "chain")])).toEqual(["pipeline"]);
  });

  it("contains / not contains (case-insensitive, arrays by element)", async () => {
    expect(await names([f("event_name", "contains", "llm")])).toEqual(["LLM-a"]);
    expect(await names([f("event_name", "not contains", "e")])).toEqual(["LLM-a"]);
    expect(await names([f("metadata.tags", "contains", "bet")])).toEqual(["LLM-a"]);
  });

  it("greater than / less than on numbers (numeric strings count) and metrics", async () => {
    expect(await names([f("metadata.score", "greater than", 6, "number")])).toEqual(["search", "pipeline"]);
    expect(await names([f("metadata.score", "less than", "7", "number")])).toEqual(["LLM-a"]);
    expect(await names([f("metrics.acc", "greater than", 0.4, "number")])).toEqual(["pipeline"]);
    expect(await names([f("metadata.score", "is", 10, "number")])).toEqual(["search"]);
  });

  it("boolean is / is not", async () => {
    expect(await names([f("metadata.flag", "is", true, "boolean")])).toEqual(["LLM-a"]);
    expect(await names([f("metadata.flag", "is", "false", "boolean")])).toEqual(["search"]);
    expect(await names([f("metadata.flag", "is not", true, "boolean")])).toEqual(["search", "pipeline"]);
  });

  it("exists / not exists", async () => {
    expect(await names([{ field: "metadata.run_id", operator: "exists", type: "string" }])).toEqual(["LLM-a", "search"]);
    expect(await names([{ field: "metadata.run_id", operator: "not exists", value: "", type: "string" }])).toEqual(["pipeline"]);
    expect(await names([{ field: "error", operator: "exists", type: "string" }])).toEqual(["pipeline"]);
  });

  it("after / before on datetimes", async () => {
    expect(await names([f("start_time", "after", "2024-01-01T00:00:01.500Z", "datetime")])).toEqual(["search", "pipeline"]);
    expect(await names([f("start_time", "before", Date.parse("2024-01-01T00:00:02Z"), "datetime")])).toEqual(["LLM-a"]);
  });

  it("paginates with 1-based pages and reports the total", async () => {
    const page1 = await api.call("POST", "/v1/events/export", { filters: [NOT_SESSION], limit: 2, page: 1 });
    const page2 = await api.call("POST", "/v1/events/export", { filters: [NOT_SESSION], limit: 2, page: 2 });
    expect(page1.body.events.map((e: any) => e.event_name)).toEqual(["LLM-a", "search"]);
    expect(page2.body.events.map((e: any) => e.event_name)).toEqual(["pipeline"]);
    expect(page1.body).toMatchObject({ count: 3, totalEvents: 3 });
  });

  it("search orders newest first and takes {start_time,end_time}; export takes {$gte,$lte}", async () => {
    const search = await api.call("POST", "/v1/events/search", {
      filters: [NOT_SESSION], dateRange: { start_time: "2024-01-01T00:00:01.500Z", end_time: "2024-01-01T00:00:05Z" },
    });
    expect(search.body.events.map((e: any) => e.event_name)).toEqual(["pipeline", "search"]);
    const exp = await api.call("POST", "/v1/events/export", {
      filters: [NOT_SESSION], dateRange: { $gte: "2024-01-01T00:00:00Z", $lte: "2024-01-01T00:00:02Z" },
    });
    expect(exp.body.events.map((e: any) => e.event_name)).toEqual(["LLM-a", "search"]);
  });

  it("projects fields and serves GET /v1/events with query parameters", async () => {
    const res = await api.call("POST", "/v1/events/export", { filters: [f("event_type", "is", "tool")], projections: ["event_name", "metadata.run_id"] });
    expect(res.body.events).toEqual([{ event_id: expect.any(String), event_name: "search", metadata: { run_id: "r2", score: 10, flag: false } }]);
    const q = encodeURIComponent(JSON.stringify([f("event_type", "is", "model")]));
    const get = await api.call("GET", `/v1/events?filters=${q}`);
    expect(get.body.events.map((e: any) => e.event_name)).toEqual(["LLM-a"]);
  });

  it("rejects unknown operators and types, bad values and bad paging with 400", async () => {
    const bad = async (body: unknown) => {
      const res = await api.call("POST", "/v1/events/export", body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: expect.any(String) });
    };
    await bad({ filters: [f("event_type", "matches", "x")] });
    await bad({ filters: [f("event_type", "is", "x", "id")] });
    await bad({ filters: [f("metadata.score", "greater than", "abc", "number")] });
    await bad({ filters: [f("metadata.flag", "is", "yes", "boolean")] });
    await bad({ filters: [f("start_time", "after", "not a date", "datetime")] });
    await bad({ filters: [{ operator: "is", value: "x", type: "string" }] });
    await bad({ filters: "not json" });
    await bad({ filters: [], limit: "many" });
    await bad({ filters: [], page: 0 });
    await bad({ filters: [], dateRange: { $gte: "yesterday-ish" } });
  });

  it("never shows another project's events", async () => {
    const other = client(server, "someone-else");
    const res = await other.call("POST", "/v1/events/export", { filters: [] });
    expect(res.body.totalEvents).toBe(0);
  });
});
