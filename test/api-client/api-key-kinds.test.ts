// The TS SDK sends each key type where HoneyHive's API expects it, as the Python SDK 1.6/1.7 does: the ingestion key
// (hh_ingst_…) on what sends traces, sessions and events — OTLP export, session starts, event updates, attachment
// uploads — the project key on the rest, the data plane key (hh_fgdp_…) on project-scoped routes (charts of a
// projectId), never falling back. A missing key is a typed MissingApiKeyError (nothing sent); a malformed typed key a
// MalformedApiKeyError naming its source, never its value; a failed answer's message is read from its body. Against
// the real dev server, which enforces the same rule (a key of the wrong kind gets 403), behind a recording proxy.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  HoneyHive, HoneyHiveApiError, HoneyHiveTracer, MalformedApiKeyError, MissingApiKeyError, compareRuns, createApiClient, evaluate, trace,
} from "../../packages/honeyhive/src/index";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, quietLogger, startServer } from "../dev-server/helpers";
import { startForwardingProxy, type ForwardingProxy } from "../helpers/forwarding-proxy";

const PROJECT_KEY = "hh_sdk_kinds_project_key";
const INGESTION_KEY = `hh_ingst_${"Kx7".repeat(8)}_${"q".repeat(64)}`;
const DATA_PLANE_KEY = `hh_fgdp_${"Dp9".repeat(8)}_${"w".repeat(64)}`;

let server: DevServer;
let proxy: ForwardingProxy;
const seen: { method: string; path: string; key: string }[] = [];
const KIND: Record<string, string> = { [PROJECT_KEY]: "project", [INGESTION_KEY]: "ingestion", [DATA_PLANE_KEY]: "dataPlane" };

beforeAll(async () => {
  server = await startServer({ apiKeys: { [PROJECT_KEY]: "kinds", [INGESTION_KEY]: "kinds", [DATA_PLANE_KEY]: "kinds" }, logger: quietLogger() });
  proxy = await startForwardingProxy(server.url, (req) => {
    const key = String(req.headers.authorization ?? "").replace(/^Bearer /, "");
    seen.push({ method: req.method ?? "", path: (req.url ?? "").split("?")[0]!, key: KIND[key] ?? "other" });
  });
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});
const envBefore = { ...process.env };
afterEach(() => {
  seen.length = 0;
  process.env = { ...envBefore };
});

/** The kind of key each request of `method` to a path matching `path` carried. */
const keysOf = (method: string, path: RegExp) => [...new Set(seen.filter((r) => r.method === method && path.test(r.path)).map((r) => r.key))];

describe("createApiClient: each call carries the key its operation takes", () => {
  it("sessions and event updates with the ingestion key, reads with the project key, scoped charts with the data plane key", async () => {
    const api = createApiClient({ serverUrl: proxy.url, apiKey: PROJECT_KEY, ingestionApiKey: INGESTION_KEY, dataPlaneApiKey: DATA_PLANE_KEY });
    const started = await api.sessions.start({ session: { session_name: "kinds" } });
    expect(started.ok).toBe(true);
    const sessionId = started.ok ? String(started.data.session_id) : "";
    expect((await api.events.update({ event_id: sessionId, metadata: { a: 1 } })).ok).toBe(true);
    expect((await api.runs.list()).ok).toBe(true);
    const projects = await client(server, PROJECT_KEY).call("GET", "/v1/projects");
    const projectId = (projects.body as { id: string }[])[0]!.id;
    const chart = await api.charts.create({ name: "latency", metric: "duration" }, { projectId });
    expect(chart.ok && chart.data.data.name).toBe("latency");
    expect((await api.charts.list()).ok && true).toBe(true); // unscoped: the project key
    expect(keysOf("POST", /session/)).toEqual(["ingestion"]);
    expect(keysOf("PUT", /events/)).toEqual(["ingestion"]);
    expect(keysOf("GET", /^\/v1\/runs$/)).toEqual(["project"]);
    expect(keysOf("POST", /^\/v1\/projects\/.+\/charts$/)).toEqual(["dataPlane"]);
    expect(keysOf("GET", /^\/v1\/charts$/)).toEqual(["project"]);
  });

  it("a client of one key sends only what that key may; the rest fails with missingApiKey, unsent", async () => {
    const ingestOnly = createApiClient({ serverUrl: proxy.url, ingestionApiKey: INGESTION_KEY });
    expect((await ingestOnly.sessions.start({ session: { session_name: "ingest only" } })).ok).toBe(true);
    const runs = await ingestOnly.runs.list();
    expect(runs).toEqual({ ok: false, missingApiKey: "project", error: "GET /v1/runs needs a project API key: set the apiKey option or HH_API_KEY" });
    const projectOnly = createApiClient({ serverUrl: proxy.url, apiKey: PROJECT_KEY });
    const scoped = await projectOnly.charts.list({ projectId: "p1" });
    expect(scoped).toMatchObject({ ok: false, missingApiKey: "dataPlane", error: expect.stringContaining("needs a data plane API key (hh_fgdp...): set the dataPlaneApiKey option or HH_DATA_PLANE_API_KEY") });
    const none = await createApiClient({ serverUrl: proxy.url }).sessions.start({ session: {} });
    expect(none).toMatchObject({ ok: false, missingApiKey: "ingestion", error: expect.stringContaining("or the project API key (the apiKey option or HH_API_KEY)") });
    expect(seen.map((r) => r.path)).toEqual(["/v1/sessions"]); // only the one call its key allowed
  });

  it("a malformed typed key throws at creation, naming its source and never its value", () => {
    const cut = INGESTION_KEY.slice(0, -3);
    expect(() => createApiClient({ serverUrl: proxy.url, apiKey: PROJECT_KEY, ingestionApiKey: cut })).toThrow(MalformedApiKeyError);
    try {
      createApiClient({ serverUrl: proxy.url, dataPlaneApiKey: INGESTION_KEY });
    } catch (error) {
      expect(error).toMatchObject({ keyKind: "dataPlane", source: "dataPlaneApiKey", message: expect.stringContaining("looks like another kind of HoneyHive API key") });
      expect(String((error as Error).message)).not.toContain(INGESTION_KEY.slice(9, 20));
    }
    process.env.HH_DATA_PLANE_API_KEY = "sk-not-a-honeyhive-key";
    expect(() => new HoneyHive({ apiKey: PROJECT_KEY, serverUrl: proxy.url })).toThrow(/^HH_DATA_PLANE_API_KEY must be a data plane API key \(hh_fgdp\.\.\.\); it is not a HoneyHive API key$/);
  });
});

describe("the HoneyHive client and compareRuns() throw typed errors", () => {
  it("MissingApiKeyError before sending; HoneyHiveApiError with the server's message and code read from the body", async () => {
    const hh = new HoneyHive({ ingestionApiKey: INGESTION_KEY, serverUrl: proxy.url });
    await expect(hh.metrics.getMetrics()).rejects.toBeInstanceOf(MissingApiKeyError);
    await expect(hh.metrics.getMetrics()).rejects.toMatchObject({ keyKind: "project", status: undefined });
    await expect(compareRuns("a", "b", { serverUrl: proxy.url })).rejects.toMatchObject({ name: "MissingApiKeyError", keyKind: "project" });
    const withKey = new HoneyHive({ apiKey: PROJECT_KEY, serverUrl: proxy.url });
    const missing = withKey.metrics.deleteMetric("no-such-metric");
    await expect(missing).rejects.toBeInstanceOf(HoneyHiveApiError);
    await expect(missing).rejects.toMatchObject({
      status: 404, serverMessage: "metric no-such-metric not found",
      message: expect.stringMatching(/HTTP 404: metric no-such-metric not found \(the resource does not exist, or this API key cannot reach it\)$/),
    });
  });

  it("the error code of a body that names one", async () => {
    const coded = await startForwardingProxy(server.url, () => ({ reply: { status: 422, body: JSON.stringify({ error: { message: "evaluation failed", code: "execution_error" } }) } }));
    try {
      const hh = new HoneyHive({ apiKey: PROJECT_KEY, serverUrl: coded.url, maxRetries: 0 });
      await expect(hh.metrics.getMetrics()).rejects.toMatchObject({ status: 422, serverMessage: "evaluation failed", errorCode: "execution_error" });
    } finally {
      await coded.close();
    }
  });
});

describe("the tracer and evaluate() send with the ingestion key", () => {
  it("a tracer with only an ingestion key traces, starts and updates its session (the dev server refuses any other key there)", async () => {
    const tracer = new HoneyHiveTracer({ ingestionApiKey: INGESTION_KEY, serverUrl: proxy.url, sessionName: "ingest-only", setAsDefault: false, logSink: () => undefined });
    await trace(async function step() { return 1; }, { tracer })();
    expect(await tracer.enrichSession({ metadata: { done: true } })).toBe(true);
    expect(await tracer.flush()).toBe(true);
    await tracer.shutdown();
    expect([...new Set(seen.map((r) => r.key))]).toEqual(["ingestion"]);
    const tree = (await client(server, PROJECT_KEY).call("GET", `/v1/sessions/${tracer.sessionId}`)).body;
    expect(tree).toMatchObject({ metadata: { done: true }, children: [{ event_name: "step" }] }); // the project key's project
  });

  it("a tracer's malformed ingestion key is a configuration problem naming HH_INGESTION_API_KEY, thrown under strict", () => {
    process.env.HH_INGESTION_API_KEY = "hh_ingst_truncated";
    const lines: string[] = [];
    const tracer = new HoneyHiveTracer({ apiKey: PROJECT_KEY, serverUrl: proxy.url, setAsDefault: false, logSink: (_level, message) => lines.push(message) });
    expect(lines.join("\n")).toContain(`HH_INGESTION_API_KEY must be an ingestion API key (hh_ingst...); it begins with that prefix but is not a complete key`);
    expect(lines.join("\n")).not.toContain("hh_ingst_truncated");
    void tracer.shutdown();
    expect(() => new HoneyHiveTracer({ apiKey: PROJECT_KEY, resilience: "strict", setAsDefault: false, logSink: () => undefined })).toThrow(/HH_INGESTION_API_KEY must be an ingestion API key/);
  });

  it("evaluate(): the run with the project key, the datapoints' traces and sessions with the ingestion key", async () => {
    const result = await evaluate({
      function: async (inputs: { q: string }) => inputs.q.toUpperCase(), dataset: [{ inputs: { q: "a" } }, { inputs: { q: "b" } }],
      evaluators: [function nonEmpty(output: string) { return output.length > 0; }],
      apiKey: PROJECT_KEY, ingestionApiKey: INGESTION_KEY, serverUrl: proxy.url, printResults: false, gitInfo: false,
    });
    expect(result.uploaded).toBe(true);
    expect(keysOf("POST", /^\/v1\/runs$/)).toEqual(["project"]);
    expect(keysOf("POST", /opentelemetry|session/)).toEqual(["ingestion"]);
    const summary = (await client(server, PROJECT_KEY).call("GET", `/v1/runs/${result.runId}/result`)).body;
    expect(summary.datapoints).toHaveLength(2);
    await expect(evaluate({ function: () => 1, dataset: [{ inputs: {} }], apiKey: PROJECT_KEY, ingestionApiKey: "hh_ingst_x", serverUrl: proxy.url, printResults: false }))
      .rejects.toMatchObject({ name: "MalformedApiKeyError", source: "ingestionApiKey" });
  });
});
