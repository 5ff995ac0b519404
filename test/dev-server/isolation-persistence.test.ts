import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, loadSqliteDriver, type DevServer } from "../../packages/dev-server/src/index";
import { client, quietLogger, startServer, tempDir } from "./helpers";
import { protobufBody, recordSpans } from "./spans";

describe("authentication", () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it("answers 401 {error} without a key or with an empty one", async () => {
    for (const headers of [{}, { authorization: "" }, { authorization: "Bearer " }, { authorization: "Bearer" }] as Record<string, string>[]) {
      const res = await fetch(`${server.url}/v1/runs`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: expect.any(String) });
    }
  });

  it("serves /health without a key", async () => {
    const res = await fetch(`${server.url}/health`);
    expect(await res.json()).toEqual({ ok: true });
  });
});

describe("configured API keys", () => {
  let server: DevServer;
  const lines: string[] = [];
  beforeAll(async () => {
    server = await createDevServer({
      inMemory: true, logger: quietLogger(lines),
      apiKeys: { "hh_key_alpha_123456": "shared", "hh_key_beta_1234567": "shared", "hh_key_gamma_123456": "other" },
    });
  });
  afterAll(() => server.close());

  it("accepts only listed keys; keys naming the same project share it", async () => {
    expect((await client(server, "hh_not_listed_00000").call("GET", "/v1/runs")).status).toBe(401);
    const alpha = client(server, "hh_key_alpha_123456");
    const beta = client(server, "hh_key_beta_1234567");
    const gamma = client(server, "hh_key_gamma_123456");
    const run = await alpha.call("POST", "/v1/runs", { name: "shared-run" });
    expect((await beta.call("GET", `/v1/runs/${run.body.run_id}`)).status).toBe(200);
    expect((await gamma.call("GET", `/v1/runs/${run.body.run_id}`)).status).toBe(404);
    expect(run.body.evaluation.scope_id).not.toBe((await gamma.call("POST", "/v1/runs", {})).body.evaluation.scope_id);
    expect(lines.join("\n")).not.toContain("hh_key_");
  });
});

describe("two keys never see each other's data", () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it("isolates sessions, events, runs, datasets and datapoints", async () => {
    const a = client(server, "key-a");
    const b = client(server, "key-b");
    const session = (await a.call("POST", "/session/start", { session: { session_name: "a-only" } })).body;
    const run = (await a.call("POST", "/v1/runs", { name: "a-run", event_ids: [session.session_id] })).body;
    const ds = (await a.call("POST", "/v1/datasets", { name: "a-ds" })).body.result.insertedId;
    const dp = (await a.call("POST", "/v1/datapoints", { inputs: { x: 1 }, linked_datasets: [ds] })).body.result.insertedIds[0];

    expect((await b.call("GET", `/v1/events/${session.session_id}`)).status).toBe(404);
    expect((await b.call("PUT", "/events", { event_id: session.session_id, metadata: { hacked: true } })).status).toBe(404);
    expect((await b.call("GET", `/v1/sessions/${session.session_id}`)).status).toBe(404);
    expect((await b.call("POST", "/v1/events/export", { filters: [] })).body.totalEvents).toBe(0);
    expect((await b.call("GET", `/v1/runs/${run.run_id}`)).status).toBe(404);
    expect((await b.call("GET", `/v1/runs/${run.run_id}/result`)).status).toBe(404);
    expect((await b.call("PUT", `/v1/runs/${run.run_id}`, { status: "failed" })).status).toBe(404);
    expect((await b.call("GET", "/v1/runs")).body.evaluations).toEqual([]);
    expect((await b.call("GET", "/v1/datasets")).body.datasets).toEqual([]);
    expect((await b.call("GET", `/v1/datapoints/${dp}`)).status).toBe(404);
    expect((await b.call("GET", "/v1/datapoints")).body.datapoints).toEqual([]);

    // The same ids written by B land in B's project and leave A's rows alone.
    await b.call("POST", "/session/start", { session: { session_id: session.session_id, session_name: "b-copy", metadata: { b: 1 } } });
    const aView = (await a.call("GET", `/v1/events/${session.session_id}`)).body.event;
    expect(aView.event_name).toBe("a-only");
    expect(aView.metadata).toEqual({});
    expect((await a.call("GET", `/v1/runs/${run.run_id}`)).body.evaluation.status).toBe("pending");
  });

  it("keeps OTLP spans sent with one key out of the other key's project, even with the same ids", async () => {
    const a = client(server, "otlp-key-a");
    const b = client(server, "otlp-key-b");
    const sessionId = "abcdabcd-0000-4000-8000-000000000001";
    const spans = recordSpans((t) => t.startSpan("secret-step", { attributes: { "honeyhive.session_id": sessionId, "honeyhive_inputs.q": "a-only" } }).end());
    const headers = { "content-type": "application/x-protobuf" };
    expect((await a.raw("POST", "/opentelemetry/v1/traces", Buffer.from(protobufBody(spans)), headers)).status).toBe(200);
    const filters = [{ field: "event_name", operator: "is", value: "secret-step", type: "string" }];
    const fromA = await a.call("POST", "/v1/events/export", { filters });
    expect(fromA.body.totalEvents).toBe(1);
    expect((await b.call("POST", "/v1/events/export", { filters })).body.totalEvents).toBe(0);
    expect((await b.call("GET", `/v1/events/${fromA.body.events[0].event_id}`)).status).toBe(404);
    expect((await b.raw("POST", "/opentelemetry/v1/traces", Buffer.from(protobufBody(spans)), headers)).status).toBe(200);
    const fromB = await b.call("POST", "/v1/events/export", { filters });
    expect(fromB.body.events[0].event_id).toBe(fromA.body.events[0].event_id);
    expect(fromB.body.events[0].project_id).not.toBe(fromA.body.events[0].project_id);
    expect((await a.call("POST", "/v1/events/export", { filters })).body.totalEvents).toBe(1);
  });
});

describe("persistence", () => {
  it("keeps data across a restart on the same data directory, in WAL mode, without raw keys", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const key = "hh_persist_secret_key_42";
      let server = await createDevServer({ dataDir: dir, logger: quietLogger() });
      const api = client(server, key);
      const session = (await api.call("POST", "/session/start", { session: { session_name: "kept" } })).body;
      const run = (await api.call("POST", "/v1/runs", { name: "kept-run", event_ids: [session.session_id] })).body;
      await server.close();
      await server.close();

      const file = join(dir, "honeyhive.db");
      expect(readFileSync(file).includes(Buffer.from(key))).toBe(false);
      const db = (await loadSqliteDriver()).open(file, { timeout: 5000 }); // the driver the server uses
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      db.close();

      server = await createDevServer({ dataDir: dir, logger: quietLogger() });
      const again = client(server, key);
      expect((await again.call("GET", `/v1/events/${session.session_id}`)).body.event.event_name).toBe("kept");
      expect((await again.call("GET", `/v1/runs/${run.run_id}`)).body.evaluation.name).toBe("kept-run");
      expect((await client(server, "another-key").call("GET", `/v1/runs/${run.run_id}`)).status).toBe(404);
      await server.close();
    } finally {
      cleanup();
    }
  });
});

describe("options", () => {
  it("refuses a non-loopback host without allowRemote and an API key list", async () => {
    await expect(createDevServer({ host: "0.0.0.0", inMemory: true })).rejects.toThrow(/allowRemote/);
    await expect(createDevServer({ host: "0.0.0.0", allowRemote: true, inMemory: true })).rejects.toThrow(/apiKeys/);
    const server = await createDevServer({ host: "0.0.0.0", allowRemote: true, apiKeys: ["k1"], inMemory: true, logger: quietLogger() });
    expect(server.port).toBeGreaterThan(0);
    await server.close();
    await expect(createDevServer({ port: 70000, inMemory: true })).rejects.toThrow(/port/);
  });

  it("refuses an unknown option key, naming the closest one, before binding or opening anything", async () => {
    const { dir: dataDir, cleanup } = tempDir();
    // `apiKey` (the CLI's --api-key) for `apiKeys` would otherwise start a server that accepts any key
    await expect(createDevServer({ inMemory: true, apiKey: ["only-this-key"] } as never)).rejects.toThrow('createDevServer: unknown option "apiKey" (did you mean "apiKeys"?)');
    await expect(createDevServer({ dataDirectory: dataDir } as never)).rejects.toThrow(/unknown option "dataDirectory" \(did you mean "dataDir"\?\)/);
    await expect(createDevServer({ inMemory: true, zzz: 1 } as never)).rejects.toThrow(/unknown option "zzz" \(valid options: port, host, dataDir/);
    expect(readdirSync(dataDir)).toEqual([]);
    cleanup();
  });

  it("reports a busy port clearly", async () => {
    const first = await startServer();
    await expect(startServer({ port: first.port })).rejects.toThrow(/already in use/);
    await first.close();
  });

  it("a start that fails on a busy port leaves the data directory as it was", async () => {
    const first = await startServer();
    const { dir, cleanup } = tempDir();
    try {
      const fresh = join(dir, "new", "data");
      await expect(createDevServer({ port: first.port, dataDir: fresh, logger: quietLogger() })).rejects.toThrow(/already in use/);
      expect(existsSync(join(dir, "new"))).toBe(false); // the data directory and the parent created for it
      expect(readdirSync(dir)).toEqual([]);
      const kept = join(dir, "kept");
      const earlier = await createDevServer({ port: 0, dataDir: kept, logger: quietLogger() });
      await earlier.close();
      const before = readdirSync(kept).sort();
      expect(before).toEqual(["honeyhive.db"]);
      const size = statSync(join(kept, "honeyhive.db")).size;
      await expect(createDevServer({ port: first.port, dataDir: kept, logger: quietLogger() })).rejects.toThrow(/already in use/);
      expect(readdirSync(kept).sort()).toEqual(before); // the database stays; no lock is left behind
      expect(statSync(join(kept, "honeyhive.db")).size).toBe(size);
      const empty = join(dir, "empty");
      mkdirSync(empty);
      await expect(createDevServer({ port: first.port, dataDir: empty, logger: quietLogger() })).rejects.toThrow(/already in use/);
      expect(readdirSync(empty)).toEqual([]); // an existing directory stays, emptied of what the start created
    } finally {
      await first.close();
      cleanup();
    }
  });

  it("lets a static handler serve non-API GET requests", async () => {
    const server = await startServer({
      staticHandler: (req, res) => {
        if (req.url !== "/") return false;
        res.writeHead(200, { "content-type": "text/html" }).end("<h1>viewer</h1>");
        return true;
      },
    });
    expect(await (await fetch(server.url + "/")).text()).toBe("<h1>viewer</h1>");
    const missing = await fetch(server.url + "/assets/nope.js");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: expect.any(String) });
    await server.close();
  });
});
