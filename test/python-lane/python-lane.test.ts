// The Python lane: a Python client against the dev server. `honeyhive_lane.py` (standard library only: PyPI is out of
// reach here and in CI) sends the HoneyHive Python SDK's request shapes over raw HTTP — every operation of HoneyHive's
// OpenAPI spec, the newer routes its client calls (charts, metric versions, run summaries), OTLP JSON as its exporter
// writes it, its three keys of one project (project, ingestion, data plane) and a cross-session trace — through the
// spec-checking proxy, and checks each answer. Where the real Python SDK is importable, `python_sdk_smoke.py` traces
// through it too; elsewhere one line says why it was skipped. A missing python3 fails under CI=true.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, quietLogger, startServer } from "../dev-server/helpers";
import { OpenApiSpec } from "../helpers/openapi-spec";
import { startSpecCheckingProxy, type SpecCheckingProxy } from "../helpers/spec-checking-proxy";

const PROJECT_KEY = "hh_python_lane_project_key";
const INGESTION_KEY = `hh_ingst_${"PyLane01".repeat(3)}_${"i".repeat(64)}`;
const DATA_PLANE_KEY = `hh_fgdp_${"PyLane02".repeat(3)}_${"d".repeat(64)}`;
const OTHER_KEY = "hh_python_lane_other_project";
const ONE_MINUTE = 60_000;

/** Routes the Python client calls that are newer than the vendored spec (HoneyHive's data plane spec 1.2+). */
const NEWER_THAN_SPEC: readonly RegExp[] = [
  /^(GET|POST) \/v1\/charts$/, /^(GET|PUT|DELETE) \/v1\/charts\/[^/]+$/,
  /^(GET|POST) \/v1\/projects\/[^/]+\/charts$/, /^(GET|PUT|DELETE) \/v1\/projects\/[^/]+\/charts\/[^/]+$/,
  /^(GET|POST) \/v1\/metrics\/[^/]+\/versions$/, /^POST \/v1\/metrics\/[^/]+\/versions\/[^/]+\/deploy$/,
  /^GET \/v1\/runs\/[^/]+\/summary$/, /^POST \/v1\/sessions\/[^/]+\/events\/batch$/,
  /^GET \/v1\/events\/[^/]+$/, /^GET \/v1\/sessions\/[^/]+$/, /^GET \/v1\/projects$/,
  /^GET \/\/v1\/runs\/[^/]+$/, // the lane's check that a path starting with "//" is read as a path
];

/** The interpreter (`HH_PYTHON_LANE_PYTHON` names another, e.g. a virtualenv's where the Python SDK is installed). */
const PYTHON = process.env.HH_PYTHON_LANE_PYTHON ?? "python3";
const python = spawnSync(PYTHON, ["--version"], { encoding: "utf8" });
const HAS_PYTHON = python.status === 0;
const sdk = HAS_PYTHON ? spawnSync(PYTHON, ["-c", "import honeyhive"], { encoding: "utf8" }) : undefined;
const SDK_IMPORTABLE = sdk?.status === 0;
if (!HAS_PYTHON && process.env.CI !== "true") console.log(`python lane skipped: ${PYTHON} is not installed here (CI needs it; apt-get install python3)`);
if (HAS_PYTHON && !SDK_IMPORTABLE) {
  const why = (sdk?.stderr ?? "").trim().split("\n").pop();
  console.log(`python lane: the HoneyHive Python SDK is not importable here (${why}); its own client was skipped, the raw-HTTP lane ran its request shapes`);
}

interface LaneOutput {
  code: number | null;
  lines: Record<string, any>[];
  stderr: string;
}

/** Runs a Python file with the lane's environment; never rejects (killed after a minute). */
function runPython(file: string, url: string): Promise<LaneOutput> {
  const env = { ...process.env, HH_API_URL: url, HH_API_KEY: PROJECT_KEY, HH_INGESTION_API_KEY: INGESTION_KEY, HH_DATA_PLANE_API_KEY: DATA_PLANE_KEY, HH_OTHER_API_KEY: OTHER_KEY };
  const child = spawn(PYTHON, [join(__dirname, file)], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const killer = setTimeout(() => child.kill("SIGKILL"), ONE_MINUTE);
  return new Promise((resolve) => child.on("exit", (code) => {
    clearTimeout(killer);
    resolve({ code, stderr, lines: out.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as Record<string, any>) });
  }));
}

let server: DevServer;
let proxy: SpecCheckingProxy;
beforeAll(async () => {
  server = await startServer({
    apiKeys: { [PROJECT_KEY]: "python-lane", [INGESTION_KEY]: "python-lane", [DATA_PLANE_KEY]: "python-lane", [OTHER_KEY]: "elsewhere" },
    logger: quietLogger(),
  });
  proxy = await startSpecCheckingProxy(server.url);
});
afterAll(async () => {
  await proxy?.close();
  await server?.close();
});

describe.runIf(HAS_PYTHON || process.env.CI === "true")("the Python lane against the dev server", () => {
  let lane: LaneOutput;
  beforeAll(async () => {
    if (!HAS_PYTHON) throw new Error(`${PYTHON} is missing: the Python lane needs it under CI (apt-get install python3)`);
    lane = await runPython("honeyhive_lane.py", proxy.url);
  }, ONE_MINUTE + 10_000);

  it("runs every step and check of the lane to the end", () => {
    const failed = lane.lines.find((l) => l.failed);
    expect(failed?.failed, lane.stderr.slice(-2000)).toBeUndefined();
    expect(lane.code).toBe(0);
    expect(lane.lines.at(-1)).toEqual({ done: true });
    expect(lane.lines.filter((l) => l.ok).length).toBeGreaterThan(50);
  });

  it("calls every operation of HoneyHive's OpenAPI spec, each answered (no 404 or 405), its requests valid against the spec", () => {
    const spec = new OpenApiSpec();
    const answered = new Map<string, number[]>();
    for (const r of proxy.requests) if (r.operationId) answered.set(r.operationId, [...(answered.get(r.operationId) ?? []), r.status ?? 0]);
    const operations = spec.operations();
    expect(operations).toHaveLength(59);
    const missing = operations.filter((op) => !answered.has(op.operationId)).map((op) => `${op.method} ${op.template}`);
    expect(missing).toEqual([]);
    const unserved = operations.filter((op) => (answered.get(op.operationId) ?? []).every((s) => s === 404 || s === 405)).map((op) => op.operationId);
    expect(unserved).toEqual([]);
    // The Python client uses the deprecated legacy routes on purpose, and sends a list parameter as `k[]=a&k[]=b` (its
    // _serialize_query_params; HoneyHive's server reads both forms); requests to routes newer than the spec are listed.
    const pythonForm = (p: string) => p.endsWith(" is deprecated") || /undeclared query parameter "\w+\[\]"$/.test(p);
    const violations = proxy.requests.flatMap((r) => r.problems.filter((p) => !pythonForm(p)).map((p) => ({ line: `${r.method} ${r.url.split("?")[0]}`, p })));
    expect(violations.filter(({ line }) => !NEWER_THAN_SPEC.some((re) => re.test(line)))).toEqual([]);
    expect(violations.every(({ p }) => p.endsWith("no such operation in the spec"))).toBe(true);
  });

  it("sends each key where HoneyHive expects it: traces, sessions and events with the ingestion key", () => {
    const requests = lane.lines.filter((l) => l.request).map((l) => l.request as { method: string; path: string; key: string; status: number });
    const ingestion = requests.filter((r) => /^\/(session\/|opentelemetry\/|events|v1\/events$|v1\/events\/batch|v1\/sessions)/.test(r.path) && r.method !== "GET" && !r.path.includes("export") && !r.path.includes("search"));
    expect(ingestion.length).toBeGreaterThan(20);
    expect(new Set(ingestion.map((r) => r.key))).toEqual(new Set(["ingestion"]));
    expect(requests.filter((r) => r.key === "dataPlane" && r.status < 300).every((r) => r.path.startsWith("/v1/projects/"))).toBe(true);
    expect(requests.filter((r) => r.path === "/v1/runs" && r.method === "GET").map((r) => [r.key, r.status])).toContainEqual(["ingestion", 403]);
  });
});

describe.runIf(SDK_IMPORTABLE)("the HoneyHive Python SDK itself (where it is importable)", () => {
  it("traces through the dev server; the session holds its event", async () => {
    const run = await runPython("python_sdk_smoke.py", server.url);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    const sessionId = String(run.lines.at(-1)?.session_id);
    const tree = (await client(server, PROJECT_KEY).call("GET", `/v1/sessions/${sessionId}`)).body;
    expect(tree.children.map((c: { event_name: string }) => c.event_name)).toContain("lookup");
  }, ONE_MINUTE + 10_000);
});
