// The metrics group against the real dev server, every request checked against HoneyHive's OpenAPI spec: create with
// the production fields, list by type and id, update (only the given fields change), delete, and run (which the dev
// server refuses with 501: it executes no server-side metric, so it refuses to store an enabled one too); malformed
// bodies get a 400 naming the problem.
import { afterAll, describe, expect, it } from "vitest";
import { HoneyHive, HoneyHiveApiError, createApiClient } from "../../packages/honeyhive/src/index";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { client } from "../dev-server/helpers";
import { startForwardingProxy, type ForwardingProxy } from "../helpers/forwarding-proxy";

const KEY = "hh_metrics_api_key";
const checked = useCheckedDevServer();
const proxies: ForwardingProxy[] = [];
afterAll(() => Promise.all(proxies.map((p) => p.close())));

const relevance = {
  name: "relevance",
  type: "LLM" as const,
  criteria: "Rate the relevance of {{outputs.content}} to {{inputs.question}} from 1 to 5.",
  return_type: "float" as const,
  enabled_in_prod: false,
  sampling_percentage: 25,
  model_provider: "openai",
  model_name: "gpt-4o-mini",
  threshold: { min: 3, max: 5 },
  filters: { filterArray: [{ field: "event_type", operator: "is" as const, value: "model", type: "string" as const }] },
};

describe("metrics: /v1/metrics", () => {
  it("creates, lists by type and id, updates and deletes, with the production fields round-tripping", async () => {
    const hh = new HoneyHive({ apiKey: KEY, serverUrl: checked.proxy.url });
    const created = await hh.metrics.createMetric(relevance);
    const metricId = String(created.metric_id);
    expect(created.inserted).toBe(true);
    await hh.metrics.createMetric({ name: "has_answer", type: "PYTHON", criteria: "def f(event): return True", return_type: "boolean" });

    const llm = await hh.metrics.getMetrics({ type: "LLM" });
    expect(llm.map((m) => m.name)).toEqual(["relevance"]);
    expect(llm[0]).toMatchObject({ ...relevance, id: metricId, needs_ground_truth: false, description: "" });
    const python = await hh.metrics.getMetrics({ type: "PYTHON" });
    expect(python[0]).toMatchObject({ name: "has_answer", sampling_percentage: 10, enabled_in_prod: false, filters: { filterArray: [] } });
    expect((await hh.metrics.getMetrics({ id: metricId })).map((m) => m.id)).toEqual([metricId]);

    const api = createApiClient({ apiKey: KEY, serverUrl: checked.proxy.url });
    const updated = await api.metrics.update(metricId, { sampling_percentage: 50, threshold: { pass_when: true } });
    expect(updated.ok && updated.data.updated).toBe(true);
    const [after] = await hh.metrics.getMetrics({ id: metricId });
    expect(after).toMatchObject({ sampling_percentage: 50, threshold: { pass_when: true }, enabled_in_prod: false, criteria: relevance.criteria });
    // enabling it would promise scores the dev server never computes: refused with 501, and nothing changes
    const enable = await api.metrics.update(metricId, { enabled_in_prod: true });
    expect(enable.ok ? undefined : enable.status).toBe(501);
    await expect(hh.metrics.createMetric({ ...relevance, enabled_in_prod: true })).rejects.toMatchObject({ status: 501, message: expect.stringContaining("runs no server-side metric") });
    expect((await hh.metrics.getMetrics({ type: "LLM" })).map((m) => [m.name, m.enabled_in_prod])).toEqual([["relevance", false]]);
    expect(typeof after!.updated_at).toBe("string");

    expect((await hh.metrics.deleteMetric(metricId)).deleted).toBe(true);
    expect(await hh.metrics.getMetrics({ id: metricId })).toEqual([]);
    expect((await client(checked.server, KEY).call("DELETE", `/v1/metrics/${metricId}`)).status).toBe(404);
    expect(checked.proxy.violations()).toEqual([]);
    expect([...checked.proxy.operations()]).toEqual(expect.arrayContaining(["createMetric", "getMetrics", "updateMetric", "deleteMetric"]));
  });

  it("running a metric: the dev server answers 501 saying it executes no server-side metric", async () => {
    const hh = new HoneyHive({ apiKey: KEY, serverUrl: checked.proxy.url });
    const run = hh.metrics.runMetric({ metric: { name: "judge", type: "LLM", criteria: "Is it polite?" }, event: { event_type: "model", outputs: { content: "hi" } } });
    await expect(run).rejects.toBeInstanceOf(HoneyHiveApiError);
    await expect(run).rejects.toMatchObject({ status: 501, message: expect.stringContaining("does not execute server-side metrics") });
    const api = createApiClient({ apiKey: KEY, serverUrl: checked.proxy.url, maxRetries: 0 });
    const result = await api.metrics.run({ metric: { name: "code", type: "PYTHON", criteria: "def f(e): return 1" }, event: {} });
    expect(result.ok ? undefined : result.status).toBe(501);
    expect(checked.proxy.violations()).toEqual([]);
    expect(checked.proxy.operations().has("runMetric")).toBe(true);
  });

  it("malformed metric bodies get a 400 naming the field", async () => {
    const raw = client(checked.server, KEY);
    const cases: [unknown, string][] = [
      [{ type: "LLM", criteria: "x" }, `"name" is required`],
      [{ name: "m", type: "SQL", criteria: "x" }, `"type" must be one of PYTHON, LLM, HUMAN, COMPOSITE`],
      [{ name: "m", type: "LLM", criteria: "x", sampling_percentage: 120 }, `"sampling_percentage" must be a number from 0 to 100`],
      [{ name: "m", type: "LLM", criteria: "x", samplingPercentage: 5 }, `unknown field "samplingPercentage"`],
      [{ name: "m", type: "LLM", criteria: "x", threshold: { minimum: 1 } }, `"threshold" has unknown field minimum`],
      [{ name: "m", type: "LLM", criteria: "x", filters: [] }, `"filters" must be { "filterArray": [...] }`],
      [{ name: "m", type: "LLM", criteria: "x", scale: 2.5 }, `"scale" must be a positive integer or null`],
      [[1, 2], "must be a JSON object"],
    ];
    for (const [body, message] of cases) {
      const reply = await raw.call("POST", "/v1/metrics", body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error).toContain(message);
    }
    expect((await raw.call("PUT", "/v1/metrics/nope", { name: "x" })).status).toBe(404);
    expect((await raw.call("POST", "/v1/metrics/run", { metric: { name: "m" }, event: {} })).status).toBe(400);
  });

  it("the deprecated PUT and DELETE /v1/metrics (id in the body or query) work for older clients", async () => {
    const raw = client(checked.server, KEY);
    const created = await raw.call("POST", "/v1/metrics", { name: "legacy", type: "HUMAN", criteria: "Rate it" });
    const id = created.body.metric_id as string;
    expect((await raw.call("PUT", "/v1/metrics", { id, description: "by hand" })).body).toEqual({ updated: true });
    const listed = await raw.call("GET", `/v1/metrics?id=${id}`);
    expect(listed.body.metrics[0]).toMatchObject({ id, description: "by hand", type: "HUMAN" });
    expect((await raw.call("DELETE", `/v1/metrics?metric_id=${id}`)).body).toEqual({ deleted: true });
    expect((await raw.call("GET", `/v1/metrics?id=${id}`)).body.metrics).toEqual([]);
  });

  it("a server without PUT/DELETE /v1/metrics/{id}: the client sends the legacy form (id in the body, ?metric_id) from then on", async () => {
    const seen: string[] = [];
    const proxy = await startForwardingProxy(checked.server.url, (req) => {
      seen.push(`${req.method} ${req.url}`);
      const byId = /^\/v1\/metrics\/(?!run)[^/?]+/.test(req.url ?? "");
      return byId ? { reply: { status: 405, body: JSON.stringify({ error: "method not allowed" }) } } : undefined;
    });
    proxies.push(proxy);
    const api = createApiClient({ apiKey: "hh_metrics_legacy_key", serverUrl: proxy.url });
    const created = await api.metrics.create({ name: "old server", type: "HUMAN", criteria: "rate" });
    if (!created.ok) throw new Error(created.error);
    const id = created.data.metric_id;
    expect((await api.metrics.update(id, { description: "d" })).ok).toBe(true);
    expect((await api.metrics.update(id, { description: "e" })).ok).toBe(true);
    expect((await api.metrics.delete(id)).ok).toBe(true);
    expect(seen.slice(1)).toEqual([`PUT /v1/metrics/${id}`, "PUT /v1/metrics", "PUT /v1/metrics", `DELETE /v1/metrics/${id}`, `DELETE /v1/metrics?metric_id=${id}`]);
    const raw = await client(checked.server, "hh_metrics_legacy_key").call("GET", "/v1/metrics");
    expect(raw.body.metrics).toEqual([]);
  });

  it("1.x metric bodies are converted to requests the spec accepts", async () => {
    const hh = new HoneyHive({ bearerAuth: "hh_metrics_1x_key", serverURL: checked.proxy.url });
    const before = checked.proxy.requests.length;
    const created = await hh.metrics.createMetric({
      name: "1.x", task: "project", type: "composite", description: "mix", returnType: "float", enabledInProd: false,
      passWhen: true, eventName: "answer", childMetrics: [{ name: "a", weight: 0.5 }], criteria: "weighted",
    });
    await hh.metrics.updateMetric({ metricId: String(created.metric_id), needsGroundTruth: true, codeSnippet: "x", type: "custom" });
    const [stored] = await hh.metrics.getMetrics("project");
    expect(stored).toMatchObject({ type: "PYTHON", criteria: "x", needs_ground_truth: true, threshold: { pass_when: true }, child_metrics: [{ name: "a", weight: 0.5 }] });
    expect(checked.proxy.requests.length - before).toBe(3);
    expect(checked.proxy.violations()).toEqual([]);
  });
});
