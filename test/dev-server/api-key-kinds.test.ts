// Keys as HoneyHive issues them, on the dev server: a project key, an ingestion key (hh_ingst_…) and a data plane key
// (hh_fgdp_…) mapped to one project — from createDevServer and from the CLI (`--api-key KEY=PROJECT`, `--keys-file`).
// A Python 1.6 run that traces with its ingestion key and reads its results with its project key sees its sessions
// (once "0 sessions": each key was its own project). Each key reaches the routes of its kind, else a 403 naming the
// key the route takes; the rule is core's, the same the SDK sends keys by.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyKind, typedKeyProblem } from "../../packages/core/src/keys/api-key-kinds";
import { operationKeyKinds } from "../../packages/core/src/keys/operation-keys";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, startServer, tempDir } from "./helpers";
import { pythonJsonBody } from "./spans";

const PROJECT_KEY = "hh_project_key_of_support_bot";
const INGESTION_KEY = `hh_ingst_${"A1b2C3d4E5f6G7h8I9j0K1l2"}_${"s".repeat(60)}-_x9`;
const DATA_PLANE_KEY = `hh_fgdp_${"Z9y8X7w6V5u4T3s2R1q0P9o8"}_${"t".repeat(64)}`;
const OTHER_KEY = "hh_another_project_key";

describe("core: key kinds and the keys each operation takes", () => {
  it("reads a key's kind from its prefix and says what is wrong with a typed key without repeating it", () => {
    expect([PROJECT_KEY, INGESTION_KEY, DATA_PLANE_KEY].map(apiKeyKind)).toEqual(["project", "ingestion", "dataPlane"]);
    expect(typedKeyProblem("ingestion", INGESTION_KEY, "ingestionApiKey")).toBeUndefined();
    expect(typedKeyProblem("dataPlane", ` ${DATA_PLANE_KEY} `, "HH_DATA_PLANE_API_KEY")).toBeUndefined();
    const cut = typedKeyProblem("ingestion", INGESTION_KEY.slice(0, -1), "HH_INGESTION_API_KEY")!;
    expect(cut).toBe(`HH_INGESTION_API_KEY must be an ingestion API key (hh_ingst...); it begins with that prefix but is not a complete key`);
    expect(typedKeyProblem("ingestion", DATA_PLANE_KEY, "ingestionApiKey")).toContain("it looks like another kind of HoneyHive API key");
    expect(typedKeyProblem("dataPlane", "sk-secret-value", "dataPlaneApiKey")).toContain("it is not a HoneyHive API key");
    for (const message of [cut, typedKeyProblem("dataPlane", "sk-secret-value", "x")!]) expect(message).not.toMatch(/sk-secret|sssss/);
  });

  it("never repeats any part of a bad value, whatever it holds (property)", () => {
    fc.assert(fc.property(fc.constantFrom("ingestion", "dataPlane") as fc.Arbitrary<"ingestion" | "dataPlane">, fc.string(), fc.constantFrom("", "hh_", "hh_ingst_", "hh_fgdp_"), (kind, rest, prefix) => {
      const value = `${prefix}QZ7${rest}`; // a marker no message contains
      expect(typedKeyProblem(kind, value, "source") ?? "").not.toContain("QZ7");
    }));
  });

  it.each([
    ["POST", "/session/start", ["ingestion", "project"]], ["POST", "/v1/sessions", ["ingestion", "project"]],
    ["POST", "/opentelemetry/v1/traces", ["ingestion", "project"]], ["PUT", "/events", ["ingestion", "project"]],
    ["PUT", "/v1/events/abc", ["ingestion", "project"]], ["POST", "/v1/events/batch", ["ingestion", "project"]],
    ["POST", "/events/model", ["ingestion", "project"]], ["POST", "/session/abc/traces", ["ingestion", "project"]],
    ["POST", "/v1/sessions/abc/events/batch/", ["ingestion", "project"]], ["POST", "//v1/events?x=1", ["ingestion", "project"]],
    ["POST", "/v1/events/export", ["project"]], ["GET", "/v1/sessions/abc", ["project"]], ["GET", "/v1/runs", ["project"]],
    ["GET", "/v1/projects", ["project"]], ["GET", "/v1/charts", ["project"]], ["GET", "/viewer/sessions", ["project"]],
    ["GET", "/v1/projects/p1/charts", ["dataPlane"]], ["DELETE", "/v1/projects/p1/charts/c1", ["dataPlane"]],
  ])("%s %s takes %j", (method, path, kinds) => {
    expect(operationKeyKinds(method, path)).toEqual(kinds);
  });
});

let server: DevServer;
beforeAll(async () => {
  server = await startServer({ apiKeys: { [PROJECT_KEY]: "support-bot", [INGESTION_KEY]: "support-bot", [DATA_PLANE_KEY]: "support-bot", [OTHER_KEY]: "" } });
});
afterAll(() => server.close());

/** A Python 1.6-shaped evaluate(): run and results with the project key, sessions and spans with the ingestion key. */
async function python16Run(server: DevServer): Promise<{ runId: string; sessions: string[] }> {
  const project = client(server, PROJECT_KEY);
  const ingest = client(server, INGESTION_KEY);
  const runId = randomUUID();
  expect((await project.call("POST", "/v1/runs", { run_id: runId, name: "py16", status: "pending", event_ids: [], datapoint_ids: ["EXT-1", "EXT-2"], metadata: { offline_dataset_id: "EXT-ds" } })).status).toBe(200);
  const sessions: string[] = [];
  for (const dp of ["EXT-1", "EXT-2"]) {
    const metadata = { run_id: runId, dataset_id: "EXT-ds", datapoint_id: dp };
    const session = await ingest.call("POST", "/session/start", { session: { project: "ignored", session_name: "py16", source: "evaluation", metadata } });
    expect(session.status).toBe(200);
    const sid = session.body.session_id as string;
    sessions.push(sid);
    const traceId = randomUUID().replace(/-/g, "");
    const spans = pythonJsonBody([{ traceId, spanId: traceId.slice(0, 16), name: "answer", startMs: Date.now() - 5, endMs: Date.now(), attributes: {
      "honeyhive.session_id": sid, honeyhive_event_type: "chain", "honeyhive_metadata.run_id": runId, "honeyhive_metadata.datapoint_id": dp, "honeyhive_metrics.exact": 1,
    } }]);
    expect((await ingest.call("POST", "/opentelemetry/v1/traces", spans, { "content-type": "application/json" })).status).toBe(200);
    expect((await ingest.call("PUT", "/events", { event_id: sid, outputs: { answer: "a" }, feedback: { ground_truth: "a" } })).status).toBe(200);
  }
  expect((await project.call("PUT", `/v1/runs/${runId}`, { status: "completed", name: "py16", event_ids: sessions })).status).toBe(200);
  return { runId, sessions };
}

describe("one project, three keys (createDevServer({ apiKeys }))", () => {
  it("a Python 1.6 run traced with the ingestion key is the project key's: its sessions and results are there", async () => {
    const { runId, sessions } = await python16Run(server);
    const project = client(server, PROJECT_KEY);
    const result = (await project.call("GET", `/v1/runs/${runId}/result`)).body;
    expect(result.datapoints.map((d: { session_id: string }) => d.session_id).sort()).toEqual([...sessions].sort());
    expect(result.passed).toHaveLength(2);
    expect((await project.call("GET", `/v1/sessions/${sessions[0]}`)).body.children.map((c: { event_name: string }) => c.event_name)).toEqual(["answer"]);
    expect((await client(server, OTHER_KEY).call("GET", `/v1/runs/${runId}`)).status).toBe(404); // another project
  });

  it("each key reaches the routes of its kind; another route answers 403 naming the key it takes", async () => {
    const ingest = client(server, INGESTION_KEY);
    const runs = await ingest.call("GET", "/v1/runs");
    expect(runs.status).toBe(403);
    expect(runs.body.error).toBe("an ingestion API key (hh_ingst...) cannot GET /v1/runs (an ingestion key only sends traces and events): it takes a project API key");
    expect(JSON.stringify(runs.body)).not.toContain(INGESTION_KEY);
    expect((await ingest.call("GET", "/viewer/sessions")).status).toBe(403); // the viewer opens with the project key
    const dataPlane = client(server, DATA_PLANE_KEY);
    const [projectRecord] = (await client(server, PROJECT_KEY).call("GET", "/v1/projects")).body as { id: string }[];
    const scoped = await dataPlane.call("POST", `/v1/projects/${projectRecord!.id}/charts`, { name: "cost", metric: "cost" });
    expect(scoped.status).toBe(200);
    expect((await client(server, PROJECT_KEY).call("GET", `/v1/charts/${scoped.body.data.id}`)).body.data.name).toBe("cost"); // one project
    const unscoped = await dataPlane.call("GET", "/v1/charts");
    expect(unscoped.status).toBe(403);
    expect(unscoped.body.error).toContain("a data plane key reaches only the project-scoped routes");
    expect((await dataPlane.call("POST", "/session/start", { session: {} })).status).toBe(403); // a data plane key sends no traces
    const projectOnScoped = await client(server, PROJECT_KEY).call("GET", `/v1/projects/${projectRecord!.id}/charts`);
    expect(projectOnScoped.status).toBe(403);
    expect(projectOnScoped.body.error).toContain("it takes a data plane API key (hh_fgdp...)");
    expect((await client(server, "hh_ingst_unknown").call("POST", "/session/start", { session: {} })).status).toBe(401); // unknown first
  });
});

const ROOT = join(__dirname, "..", "..");
const DEV_BIN = join(ROOT, "packages", "dev-server", "src", "bin.ts");

/** Runs the dev server's executable from source with `args`; resolves its URL once it listens (or its exit). */
function serve(args: string[]): { url: Promise<string>; exited: Promise<number | null>; output: () => string; stop: () => void } {
  const child = spawn(process.execPath, ["--import", "tsx", DEV_BIN, "--port", "0", "--in-memory", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  const killer = setTimeout(() => child.kill("SIGKILL"), 45_000); // a server that should have refused to start
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => (clearTimeout(killer), resolve(code))));
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const m = /listening on (http:\/\/[^\s,]+)/.exec(text);
      if (m) resolve(m[1]!);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then(() => reject(new Error(`exited: ${text}`)));
  });
  url.catch(() => undefined); // a run expected to exit never listens
  return { url, exited, output: () => text, stop: () => child.kill("SIGTERM") };
}

describe("honeyhive serve: several keys in one project from the command line", () => {
  it("--api-key KEY=PROJECT and --keys-file map keys to projects; the banner and log never show a key", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, "keys.json");
      writeFileSync(file, JSON.stringify({ [DATA_PLANE_KEY]: "support-bot", [OTHER_KEY]: "billing" }));
      const cli = serve(["--api-key", `${PROJECT_KEY}=support-bot`, "--api-key", `${INGESTION_KEY}=support-bot`, "--api-key", "padded==", "--keys-file", file, "--verbose"]);
      const url = await cli.url;
      const { runId, sessions } = await python16Run({ url } as DevServer);
      expect((await client({ url }, PROJECT_KEY).call("GET", `/v1/runs/${runId}/result`)).body.datapoints).toHaveLength(sessions.length);
      const [support] = (await client({ url }, PROJECT_KEY).call("GET", "/v1/projects")).body as { id: string; name: string }[];
      expect(support!.name).toBe("support-bot");
      expect((await client({ url }, DATA_PLANE_KEY).call("GET", `/v1/projects/${support!.id}/charts`)).status).toBe(200); // from the file
      expect((await client({ url }, OTHER_KEY).call("GET", "/v1/projects")).body[0].name).toBe("billing");
      expect((await client({ url }, "padded==").call("GET", "/v1/runs")).status).toBe(200); // a key ending in "=" stays whole
      expect((await client({ url }, "hh_unlisted").call("GET", "/v1/runs")).status).toBe(401);
      cli.stop();
      expect(await cli.exited).toBe(143);
      for (const key of [PROJECT_KEY, INGESTION_KEY, DATA_PLANE_KEY, OTHER_KEY]) expect(cli.output()).not.toContain(key);
    } finally {
      cleanup();
    }
  }, 60_000);

  it("an empty key is a usage error (exit 2); a bad keys file or a key given two projects exits 1 with one line", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const empty = serve(["--api-key", "=support-bot"]);
      expect(await empty.exited).toBe(2);
      expect(empty.output()).toContain("an --api-key value has no key");
      writeFileSync(join(dir, "bad.json"), "{ not json");
      const bad = serve(["--keys-file", join(dir, "bad.json")]);
      expect(await bad.exited).toBe(1);
      expect(bad.output()).toContain("bad.json: it is not valid JSON");
      writeFileSync(join(dir, "two.json"), JSON.stringify({ [PROJECT_KEY]: "billing" }));
      const two = serve(["--api-key", `${PROJECT_KEY}=support-bot`, "--keys-file", join(dir, "two.json")]);
      expect(await two.exited).toBe(1);
      expect(two.output()).toContain(`one API key is given two projects ("support-bot" and "billing")`);
      expect(two.output()).not.toContain(PROJECT_KEY);
    } finally {
      cleanup();
    }
  }, 60_000);
});
