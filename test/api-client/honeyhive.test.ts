import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HoneyHive } from "../../packages/honeyhive/src/facade/honeyhive";
import { HoneyHiveApiError } from "../../packages/honeyhive/src/api-client/honeyhive-api-error";
import { startLoopbackServer, type LoopbackServer } from "./loopback-server";

const KEY = "hh_class_key_abcdef123456";
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setHandler(() => ({ body: {} }));
});

describe("HoneyHive class (old TS SDK names)", () => {
  it("accepts { bearerAuth, serverURL }, converts camelCase request fields and aliases response fields", async () => {
    server.setHandler(() => ({ body: { session_id: "abc", event_id: "abc" } }));
    const hh = new HoneyHive({ bearerAuth: KEY, serverURL: server.url });
    const res = await hh.session.startSession({ session: { sessionName: "s", source: "dev", inputs: { userName: "x" } } } as never);
    expect(res).toMatchObject({ session_id: "abc", sessionId: "abc" });
    const [req] = server.requests;
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req!.body).toEqual({ session_name: "s", source: "dev", inputs: { userName: "x" } });
  });

  it("maps the experiments methods onto /v1/runs", async () => {
    server.setHandler((r) => ({ body: r.method === "POST" ? { run_id: "r1", evaluation: { run_id: "r1", event_ids: [] } } : { evaluation: { run_id: "r1" } } }));
    const hh = new HoneyHive({ apiKey: KEY, serverUrl: server.url });
    const created = await hh.experiments.createRun({ name: "e", datasetId: null, eventIds: [], status: "pending" });
    expect(created).toMatchObject({ runId: "r1", evaluation: { eventIds: [] } });
    await hh.experiments.updateRun({ status: "completed", eventIds: ["s1"] }, "r1");
    await hh.experiments.updateRun("r1", { status: "failed" });
    await hh.experiments.getExperimentResult("r1", "project-ignored", "max");
    await hh.experiments.getExperimentResult("r1", "p95");
    await hh.experiments.getExperimentComparison("r2", "r1");
    await hh.experiments.getRuns();
    await hh.experiments.deleteRun("r1");
    await hh.events.updateEvent({ eventId: "e1", userProperties: { a: 1 } });
    await hh.events.getEvents({ project: "p", filters: [], dateRange: { $gte: "x" } });
    await hh.datasets.getDatasets("project", undefined, "ds1");
    await hh.datapoints.getDatapoint("dp1");
    await hh.datapoints.getDatapoints({ datapointIds: ["a", "b"] });
    expect(server.requests.map((r) => `${r.method} ${r.path}?${r.query.toString()}`)).toEqual([
      "POST /v1/runs?",
      "PUT /v1/runs/r1?",
      "PUT /v1/runs/r1?",
      "GET /v1/runs/r1/result?aggregate_function=max",
      "GET /v1/runs/r1/result?aggregate_function=p95",
      "GET /v1/runs/r2/compare/r1?",
      "GET /v1/runs?",
      "DELETE /v1/runs/r1?",
      "PUT /v1/events/e1?",
      "POST /v1/events/search?",
      "GET /v1/datasets?dataset_id=ds1",
      "GET /v1/datapoints/dp1?",
      "GET /v1/datapoints?datapoint_ids=a&datapoint_ids=b",
    ]);
    expect(server.requests[0]!.body).toEqual({ name: "e", dataset_id: null, event_ids: [], status: "pending" });
    expect(server.requests[1]!.body).toEqual({ status: "completed", event_ids: ["s1"] });
    expect(server.requests[8]!.body).toEqual({ user_properties: { a: 1 } });
    expect(server.requests[9]!.body).toEqual({ filters: [], dateRange: { start_time: "x", end_time: "9999-12-31T23:59:59.999Z" } });
  });

  it("accepts the request-object form of the result and comparison calls; a non-id never becomes a path", async () => {
    const hh = new HoneyHive({ apiKey: KEY, serverUrl: server.url });
    await hh.experiments.getExperimentResult({ runId: "r1", projectId: "ignored", aggregateFunction: "max" });
    await hh.experiments.getExperimentComparison({ runId1: "r2", runId2: "r1", aggregateFunction: "p95" });
    await hh.experiments.getExperimentComparison({ newRunId: "r3", oldRunId: "r2" });
    expect(server.requests.map((r) => `${r.method} ${r.path}?${r.query.toString()}`)).toEqual([
      "GET /v1/runs/r1/result?aggregate_function=max",
      "GET /v1/runs/r2/compare/r1?aggregate_function=p95",
      "GET /v1/runs/r3/compare/r2?",
    ]);
    await expect(hh.experiments.getExperimentResult({ projectId: "p" })).rejects.toThrow("getExperimentResult({ runId }) must be a run id (a non-empty string), got undefined");
    await expect(hh.experiments.getExperimentResult(42 as never)).rejects.toThrow(/must be a run id .* got number/);
    await expect(hh.experiments.getExperimentComparison("r2")).rejects.toThrow(/getExperimentComparison\(newRunId, oldRunId\) must be a run id/);
    expect(server.requests).toHaveLength(3);
  });

  it("throws HoneyHiveApiError with the status and without the key", async () => {
    server.setHandler((r) => ({ status: 403, body: { error: `forbidden for ${String(r.headers.authorization)}` } }));
    const hh = new HoneyHive({ bearerAuth: KEY, serverURL: server.url });
    const error = await hh.experiments.getRun("r1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HoneyHiveApiError);
    expect((error as HoneyHiveApiError).status).toBe(403);
    expect((error as Error).message).not.toContain(KEY);
    expect((error as Error).message).toMatch(/GET \/v1\/runs\/r1/);
  });
});
