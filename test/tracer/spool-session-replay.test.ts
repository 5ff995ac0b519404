// A session whose start could not be delivered is recovered from the disk spool, named, with its inputs, metadata and
// updates, by the next tracer with the same spool dir — against the real dev server, read back over HTTP.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { type IncomingMessage, createServer as createHttpServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import { setDefaultLogSink } from "../../packages/core/src/log/logger";
import { startSpecCheckingProxy, type SpecCheckingProxy } from "../helpers/spec-checking-proxy";

const KEY = "hh_spool_session_key";
const silent = () => undefined;
let server: DevServer;
/** Every request (replays included) goes through a proxy that checks it against HoneyHive's OpenAPI spec. */
let proxy: SpecCheckingProxy;
const dirs: string[] = [];
let previousSink: ReturnType<typeof setDefaultLogSink>;

beforeAll(async () => {
  previousSink = setDefaultLogSink(() => undefined);
  server = await createDevServer({ port: 0, inMemory: true, logger: { verbose: false, debug: silent, info: silent, warn: silent, error: silent, warnOnce: silent } });
  proxy = await startSpecCheckingProxy(server.url);
});
afterAll(async () => {
  await proxy.close();
  await server.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  setDefaultLogSink(previousSink);
});

/** A 127.0.0.1 port that was listened on and closed: connections to it are refused. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function getJson(path: string): Promise<any> {
  const res = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${KEY}` } });
  expect(res.status).toBe(200);
  return res.json();
}

async function sessionsNamed(sessionId: string): Promise<any[]> {
  const res = await fetch(`${server.url}/v1/events/search`, {
    method: "POST",
    headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ filters: [{ field: "event_type", operator: "is", value: "session", type: "string" }, { field: "session_id", operator: "is", value: sessionId, type: "string" }], limit: 100 }),
  });
  return ((await res.json()) as { events: any[] }).events;
}

/** A tracer on `dir` that delivers what the spool holds to the dev server, then shuts down. */
async function drainWithNewTracer(dir: string): Promise<number> {
  const tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl: proxy.url, sessionName: "drainer", spool: { dir }, setAsDefault: false });
  expect(await tracer.flush(20_000)).toBe(true);
  const delivered = tracer.diagnostics().spoolDelivered;
  await tracer.shutdown();
  return delivered;
}

describe("spool: a session start the backend did not get", () => {
  it("is replayed before its spans with its name, inputs, metadata, user properties and later updates; a second replay duplicates nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hh-spool-session-"));
    const copy = mkdtempSync(join(tmpdir(), "hh-spool-session-copy-"));
    dirs.push(dir, copy);
    const down = new HoneyHiveTracer({
      apiKey: KEY, serverUrl: `http://127.0.0.1:${await closedPort()}`, sessionName: "spooltest", spool: { dir }, setAsDefault: false,
      inputs: { question: "why" }, metadata: { stage: "start", region: "eu" }, userProperties: { user: "u1" },
    });
    expect(await down.whenSessionStarted()).toBe(false);
    const double = trace(function step(n: number) { return n * 2; });
    for (let i = 0; i < 7; i++) await down.trace(() => double(i));
    // an update while the backend is down: kept behind the start, replayed after it (a newer value wins)
    expect(await down.enrichSession({ metadata: { stage: "enriched" }, outputs: { answer: "because" } })).toBe(false);
    expect(await down.flush(5_000)).toBe(false);
    expect(down.diagnostics().spansSpooled).toBe(7);
    await down.shutdown(2_000);
    expect(readdirSync(dir).filter((n) => n.endsWith("-session.json"))).toHaveLength(2);
    // the same files, to be replayed once more later (a write whose first attempt did land is sent again)
    cpSync(dir, copy, { recursive: true });

    expect(await drainWithNewTracer(dir)).toBe(7);
    expect(readdirSync(dir)).toEqual([]);
    const check = async (): Promise<void> => {
      const session = await getJson(`/v1/sessions/${down.sessionId}`);
      expect(session).toMatchObject({
        event_name: "spooltest", inputs: { question: "why" }, outputs: { answer: "because" },
        metadata: { stage: "enriched", region: "eu" }, user_properties: { user: "u1" }, num_events: 7,
      });
      expect(session.children.map((c: any) => c.event_name)).toEqual(Array(7).fill("step"));
      expect(session.children.map((c: any) => c.outputs.result).sort((a: number, b: number) => a - b)).toEqual([0, 2, 4, 6, 8, 10, 12]);
      expect(await sessionsNamed(down.sessionId)).toHaveLength(1);
    };
    await check();

    expect(await drainWithNewTracer(copy)).toBe(7);
    await check();
  }, 60_000);

  it("a start whose outcome is unknown (it landed, the answer was lost): later updates wait behind it, so its replay never undoes them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hh-spool-session-"));
    dirs.push(dir);
    const lossy = await answerLosingProxy();
    try {
      const tracer = new HoneyHiveTracer({
        apiKey: KEY, serverUrl: lossy.url, sessionName: "lost-answer", spool: { dir }, setAsDefault: false, metadata: { stage: "start" },
      });
      expect(await tracer.whenSessionStarted()).toBe(false);
      expect((await getJson(`/v1/sessions/${tracer.sessionId}`)).metadata.stage).toBe("start"); // it did land
      // the API answers updates, but this one goes to the spool behind the start (sent live, the start's replay would undo it)
      expect(await tracer.enrichSession({ metadata: { stage: "enriched" } })).toBe(false);
      expect(lossy.updates).toBe(0);
      await tracer.trace(() => trace(function step() { return 1; })());
      await tracer.shutdown(2_000);
      expect(await drainWithNewTracer(dir)).toBe(1);
      const session = await getJson(`/v1/sessions/${tracer.sessionId}`);
      expect(session).toMatchObject({ event_name: "lost-answer", metadata: { stage: "enriched" }, num_events: 1 });
      expect(await sessionsNamed(tracer.sessionId)).toHaveLength(1);
    } finally {
      await lossy.close();
    }
  }, 60_000);
});

/** Forwards every request to the dev server; answers each session start with 504 after the server stored it. */
async function answerLosingProxy(): Promise<{ url: string; updates: number; close: () => Promise<void> }> {
  const state = { updates: 0 };
  const body = async (req: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const proxyServer = createHttpServer(async (req, res) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string" && name !== "host" && name !== "content-length") headers[name] = value;
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const answer = await fetch(`${server.url}${req.url}`, { method: req.method, headers, body: hasBody ? await body(req) : undefined });
    const text = Buffer.from(await answer.arrayBuffer());
    if (req.method === "PUT") state.updates += 1;
    if (req.url === "/v1/sessions" || req.url === "/session/start") return void res.writeHead(504).end();
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" }).end(text);
  });
  await new Promise<void>((resolve) => proxyServer.listen(0, "127.0.0.1", resolve));
  const { port } = proxyServer.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get updates() { return state.updates; },
    close: () => new Promise((resolve) => proxyServer.close(() => resolve())),
  };
}
