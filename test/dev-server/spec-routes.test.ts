// The routes of HoneyHive's API the Python client calls that the dev server once missed or answered wrongly: the
// schema routes (once caught by GET /v1/events/{id} and GET /v1/runs/{id} as ids), session traces, the 201 of a queue
// create, the prefix rule of GET /v1/runs?name=, a path starting with "//", charts (unscoped and project-scoped),
// metric versions, and metrics the dev server cannot run (refused with 501, never a silent 200).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, startServer, type Client } from "./helpers";

let server: DevServer;
let api: Client;
beforeAll(async () => {
  server = await startServer();
  api = client(server, "spec-routes-key");
});
afterAll(() => server.close());

/** A run of two datapoints, each a session with a chain event carrying inputs, outputs, a metric and feedback. */
async function seedRun(name: string, datasetId = "EXT-schema"): Promise<{ runId: string; sessions: string[] }> {
  const runId = randomUUID();
  expect((await api.call("POST", "/v1/runs", { run_id: runId, name, event_ids: [], dataset_id: datasetId })).status).toBe(200);
  const sessions: string[] = [];
  for (const dp of ["EXT-a", "EXT-b"]) {
    const metadata = { run_id: runId, dataset_id: datasetId, datapoint_id: dp };
    const session = await api.call("POST", "/session/start", { session: { session_name: name, source: "evaluation", metadata } });
    sessions.push(session.body.session_id);
    await api.call("POST", "/events", { event: {
      event_type: "chain", event_name: "answer", session_id: session.body.session_id, metadata,
      inputs: { question: "q", context: { doc: "d" } }, outputs: { answer: "a" }, metrics: { accuracy: 1 }, feedback: { rating: 5 },
    } });
  }
  await api.call("PUT", `/v1/runs/${runId}`, { status: "completed", event_ids: sessions });
  return { runId, sessions };
}

describe("schema routes", () => {
  it("GET /v1/runs/{id}/schema, /v1/runs/schema and /v1/events/schema answer the fields the runs' events carry", async () => {
    const { runId } = await seedRun("schema-run");
    const other = await seedRun("schema-other", "EXT-other");
    await api.call("POST", "/events", { event: { event_type: "tool", event_name: "no run", inputs: { stray: 1 } } });
    const one = await api.call("GET", `/v1/runs/${runId}/schema`);
    expect(one.status).toBe(200);
    expect(one.body.fields).toEqual(expect.arrayContaining([
      { name: "inputs.question", event_type: "chain" }, { name: "inputs.context.doc", event_type: "chain" },
      { name: "outputs.answer", event_type: "chain" }, { name: "metrics.accuracy", event_type: "chain" },
      { name: "feedback.rating", event_type: "chain" }, { name: "metadata.datapoint_id", event_type: "session" },
    ]));
    expect(one.body.datasets).toEqual(["EXT-schema"]);
    expect(one.body.mappings.metrics).toEqual([{ field_name: "metrics.accuracy", event_type: "chain" }]);
    const all = await api.call("GET", "/v1/runs/schema");
    expect(all.status).toBe(200);
    expect(all.body.datasets).toEqual(["EXT-other", "EXT-schema"]);
    expect(all.body.fields.map((f: { name: string }) => f.name)).not.toContain("inputs.stray"); // an event of no run
    const legacy = await api.call("GET", `/v1/events/schema?evaluation_id=${other.runId}`);
    expect(legacy.status).toBe(200);
    expect(legacy.body.datasets).toEqual(["EXT-other"]);
    expect((await api.call("GET", "/v1/events/schema")).body.datasets).toEqual(["EXT-other", "EXT-schema"]);
    const ranged = await api.call("GET", `/v1/runs/schema?dateRange=${encodeURIComponent(JSON.stringify({ $gte: "2001-01-01", $lte: "2001-01-02" }))}`);
    expect(ranged.body).toEqual({ fields: [], datasets: [], mappings: {} });
    expect((await api.call("GET", `/v1/runs/${randomUUID()}/schema`)).status).toBe(404);
  });
});

describe("POST /session/{id}/traces", () => {
  it("stores the events of `logs` or `events` in the session of the path; neither or both is a 400", async () => {
    const sessionId = randomUUID();
    await api.call("POST", "/session/start", { session: { session_id: sessionId, session_name: "traces" } });
    const logs = await api.call("POST", `/session/${sessionId}/traces`, { logs: [{ event_type: "tool", event_name: "from-logs", inputs: {}, session_id: randomUUID() }] });
    expect(logs).toMatchObject({ status: 200, body: { success: true } });
    const events = await api.call("POST", `/session/${sessionId}/traces`, { events: [{ event_type: "model", event_name: "from-events", inputs: {} }] });
    expect(events.status).toBe(200);
    const tree = await api.call("GET", `/v1/sessions/${sessionId}`);
    expect(tree.body.children.map((c: { event_name: string }) => c.event_name).sort()).toEqual(["from-events", "from-logs"]);
    expect((await api.call("POST", `/session/${sessionId}/traces`, { logs: [], events: [] })).status).toBe(400);
    const neither = await api.call("POST", `/session/${sessionId}/traces`, {});
    expect(neither.status).toBe(400);
    expect(neither.body.error).toContain(`exactly one of "events" or "logs"`);
  });
});

describe("statuses and filters", () => {
  it("POST /v1/queues answers 201 Created with the queue", async () => {
    const created = await api.call("POST", "/v1/queues", { name: "review" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ queue: { name: "review" }, message: "queue created" });
  });

  it("GET /v1/runs?name= lists the runs whose name starts with it (case-sensitive)", async () => {
    for (const name of ["prefix_run_x_0", "prefix_run_x_1", "other_prefix_run_x", "Prefix_run_x_2"]) await api.call("POST", "/v1/runs", { name });
    const listed = await api.call("GET", "/v1/runs?name=prefix_run_x");
    expect(listed.body.evaluations.map((r: { name: string }) => r.name).sort()).toEqual(["prefix_run_x_0", "prefix_run_x_1"]);
    expect(listed.body.pagination.total).toBe(2);
    expect((await api.call("GET", "/v1/runs?name=prefix_run_x_1")).body.evaluations.map((r: { name: string }) => r.name)).toEqual(["prefix_run_x_1"]);
    expect((await api.call("GET", "/v1/runs?name=%25")).body.evaluations).toEqual([]); // no LIKE wildcard
  });

  it("a path starting with // is a path, not a host name", async () => {
    const { sessions } = await seedRun("double-slash");
    const event = await api.call("GET", `//v1/events/${sessions[0]}`);
    expect(event.status).toBe(200);
    expect(event.body.event.event_id).toBe(sessions[0]);
    expect((await api.call("GET", "//v1/runs/schema")).status).toBe(200);
  });
});

describe("charts", () => {
  const chart = { name: "latency", metric: "duration", func: "p95", bucketing: "hour", dateRange: { relative: "7d" }, query: [{ field: "event_type", value: "model", type: "string", operator: "is" }] };

  it("creates, lists, gets, updates and deletes charts with the API's defaults", async () => {
    const created = await api.call("POST", "/v1/charts", { name: "defaults", metric: "cost" });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ success: true, data: { name: "defaults", metric: "cost", bucketing: "day", description: null, func: null, groupBy: null, dateRange: null, query: null, owner_id: null, is_active: true, updated_at: null } });
    const id = created.body.data.id as string;
    const full = await api.call("POST", "/v1/charts", chart);
    expect(full.body.data).toMatchObject(chart);
    expect((await api.call("GET", "/v1/charts")).body.data.map((c: { name: string }) => c.name)).toEqual(["defaults", "latency"]);
    expect((await api.call("GET", `/v1/charts/${id}`)).body).toMatchObject({ success: true, data: { id, name: "defaults" } });
    const updated = await api.call("PUT", `/v1/charts/${id}`, { description: "spend", dateRange: { $gte: "2026-01-01", $lte: 1_800_000_000_000 } });
    expect(updated.body.data).toMatchObject({ id, name: "defaults", description: "spend", dateRange: { $gte: "2026-01-01", $lte: 1_800_000_000_000 } });
    expect(typeof updated.body.data.updated_at).toBe("string");
    expect((await api.call("DELETE", `/v1/charts/${id}`)).body).toMatchObject({ success: true, message: expect.stringContaining(id) });
    expect((await api.call("GET", `/v1/charts/${id}`)).status).toBe(404);
    expect((await api.call("DELETE", `/v1/charts/${id}`)).status).toBe(404);
  });

  it("refuses malformed charts with a 400 naming the field", async () => {
    const cases: [object, string][] = [
      [{ metric: "x" }, `"name" is required`],
      [{ name: "x", metric: "" }, `"metric" must not be empty`],
      [{ name: "x", metric: "m", bucketing: "year" }, `"bucketing" must be one of`],
      [{ name: "x", metric: "m", dateRange: { relative: "7d", $gte: 1 } }, `"dateRange" must be`],
      [{ name: "x", metric: "m", query: [{ field: "a" }] }, `"value" is required`],
      [{ name: "x", metric: "m", colour: "red" }, `unknown field "colour"`],
    ];
    for (const [body, message] of cases) {
      const res = await api.call("POST", "/v1/charts", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toContain(message);
    }
  });

  it("the project-scoped routes reach the charts of the path's project, which must be the data plane key's", async () => {
    const dataPlaneKey = `hh_fgdp_${"Sc0p3dCh4rts".repeat(2)}_${"k".repeat(64)}`;
    const scopedServer = await startServer({ apiKeys: { "charts-project-key": "charts", [dataPlaneKey]: "charts", "other-project-key": "other" } });
    try {
      const scoped = client(scopedServer, dataPlaneKey);
      const [project] = (await client(scopedServer, "charts-project-key").call("GET", "/v1/projects")).body as { id: string }[];
      const created = await scoped.call("POST", `/v1/projects/${project!.id}/charts`, chart);
      expect(created.status).toBe(200);
      const id = created.body.data.id as string;
      expect((await scoped.call("GET", `/v1/projects/${project!.id}/charts`)).body.data.map((c: { id: string }) => c.id)).toEqual([id]);
      expect((await scoped.call("PUT", `/v1/projects/${project!.id}/charts/${id}`, { name: "renamed" })).body.data.name).toBe("renamed");
      expect((await client(scopedServer, "charts-project-key").call("GET", `/v1/charts/${id}`)).body.data.name).toBe("renamed"); // one project, two routes
      const elsewhere = await scoped.call("GET", `/v1/projects/${randomUUID()}/charts`);
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.body.error).toContain("cannot reach it");
      const [other] = (await client(scopedServer, "other-project-key").call("GET", "/v1/projects")).body as { id: string }[];
      expect((await scoped.call("GET", `/v1/projects/${other!.id}/charts`)).status).toBe(404); // another project's
      expect((await scoped.call("DELETE", `/v1/projects/${project!.id}/charts/${id}`)).body.success).toBe(true);
    } finally {
      await scopedServer.close();
    }
  });
});

describe("metric versions", () => {
  const content = { name: "tone", type: "LLM", criteria: "Is it polite?", model_provider: "openai", model_name: "gpt-4o-mini" };

  it("lists oldest first, creates drafts, deploys one version at a time, and 404s an unknown metric or version", async () => {
    const metricId = (await api.call("POST", "/v1/metrics", { name: "tone", type: "LLM", criteria: "Is it polite?" })).body.metric_id as string;
    expect((await api.call("GET", `/v1/metrics/${metricId}/versions`)).body).toEqual({ success: true, data: [] });
    const first = await api.call("POST", `/v1/metrics/${metricId}/versions`, { message: "first", content });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ message: "first", deployed: false, content: { ...content, return_type: "float", enabled_in_prod: false, sampling_percentage: 10, filters: { filterArray: [] } } });
    expect(first.body.data.full_sha).toMatch(/^[0-9a-f]{40}$/);
    expect(first.body.data.full_sha.startsWith(first.body.data.name)).toBe(true);
    const second = await api.call("POST", `/v1/metrics/${metricId}/versions`, { message: "second", content: { ...content, criteria: "Polite?" }, deploy_immediately: true });
    expect(second.body.data.deployed).toBe(true);
    const deploy = await api.call("POST", `/v1/metrics/${metricId}/versions/${first.body.data.name}/deploy`);
    expect(deploy.body).toMatchObject({ success: true, data: { name: first.body.data.name, deployed: true } });
    const listed = (await api.call("GET", `/v1/metrics/${metricId}/versions`)).body.data as { message: string; deployed: boolean }[];
    expect(listed.map((v) => [v.message, v.deployed])).toEqual([["first", true], ["second", false]]);
    expect((await api.call("POST", `/v1/metrics/${metricId}/versions/nope/deploy`)).status).toBe(404);
    expect((await api.call("GET", `/v1/metrics/${randomUUID()}/versions`)).status).toBe(404);
    const noModel = await api.call("POST", `/v1/metrics/${metricId}/versions`, { message: "x", content: { name: "t", type: "LLM", criteria: "c" } });
    expect(noModel.status).toBe(400);
    expect(noModel.body.error).toContain(`"model_provider" and "model_name"`);
    expect((await client(server, "another-key").call("GET", `/v1/metrics/${metricId}/versions`)).status).toBe(404);
    await api.call("DELETE", `/v1/metrics/${metricId}`);
    expect((await api.call("GET", `/v1/metrics/${metricId}/versions`)).status).toBe(404);
  });
});

describe("server-side metrics: refused with 501, never a silent 200", () => {
  it("an enabled PYTHON, LLM or COMPOSITE metric is refused and not stored; a disabled or HUMAN one is stored", async () => {
    const key = client(server, "server-metrics-key");
    for (const type of ["PYTHON", "LLM", "COMPOSITE"]) {
      const refused = await key.call("POST", "/v1/metrics", { name: `enabled-${type}`, type, criteria: "c", enabled_in_prod: true });
      expect(refused.status, type).toBe(501);
      expect(refused.body.error).toContain("runs no server-side metric");
      expect(refused.body.error).toContain(`"enabled_in_prod": false`);
    }
    expect((await key.call("GET", "/v1/metrics")).body.metrics).toEqual([]);
    const stored = await key.call("POST", "/v1/metrics", { name: "definition", type: "LLM", criteria: "c" });
    expect(stored.status).toBe(200);
    expect((await key.call("POST", "/v1/metrics", { name: "by hand", type: "HUMAN", criteria: "rate", enabled_in_prod: true })).status).toBe(200);
    const enable = await key.call("PUT", `/v1/metrics/${stored.body.metric_id}`, { enabled_in_prod: true });
    expect(enable.status).toBe(501);
    const [after] = (await key.call("GET", `/v1/metrics?id=${stored.body.metric_id}`)).body.metrics;
    expect(after.enabled_in_prod).toBe(false); // the refused update changed nothing
    const version = await key.call("POST", `/v1/metrics/${stored.body.metric_id}/versions`, { message: "live", content: { name: "d", type: "PYTHON", criteria: "c", enabled_in_prod: true }, deploy_immediately: true });
    expect(version.status).toBe(501);
    expect((await key.call("GET", `/v1/metrics/${stored.body.metric_id}/versions`)).body.data).toEqual([]);
  });
});

describe("POST /events/model as the Python client sends it", () => {
  it("duration and error land in inputs (HoneyHive's remapping) and stay on the event; tokens under metrics are priced", async () => {
    const sessionId = randomUUID();
    const start = 1_750_000_000_000;
    const sent = await api.call("POST", "/events/model", { model_event: {
      project: "ignored", source: "py", event_name: "completion", session_id: sessionId, model: "gpt-4o-mini", provider: "openai",
      config: { model: "gpt-4o-mini", provider: "openai" }, messages: [{ role: "user", content: "hi" }], response: { content: "yo" },
      start_time: start, duration: 1234, error: "rate limited", metrics: { prompt_tokens: 1000, completion_tokens: 500 },
    } });
    expect(sent.status).toBe(200);
    const event = (await api.call("GET", `/v1/events/${sent.body.event_id}`)).body.event;
    expect(event.inputs).toMatchObject({ duration: 1234, error: "rate limited", provider: "openai" });
    expect(event).toMatchObject({ duration: 1234, end_time: start + 1234, error: "rate limited" });
    expect(event.metadata).toMatchObject({ cost_basis: "priced", cost_price_key: expect.stringContaining("gpt-4o-mini") });
    expect(event.metadata.cost).toBeGreaterThan(0);
    const tree = (await api.call("GET", `/v1/sessions/${sessionId}`)).body;
    expect(tree).toMatchObject({ prompt_tokens: 1000, completion_tokens: 500, cost: event.metadata.cost });
  });
});
