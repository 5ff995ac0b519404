import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, startServer, type Client } from "./helpers";

const RUN_OBJECT_REQUIRED = ["id", "run_id", "metadata", "results", "event_ids", "configuration", "is_active", "created_at", "scope_type", "scope_id"];

let server: DevServer;
let api: Client;
beforeAll(async () => {
  server = await startServer();
  api = client(server, "runs-key");
});
afterAll(() => server.close());

interface Point {
  dp: string;
  accuracy: number;
  exact: boolean;
}

/** Emulates Python evaluate(): run, one session per datapoint, metrics on the chain span, run completion. */
async function runExperiment(points: Point[], opts: { linkSessions?: boolean; passing_ranges?: object } = {}) {
  const runId = randomUUID();
  const created = await api.call("POST", "/v1/runs", {
    run_id: runId, name: "exp", status: "pending", event_ids: [], datapoint_ids: points.map((p) => p.dp),
    dataset_id: "EXT-0123456789abcdef", configuration: { function: "my_fn", max_workers: 8 },
    metadata: { git: { commit: "abc" } }, ...(opts.passing_ranges ? { passing_ranges: opts.passing_ranges } : {}),
  });
  expect(created.status).toBe(200);
  expect(created.body.run_id).toBe(runId);
  const sessions: string[] = [];
  for (const p of points) {
    const meta = { run_id: runId, dataset_id: "EXT-0123456789abcdef", datapoint_id: p.dp };
    const session = await api.call("POST", "/session/start", { session: { session_name: "exp", source: "evaluation", metadata: meta } });
    sessions.push(session.body.session_id);
    const chain = await api.call("POST", "/events", { event: {
      event_type: "chain", event_name: "my_fn", session_id: session.body.session_id, inputs: {}, metadata: meta,
      metrics: { accuracy: p.accuracy, exact: p.exact, accuracy_explanation: "because" },
    } });
    expect(chain.status).toBe(200);
    await api.call("POST", "/events", { event: { event_type: "tool", event_name: "lookup", session_id: session.body.session_id, inputs: {}, metadata: meta } });
    await api.call("PUT", "/events", { event_id: session.body.session_id, outputs: { answer: "x" }, feedback: { ground_truth: "y" } });
  }
  const done = await api.call("PUT", `/v1/runs/${runId}`, { status: "completed", name: "exp", event_ids: opts.linkSessions === false ? [] : sessions });
  expect(done.status).toBe(200);
  return { runId, sessions };
}

const POINTS: Point[] = [
  { dp: "EXT-dp1", accuracy: 1, exact: true },
  { dp: "EXT-dp2", accuracy: 2, exact: false },
  { dp: "EXT-dp3", accuracy: 3, exact: true },
  { dp: "EXT-dp4", accuracy: 4, exact: true },
  { dp: "EXT-dp5", accuracy: 10, exact: false },
];

describe("runs", () => {
  it("creates, gets, updates (merging metadata, unioning event ids), lists and deletes runs", async () => {
    const created = await api.call("POST", "/v1/runs", { name: "crud", dataset_id: "EXT-abc", metadata: { a: 1 }, event_ids: ["11111111-0000-4000-8000-000000000001"] });
    expect(created.status).toBe(200);
    const run = created.body.evaluation;
    for (const key of RUN_OBJECT_REQUIRED) expect(run).toHaveProperty(key);
    expect(run).toMatchObject({ dataset_id: null, metadata: { a: 1, offline_dataset_id: "EXT-abc" }, is_active: true, status: "pending" });
    const id = created.body.run_id;
    const put = await api.call("PUT", `/v1/runs/${id}`, { status: "completed", metadata: { b: 2 }, event_ids: ["11111111-0000-4000-8000-000000000002"] });
    expect(put.body.evaluation).toMatchObject({ status: "completed", metadata: { a: 1, b: 2, offline_dataset_id: "EXT-abc" } });
    expect(put.body.evaluation.event_ids).toHaveLength(2);
    expect((await api.call("GET", `/v1/runs/${id}`)).body.evaluation.status).toBe("completed");
    expect((await api.call("GET", `/runs/${id}`)).status).toBe(200);

    const list = await api.call("GET", `/v1/runs?run_ids[]=${id}&status=completed`);
    expect(list.body.evaluations.map((r: any) => r.id)).toEqual([id]);
    expect(list.body.pagination).toMatchObject({ page: 1, total: 1, has_next: false, has_prev: false });
    expect((await api.call("GET", `/v1/runs?run_ids=${id}&name=crud`)).body.evaluations).toHaveLength(1);

    const del = await api.call("DELETE", `/v1/runs/${id}`);
    expect(del.body).toEqual({ id, deleted: true });
    expect((await api.call("GET", `/v1/runs/${id}`)).status).toBe(404);
  });

  it("paginates and sorts the run list", async () => {
    const other = client(server, "list-key");
    for (const name of ["b", "a", "c"]) await other.call("POST", "/v1/runs", { name });
    const page = await other.call("GET", "/v1/runs?sort_by=name&sort_order=asc&limit=2&page=1");
    expect(page.body.evaluations.map((r: any) => r.name)).toEqual(["a", "b"]);
    expect(page.body.pagination).toMatchObject({ total: 3, total_unfiltered: 3, total_pages: 2, has_next: true });
    expect((await other.call("GET", "/v1/runs?sort_by=evil")).status).toBe(400);
  });

  it("rejects invalid ids, statuses and unknown runs", async () => {
    expect((await api.call("GET", "/v1/runs/not-a-uuid")).status).toBe(400);
    expect((await api.call("GET", `/v1/runs/${randomUUID()}`)).status).toBe(404);
    expect((await api.call("PUT", `/v1/runs/${randomUUID()}`, { status: "completed" })).status).toBe(404);
    expect((await api.call("DELETE", `/v1/runs/${randomUUID()}`)).status).toBe(404);
    expect((await api.call("POST", "/v1/runs", { status: "done" })).status).toBe(400);
    expect((await api.call("POST", "/v1/runs", { run_id: "123" })).status).toBe(400);
    const res = await api.call("GET", `/v1/runs/${randomUUID()}/result`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: expect.any(String) });
  });
});

describe("results", () => {
  it("aggregates metrics from every event of the run's sessions", async () => {
    const { runId, sessions } = await runExperiment(POINTS);
    const res = await api.call("GET", `/v1/runs/${runId}/result?aggregate_function=average`);
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s).toMatchObject({ status: "completed", success: true, run_object: { id: runId } });
    for (const key of RUN_OBJECT_REQUIRED) expect(s.run_object).toHaveProperty(key);
    const accuracy = s.metrics.details.find((d: any) => d.metric_name === "accuracy");
    expect(accuracy).toMatchObject({ event_name: "my_fn", event_type: "chain", metric_type: "numeric", aggregate: 4, values: [1, 2, 3, 4, 10] });
    const exact = s.metrics.details.find((d: any) => d.metric_name === "exact");
    expect(exact).toMatchObject({ metric_type: "boolean", aggregate: 0.6, values: [1, 0, 1, 1, 0] });
    expect(s.metrics.details.find((d: any) => d.metric_name === "accuracy_explanation")).toBeUndefined();
    // The shared rule: a boolean metric without a range passes only when true (dp2 and dp5 have exact=false).
    expect(s.passed).toEqual(["EXT-dp1", "EXT-dp3", "EXT-dp4"]);
    expect(s.failed).toEqual(["EXT-dp2", "EXT-dp5"]);
    expect(s.verdict).toEqual({ passed: 3, failed: 2, not_run: 0, total: 5 });
    expect(s.datapoints).toHaveLength(5);
    expect(s.datapoints[0]).toMatchObject({ datapoint_id: "EXT-dp1", session_id: sessions[0], passed: true });
    expect(s.datapoints[0].metrics).toContainEqual({ name: "accuracy", event_name: "my_fn", event_type: "chain", value: 1, passed: true, verdict: "undecided" });
    expect(s.event_details).toEqual(expect.arrayContaining([
      { event_name: "my_fn", event_type: "chain" }, { event_name: "lookup", event_type: "tool" }, { event_name: "exp", event_type: "session" },
    ]));
    expect((await api.call("GET", `/v1/runs/${runId}/summary`)).body.metrics).toEqual(s.metrics);
  });

  it("supports every aggregation function and rejects unknown ones", async () => {
    const { runId } = await runExperiment(POINTS);
    const expected: Record<string, number> = { average: 4, min: 1, max: 10, median: 3, p90: 7.6, p95: 8.8, p99: 9.76, sum: 20, count: 5 };
    for (const [fn, value] of Object.entries(expected)) {
      const res = await api.call("GET", `/v1/runs/${runId}/result?aggregate_function=${fn}`);
      const accuracy = res.body.metrics.details.find((d: any) => d.metric_name === "accuracy");
      expect(res.body.metrics.aggregation_function).toBe(fn);
      expect(accuracy.aggregate).toBeCloseTo(value, 9);
    }
    expect((await api.call("GET", `/v1/runs/${runId}/result?aggregate_function=mode`)).status).toBe(400);
  });

  it("finds sessions through metadata.run_id even when the run does not list them", async () => {
    const { runId } = await runExperiment(POINTS.slice(0, 2), { linkSessions: false });
    const res = await api.call("GET", `/v1/runs/${runId}/result`);
    expect(res.body.datapoints.map((d: any) => d.datapoint_id)).toEqual(["EXT-dp1", "EXT-dp2"]);
  });

  it("applies passing_ranges per datapoint (booleans as 1/0)", async () => {
    const { runId } = await runExperiment(POINTS, { passing_ranges: { accuracy: { min: 2, max: 5 }, exact: { min: 1 } } });
    const s = (await api.call("GET", `/v1/runs/${runId}/result`)).body;
    expect(s.passed).toEqual(["EXT-dp3", "EXT-dp4"]);
    expect(s.failed).toEqual(["EXT-dp1", "EXT-dp2", "EXT-dp5"]);
    const accuracy = s.metrics.details.find((d: any) => d.metric_name === "accuracy");
    expect(accuracy.passing_range).toEqual({ min: 2, max: 5 });
    expect(accuracy.datapoints).toEqual({ passed: ["EXT-dp2", "EXT-dp3", "EXT-dp4"], failed: ["EXT-dp1", "EXT-dp5"] });
    const dp2 = s.datapoints.find((d: any) => d.datapoint_id === "EXT-dp2");
    expect(dp2.passed).toBe(false);
    expect(dp2.metrics.find((m: any) => m.name === "exact")).toMatchObject({ value: false, passed: false });
  });

  it("serves /metrics with each event's metrics and datapoint", async () => {
    const { runId } = await runExperiment(POINTS.slice(0, 2));
    const res = await api.call("GET", `/v1/runs/${runId}/metrics`);
    expect(res.body.totalEvents).toBe(2);
    expect(res.body.events[0]).toMatchObject({ event_name: "my_fn", metadata: { datapoint_id: "EXT-dp1" }, metrics: { accuracy: 1 } });
  });
});

describe("comparison", () => {
  it("pairs datapoints, counts improved/degraded/same (higher is better) and compares aggregates", async () => {
    const old = await runExperiment(POINTS);
    const changed = POINTS.map((p, i) => ({ ...p, accuracy: [2, 2, 1, 4, 10][i]!, exact: [true, true, true, false, false][i]! }));
    const next = await runExperiment(changed);
    const res = await api.call("GET", `/v1/runs/${next.runId}/compare-with/${old.runId}`);
    expect(res.status).toBe(200);
    const c = res.body;
    expect(c.commonDatapoints.sort()).toEqual(POINTS.map((p) => p.dp).sort());
    expect(c.old_run.id).toBe(old.runId);
    expect(c.new_run.id).toBe(next.runId);
    const accuracy = c.metrics.find((m: any) => m.metric_name === "accuracy");
    expect(accuracy).toMatchObject({
      event_name: "my_fn", event_type: "chain", metric_type: "numeric", old_aggregate: 4, new_aggregate: 3.8,
      found_count: 5, improved_count: 1, degraded_count: 1, same_count: 3, improved: ["EXT-dp1"], degraded: ["EXT-dp3"],
    });
    expect(accuracy.difference).toBeCloseTo(-0.2, 9);
    expect(accuracy.percentage_change).toBeCloseTo(-5, 9);
    expect(accuracy.old_values).toEqual([1, 2, 3, 4, 10]);
    const exact = c.metrics.find((m: any) => m.metric_name === "exact");
    expect(exact).toMatchObject({ metric_type: "boolean", improved: ["EXT-dp2"], degraded: ["EXT-dp4"], same_count: 3 });
    expect(c.event_details).toContainEqual({ event_name: "my_fn", event_type: "chain", presence: "both" });
    const b = await api.call("GET", `/v1/runs/${next.runId}/compare/${old.runId}?aggregate_function=max`);
    expect(b.body.metrics.find((m: any) => m.metric_name === "accuracy").new_aggregate).toBe(10);
  });

  it("pairs events of two runs by datapoint", async () => {
    const old = await runExperiment(POINTS.slice(0, 3));
    const next = await runExperiment(POINTS.slice(1, 4));
    const res = await api.call("GET", `/v1/runs/compare/events?run_id_1=${next.runId}&run_id_2=${old.runId}&event_name=my_fn&event_type=chain&limit=1&page=2`);
    expect(res.status).toBe(200);
    expect(res.body.totalEvents).toBe(2);
    expect(res.body.events).toHaveLength(1);
    const pair = res.body.events[0];
    expect(pair.datapoint_id).toBe("EXT-dp3");
    expect(next.sessions).toContain(pair.event_1.session_id);
    expect(old.sessions).toContain(pair.event_2.session_id);
    expect(pair.event_1.event_name).toBe("my_fn");
    const b = await api.call("GET", `/v1/runs/${next.runId}/compare/${old.runId}/events`);
    expect(b.body.events.map((e: any) => e.event_1.event_type)).toEqual(["session", "session"]);
    expect((await api.call("GET", `/v1/runs/compare/events?run_id_1=${next.runId}&run_id_2=${randomUUID()}`)).status).toBe(404);
    expect((await api.call("GET", `/v1/runs/compare/events?run_id_1=x&run_id_2=y`)).status).toBe(400);
  });
});

describe("a datapoint whose evaluators left no record", () => {
  /** A run listing `evaluators`, one linked session per datapoint with the given events; the stored result. */
  async function resultOf(evaluators: string[], events: (meta: object, sessionId: string) => object[]) {
    const runId = randomUUID();
    await api.call("POST", "/v1/runs", { run_id: runId, name: "scores", event_ids: [], configuration: { evaluators }, datapoint_ids: ["EXT-a"] });
    const meta = { run_id: runId, datapoint_id: "EXT-a" };
    const session = await api.call("POST", "/session/start", { session: { session_name: "scores", source: "evaluation", inputs: { x: 1 }, metadata: meta } });
    for (const event of events(meta, session.body.session_id)) expect((await api.call("POST", "/events", { event })).status).toBe(200);
    await api.call("PUT", `/v1/runs/${runId}`, { status: "completed", event_ids: [session.body.session_id] });
    return (await api.call("GET", `/v1/runs/${runId}/result`)).body;
  }

  it("is not passed when the run's evaluator has no event, metric or error in it (its scores never arrived)", async () => {
    const result = await resultOf(["ok"], () => []);
    expect(result.verdict).toMatchObject({ passed: 0, failed: 1 });
    expect(result.datapoints[0]).toMatchObject({ passed: false, unrecorded_evaluators: ["ok"] });
  });

  it("passes when the evaluator's span is stored, with or without a score, or its score under its name or <name>_…", async () => {
    const chain = (meta: object, session_id: string, metrics: object) => ({ event_type: "chain", event_name: "fn", session_id, inputs: {}, metadata: meta, metrics });
    const span = await resultOf(["ok"], (meta, id) => [{ event_type: "chain", event_name: "ok", session_id: id, inputs: {}, metadata: meta, outputs: {} }]);
    expect(span.verdict).toMatchObject({ passed: 1, failed: 0 });
    const scored = await resultOf(["ok", "judge"], (meta, id) => [chain(meta, id, { ok: true, judge_relevance: 0.9 })]);
    expect(scored.verdict).toMatchObject({ passed: 1, failed: 0 });
    expect(scored.datapoints[0].unrecorded_evaluators).toBeUndefined();
    const partly = await resultOf(["ok", "judge"], (meta, id) => [chain(meta, id, { ok: true })]);
    expect(partly.datapoints[0]).toMatchObject({ passed: false, unrecorded_evaluators: ["judge"] });
  });
});
