// Every REST request the SDK sends in these end-to-end flows (tracer sessions, evaluate() on inline and
// managed datasets, compareRuns, the REST clients) goes through a proxy that checks it against HoneyHive's
// published OpenAPI spec: a real operation, not deprecated, path/query/body valid against its schemas.
import { beforeAll, describe, expect, it } from "vitest";
import { HoneyHive, HoneyHiveTracer, createApiClient, enrichSession, trace } from "../../packages/honeyhive/src/index";
import { compareRuns } from "../../packages/honeyhive/src/evaluation/compare-runs";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { OpenApiSpec } from "../helpers/openapi-spec";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import type { SpecCheckingProxy } from "../helpers/spec-checking-proxy";

const KEY = "hh_spec_conformance_key";
let proxy: SpecCheckingProxy;

const checked = useCheckedDevServer();
beforeAll(() => {
  proxy = checked.proxy;
});

const dataset = Array.from({ length: 4 }, (_, i) => ({ inputs: { question: `q${i}` }, ground_truth: { answer: `a${i}` } }));

function runEval(name: string, source: { dataset?: typeof dataset; datasetId?: string }) {
  return evaluate<{ question: string }, { answer: string }, string>({
    name,
    apiKey: KEY,
    serverUrl: proxy.url,
    maxConcurrency: 2,
    ...source,
    function: async function answer(inputs) {
      return inputs.question === "q0" ? "a0" : "wrong";
    },
    evaluators: [function exact(outputs, _inputs, gt) { return outputs === gt?.answer; }],
  } as Parameters<typeof evaluate<{ question: string }, { answer: string }, string>>[0]);
}

describe("every request the SDK sends conforms to the OpenAPI spec", () => {
  it("tracer sessions: start, enrich, update", async () => {
    const tracer = new HoneyHiveTracer({
      apiKey: KEY, serverUrl: proxy.url, project: "ignored-by-v1", source: "spec", sessionName: "spec",
      inputs: { q: 1 }, metadata: { m: 1 }, userProperties: { u: "x" }, setAsDefault: false,
    });
    const step = trace(async function step(n: number) { return n * 2; }, { tracer });
    await tracer.trace(() => step(2));
    expect(await tracer.enrichSession({ outputs: { a: 1 }, feedback: { ok: true }, metrics: { m: 2 }, config: { model: "m" } })).toBe(true);
    await tracer.withSession({ sessionName: "scoped" }, async () => {
      await enrichSession({ metadata: { scoped: true } });
    });
    await tracer.shutdown();
    const stored = await new HoneyHive({ apiKey: KEY, serverUrl: proxy.url }).session.getSession(tracer.sessionId);
    expect(stored).toMatchObject({ event_id: tracer.sessionId, event_type: "session", outputs: { a: 1 }, metrics: { m: 2 } });
    expect(proxy.violations()).toEqual([]);
  });

  it("evaluate() on inline and managed datasets, compareRuns, and the REST clients", async () => {
    const hh = new HoneyHive({ apiKey: KEY, serverUrl: proxy.url });
    const created = await hh.datasets.createDataset({ name: "spec-ds", description: "d" });
    const datasetId = String((created.result as { insertedId: string }).insertedId);
    const added = await hh.datasets.addDatapoints(datasetId, {
      data: dataset.map((d) => ({ question: d.inputs.question, answer: d.ground_truth.answer })),
      mapping: { inputs: ["question"], ground_truth: ["answer"], history: [] },
    });
    expect((added.datapoint_ids as string[]).length).toBe(4);

    const inline = await runEval("inline", { dataset });
    const managed = await runEval("managed", { datasetId });
    expect(inline.uploaded && managed.uploaded).toBe(true);
    const comparison = await compareRuns(managed.runId, inline.runId, { apiKey: KEY, serverUrl: proxy.url });
    expect(comparison.metrics.find((m) => m.metric === "exact")).toBeDefined();

    const api = createApiClient({ apiKey: KEY, serverUrl: proxy.url });
    const listed = await api.runs.list({ run_ids: [inline.runId, managed.runId], page: 1, limit: 10, sort_by: "name", sort_order: "asc" });
    expect(listed.ok && listed.data.evaluations.map((r) => r.run_id).sort()).toEqual([inline.runId, managed.runId].sort());
    const one = await api.runs.list({ run_ids: [inline.runId] });
    expect(one.ok && one.data.evaluations.map((r) => r.run_id)).toEqual([inline.runId]);
    expect((await api.runs.result(inline.runId, "median")).ok).toBe(true);
    expect((await api.runs.compare(managed.runId, inline.runId)).ok).toBe(true); // the REST client's; compareRuns reads each run's result

    const event = await hh.events.createEvent({ event: { eventType: "tool", eventName: "lookup", inputs: { q: 1 }, project: "p", sessionId: inline.sessionIds[0] } } as never);
    const eventId = String(event.event_id);
    await hh.events.updateEvent({ eventId, outputs: { r: 2 }, metadata: { k: 1 } });
    await hh.events.createEventBatch({ events: [{ event_type: "chain", inputs: {} }], isSingleSession: true, session: { session_name: "batch" } });
    const found = await hh.events.searchEvents({ filters: [{ field: "event_id", operator: "is", value: eventId, type: "string" }], limit: 5 });
    expect((found.events as { outputs: unknown }[])[0]?.outputs).toEqual({ r: 2 });
    await hh.events.getEvents({ project: "p", filters: [], dateRange: { $gte: "2000-01-01T00:00:00.000Z", $lte: "2999-01-01T00:00:00.000Z" }, limit: 5000, projections: ["event_id"] });

    const points = await hh.datapoints.getDatapoints({ datapointIds: added.datapoint_ids as string[] });
    expect((points.datapoints as unknown[]).length).toBe(4);
    expect((await hh.datapoints.getDatapoint((added.datapoint_ids as string[])[1]!)).datapoint).toHaveLength(1);
    const single = await hh.datapoints.getDatapoints({ datapointIds: [(added.datapoint_ids as string[])[0]!] });
    expect((single.datapoints as unknown[]).length).toBe(1);
    const dp = await hh.datapoints.createDatapoint({ inputs: { x: 1 }, groundTruth: { y: 2 } });
    const dpId = String((dp.result as { insertedId?: string; insertedIds?: string[] }).insertedId ?? (dp.result as { insertedIds: string[] }).insertedIds[0]);
    await hh.datapoints.updateDatapoint(dpId, { metadata: { z: 3 } });
    await hh.datapoints.deleteDatapoint(dpId);
    await hh.datasets.updateDataset({ datasetId, name: "renamed", description: "not updatable" });
    expect((await hh.datasets.getDatasets({ datasetId })).datasets).toMatchObject([{ name: "renamed" }]);
    await hh.datasets.deleteDataset(datasetId);
    await hh.experiments.getRun(inline.runId);
    await hh.experiments.deleteRun(managed.runId);

    expect(proxy.violations()).toEqual([]);
    const used = proxy.operations();
    for (const op of [
      "createSession", "updateEvent", "createEvent", "createEventBatch", "searchEvents", "createRun", "updateRun", "getRun", "getRuns",
      "deleteRun", "getExperimentResult", "getExperimentComparison", "getDatasets", "createDataset", "updateDataset", "deleteDataset",
      "addDatapoints", "getDatapoints", "getDatapoint", "createDatapoint", "updateDatapoint", "deleteDatapoint",
    ]) expect(used, op).toContain(op);
  }, 60_000);
});

describe("the spec checker itself", () => {
  const spec = new OpenApiSpec();
  it("flags deprecated operations, unknown routes, k[]= arrays, forbidden body fields and bad path ids", () => {
    expect(spec.check({ method: "POST", url: "/session/start", body: '{"session":{}}' }).problems.join()).toMatch(/deprecated/);
    expect(spec.check({ method: "GET", url: "/v1/sessions/abc", body: "" }).problems.join()).toMatch(/no such operation/);
    expect(spec.check({ method: "GET", url: "/v1/datapoints?datapoint_ids%5B%5D=a", body: "" }).problems.join()).toMatch(/undeclared query parameter "datapoint_ids\[\]"/);
    expect(spec.check({ method: "POST", url: "/v1/sessions", body: '{"project":"p"}' }).problems.join()).toMatch(/must NOT have additional properties.*project/);
    expect(spec.check({ method: "PUT", url: "/v1/events/not-a-uuid", body: "{}" }).problems.join()).toMatch(/format/);
    expect(spec.check({ method: "POST", url: "/v1/events/search", body: '{"limit":5000}' }).problems.join()).toMatch(/limit must be <= 1000/);
    expect(spec.check({ method: "GET", url: "/v1/datapoints?datapoint_ids=a&datapoint_ids=b", body: "" }).problems).toEqual([]);
    expect(spec.check({ method: "POST", url: "/v1/sessions", body: '{"session_name":"s"}' })).toEqual({ operationId: "createSession", problems: [] });
  });
});
