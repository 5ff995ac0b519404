import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import { SDK_VERSION } from "../../packages/honeyhive/src/api-client/sdk-version";
import { startLoopbackServer, type LoopbackServer } from "./loopback-server";

const KEY = "hh_secret_key_1234567890";
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setHandler(() => ({ body: {} }));
});

function client(extra: Partial<Parameters<typeof createApiClient>[0]> = {}) {
  return createApiClient({ serverUrl: `${server.url}/`, apiKey: KEY, initialBackoffMs: 5, ...extra });
}

describe("createApiClient: requests", () => {
  it("sends the auth and SDK headers and JSON bodies", async () => {
    server.setHandler(() => ({ body: { session_id: "s-1", event_id: "s-1" } }));
    const result = await client().sessions.start({ session: { session_name: "n", source: "evaluation", inputs: { q: 1 }, project: "ignored" } });
    expect(result).toEqual({ ok: true, data: { session_id: "s-1", event_id: "s-1" } });
    const [req] = server.requests;
    expect(req).toMatchObject({ method: "POST", path: "/v1/sessions" });
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req!.headers["content-type"]).toBe("application/json");
    expect(req!.headers["hh-sdk-language"]).toBe("typescript");
    expect(req!.headers["hh-sdk-version"]).toBe(SDK_VERSION);
    expect(req!.body).toEqual({ session_name: "n", source: "evaluation", inputs: { q: 1 } });
  });

  it("uses the documented method and path of every endpoint", async () => {
    const api = client();
    await api.events.update({ event_id: "e1", outputs: { a: 1 }, feedback: { ground_truth: { x: 1 } } });
    await api.events.create({ event: { event_type: "tool", inputs: {}, project: "p" } });
    await api.events.export({ filters: [{ field: "metadata.run_id", operator: "is", value: "r", type: "string" }], limit: 10 });
    await api.runs.create({ name: "exp", status: "pending", event_ids: [], datapoint_ids: ["d"] });
    await api.runs.update("r/1", { status: "completed", event_ids: ["s"] });
    await api.runs.get("r1");
    await api.runs.list({ dataset_id: "ds", run_ids: ["a"] });
    await api.runs.result("r1", "median");
    await api.runs.compare("new", "old");
    await api.runs.delete("r1");
    await api.datasets.list({ dataset_id: "ds1" });
    await api.datasets.create({ name: "d" });
    await api.datasets.addDatapoints("ds1", { data: [{ q: 1 }], mapping: { inputs: ["q"] } });
    await api.datapoints.get("dp1");
    await api.datapoints.create({ inputs: { a: 1 } });
    await api.datapoints.list({ ids: ["a", "b"] });
    await api.datasets.update({ dataset_id: "ds1", name: "n2", datapoints: ["a"] });
    await api.datasets.delete("ds1");
    await api.events.createBatch({ events: [{ event_type: "tool", inputs: {}, project: "p" }], is_single_session: true, session: { session_name: "s" } });
    await api.sessions.get("s1");
    const seen = server.requests.map((r) => `${r.method} ${r.path}${r.query.size ? `?${r.query.toString()}` : ""}`);
    expect(seen).toEqual([
      "PUT /v1/events/e1",
      "POST /v1/events",
      "POST /v1/events/search",
      "POST /v1/runs",
      "PUT /v1/runs/r%2F1",
      "GET /v1/runs/r1",
      "GET /v1/runs?dataset_id=ds&run_ids=a",
      "GET /v1/runs/r1/result?aggregate_function=median",
      "GET /v1/runs/new/compare/old",
      "DELETE /v1/runs/r1",
      "GET /v1/datasets?dataset_id=ds1",
      "POST /v1/datasets",
      "POST /v1/datasets/ds1/datapoints",
      "GET /v1/datapoints/dp1",
      "POST /v1/datapoints",
      "GET /v1/datapoints?datapoint_ids=a&datapoint_ids=b",
      "PUT /v1/datasets/ds1",
      "DELETE /v1/datasets/ds1",
      "POST /v1/events/batch",
      "POST /v1/events/search",
    ]);
    const bodies = server.requests.map((r) => r.body);
    expect(bodies[0]).toEqual({ outputs: { a: 1 }, feedback: { ground_truth: { x: 1 } } });
    expect(bodies[1]).toEqual({ event_type: "tool", inputs: {} });
    expect(bodies[2]).toEqual({ filters: [{ field: "metadata.run_id", operator: "is", value: "r", type: "string" }], limit: 10 });
    expect(bodies[4]).toEqual({ status: "completed", event_ids: ["s"] });
    expect(bodies[16]).toEqual({ name: "n2", datapoints: ["a"] });
    expect(bodies[18]).toEqual({ events: [{ event_type: "tool", inputs: {} }], single_session: true, session_properties: { session_name: "s" } });
    expect(bodies[19]).toEqual({
      filters: [{ field: "session_id", operator: "is", value: "s1", type: "string" }, { field: "event_type", operator: "is", value: "session", type: "string" }],
      limit: 1,
    });
  });

  it("defaults the result aggregate to average and normalises the export total", async () => {
    server.setHandler((r) => (r.path === "/v1/events/search" ? { body: { events: [{ event_id: "a" }], count: 7 } } : { body: {} }));
    const api = client();
    await api.runs.result("r1");
    expect(server.requests[0]!.query.get("aggregate_function")).toBe("average");
    const exported = await api.events.export({ filters: [] });
    expect(exported.ok && exported.data.totalEvents).toBe(7);
  });

  it("splits datapoint lists into calls of at most 100 ids", async () => {
    server.setHandler((r) => ({ body: { datapoints: r.query.getAll("datapoint_ids").map((id) => ({ id })) } }));
    const ids = Array.from({ length: 250 }, (_, i) => `dp${i}`);
    const result = await client().datapoints.list({ ids });
    expect(result.ok && result.data.datapoints.map((d) => d.id)).toEqual(ids);
    expect(server.requests.map((r) => r.query.getAll("datapoint_ids").length)).toEqual([100, 100, 50]);
  });
});

describe("createApiClient: failures", () => {
  it("retries 503 and 429 (Retry-After) and then succeeds", async () => {
    let n = 0;
    server.setHandler(() => {
      n += 1;
      if (n === 1) return { status: 503, body: { error: "busy" } };
      if (n === 2) return { status: 429, headers: { "retry-after": "0" }, body: {} };
      return { body: { run_id: "r9" } };
    });
    const result = await client().runs.create({ name: "x" });
    expect(result).toEqual({ ok: true, data: { run_id: "r9" } });
    expect(server.requests).toHaveLength(3);
  });

  it("gives up after maxRetries with the status, and does not retry 4xx", async () => {
    server.setHandler(() => ({ status: 500, body: {} }));
    const failed = await client({ maxRetries: 2 }).runs.get("r");
    expect(failed).toMatchObject({ ok: false, status: 500 });
    expect(server.requests).toHaveLength(3);
    server.requests.length = 0;
    server.setHandler(() => ({ status: 404, body: { error: "missing" } }));
    const missing = await client().runs.get("r");
    expect(missing).toMatchObject({ ok: false, status: 404 });
    expect(server.requests).toHaveLength(1);
  });

  it("times out a hanging request", async () => {
    server.setHandler(() => ({ hang: true }));
    const started = Date.now();
    const result = await client({ timeoutMs: 150, maxRetries: 1 }).runs.get("r");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/timed out after 150 ms/);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(server.requests).toHaveLength(2);
  });

  it("never puts the API key in an error, even when the server echoes it", async () => {
    server.setHandler((r) => ({ status: 401, body: { error: `bad key ${String(r.headers.authorization)}` } }));
    const result = await client().runs.get("r");
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(KEY);
    const refused = await createApiClient({ serverUrl: "http://127.0.0.1:1", apiKey: KEY, maxRetries: 0 }).runs.get(KEY);
    expect(refused.ok).toBe(false);
    expect(JSON.stringify(refused)).not.toContain(KEY);
  });

  it("returns errors instead of throwing: no key, bad URL, unserialisable body, non-JSON answer", async () => {
    const noKey = await createApiClient({ serverUrl: server.url, apiKey: "" }).runs.get("r");
    expect(noKey).toEqual({ ok: false, missingApiKey: "project", error: "GET /v1/runs/r needs a project API key: set the apiKey option or HH_API_KEY" });
    const badUrl = await createApiClient({ serverUrl: "not a url", apiKey: KEY }).runs.get("r");
    expect(badUrl.ok).toBe(false);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const unserialisable = await client().events.update({ event_id: "e", metadata: circular });
    expect(unserialisable).toMatchObject({ ok: false, error: expect.stringMatching(/not serialisable/) });
    expect(server.requests).toHaveLength(0);
    server.setHandler(() => ({ body: "<html>" }));
    const notJson = await client().runs.get("r");
    expect(notJson).toMatchObject({ ok: false, status: 200, error: expect.stringMatching(/not JSON/) });
  });

  it("keeps SDK_VERSION equal to package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(SDK_VERSION).toBe(pkg.version);
  });
});
