// Retries never duplicate a write: a request that creates something is sent again only when it provably
// never reached the server (refused connection, DNS) or the server said so (429/503), or when the client
// chose the id that makes a repeat harmless. The server here really applies each write (the dev server
// behind a real proxy) and then loses or delays the answer.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import { newUuid } from "../../packages/core/src/ids/uuid";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { isRetryableFailure, isTransientStatus, neverReachedServer } from "../../packages/honeyhive/src/transport/retry-policy";
import { worthKeeping } from "../../packages/honeyhive/src/tracer/session-writes";

const KEY = "hh_no_duplicates_key";
type Mode = "pass" | "drop" | "late";
let dev: DevServer;
let proxy: Server;
let proxyUrl = "";
let modeFor: (req: IncomingMessage, attempt: number) => Mode = () => "pass";
const attempts = new Map<string, number>();

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

/** Forwards to the dev server; the write is applied there whatever the mode, then the answer is dropped or held. */
beforeAll(async () => {
  dev = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  const target = new URL(dev.url);
  proxy = createServer((req, res) => {
    void readBody(req).then((body) => {
      const key = `${req.method} ${req.url}`;
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      const mode = modeFor(req, n);
      const forward = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (c: Buffer) => chunks.push(c));
        answer.on("end", () => {
          if (mode === "drop") return void req.socket.destroy();
          const send = () => {
            if (res.destroyed) return;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(chunks));
          };
          if (mode === "late") setTimeout(send, 1500);
          else send();
        });
      });
      forward.end(body);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((r) => proxy.close(r));
  await dev.close();
});
afterEach(() => {
  modeFor = () => "pass";
  attempts.clear();
});

const client = () => createApiClient({ serverUrl: proxyUrl, apiKey: KEY, timeoutMs: 400, maxRetries: 3, initialBackoffMs: 5 });
const direct = () => createApiClient({ serverUrl: dev.url, apiKey: KEY });

async function runsNamed(name: string): Promise<number> {
  const listed = await direct().runs.list({ name, limit: 100 });
  if (!listed.ok) throw new Error(listed.error);
  return listed.data.evaluations.filter((r) => r.name === name).length;
}

async function eventsNamed(name: string): Promise<number> {
  const found = await direct().events.search({ filters: [{ field: "event_name", operator: "is", value: name, type: "string" }], limit: 100 });
  if (!found.ok) throw new Error(found.error);
  return found.data.events.length;
}

describe("no duplicate writes", () => {
  it("a run-creating POST whose connection drops after the server applied it is not retried: exactly one run", async () => {
    modeFor = (req) => (req.method === "POST" ? "drop" : "pass");
    const result = await client().runs.create({ name: "dropped-run", status: "pending" });
    expect(result.ok).toBe(false);
    expect(attempts.get("POST /v1/runs")).toBe(1);
    expect(await runsNamed("dropped-run")).toBe(1);
  });

  it("a run-creating POST answered after the timeout is not retried: exactly one run, one dataset, one event", async () => {
    modeFor = (req) => (req.method === "POST" ? "late" : "pass");
    const api = client();
    expect((await api.runs.create({ name: "late-run" })).ok).toBe(false);
    expect((await api.datasets.create({ name: "late-dataset" })).ok).toBe(false);
    expect((await api.events.create({ event: { event_type: "tool", event_name: "late-event", inputs: {} } })).ok).toBe(false);
    expect(await runsNamed("late-run")).toBe(1);
    const datasets = await direct().datasets.list({ name: "late-dataset" });
    expect(datasets.ok && datasets.data.datasets.length).toBe(1);
    expect(await eventsNamed("late-event")).toBe(1);
    expect([...attempts.values()]).toEqual([1, 1, 1]);
  });

  it("creates whose id the client chose are retried, and the repeat is harmless (one session, one event)", async () => {
    modeFor = (req, n) => (req.method === "POST" && n === 1 ? "drop" : "pass");
    const api = client();
    const sessionId = newUuid();
    const started = await api.sessions.start({ session: { session_id: sessionId, session_name: "retried-session" } });
    expect(started.ok).toBe(true);
    const eventId = newUuid();
    const created = await api.events.create({ event: { event_id: eventId, session_id: sessionId, event_type: "tool", event_name: "retried-event", inputs: {} } });
    expect(created.ok).toBe(true);
    expect(attempts.get("POST /v1/sessions")).toBe(2);
    expect(attempts.get("POST /v1/events")).toBe(2);
    expect(await eventsNamed("retried-event")).toBe(1);
    const session = await direct().sessions.get(sessionId);
    expect(session.ok && session.data.event_name).toBe("retried-session");
  });

  it("a create is retried when the server says it did not process it (503, 429) but not after a 500", async () => {
    // 503/429/500 answers come from a loopback server that applies nothing and counts what it got.
    let received = 0;
    const statuses = [503, 429, 200];
    const fake = createServer((_req, res) => {
      received += 1;
      const status = statuses.shift() ?? 500;
      res.writeHead(status, { "content-type": "application/json", ...(status === 429 ? { "retry-after": "0" } : {}) });
      res.end(status === 200 ? '{"run_id":"r1"}' : "{}");
    });
    await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    const retried = await createApiClient({ serverUrl: url, apiKey: KEY, initialBackoffMs: 1 }).runs.create({ name: "x" });
    expect(retried).toEqual({ ok: true, data: { run_id: "r1" } });
    const failed = await createApiClient({ serverUrl: url, apiKey: KEY, initialBackoffMs: 1 }).runs.create({ name: "y" });
    expect(failed).toMatchObject({ ok: false, status: 500, error: expect.stringMatching(/after 1 attempt/) });
    fake.closeAllConnections();
    await new Promise((r) => fake.close(r));
    expect(received).toBe(4);
  });

  it("a create is retried when the connection was refused (it never reached a server)", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((r) => closed.close(r));
    const result = await createApiClient({ serverUrl: url, apiKey: KEY, maxRetries: 2, initialBackoffMs: 1 }).runs.create({ name: "refused" });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/after 3 attempt/) });
  });
});

describe("retry classification on real network errors", () => {
  async function errorOf(send: () => Promise<unknown>): Promise<unknown> {
    try {
      await send();
    } catch (error) {
      return error;
    }
    throw new Error("expected a failure");
  }

  it("refused connections (node:http and fetch) never reached the server; a reset after the request did", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const viaHttp = await errorOf(() => new Promise((resolve, reject) => httpRequest({ host: "127.0.0.1", port, method: "POST" }, resolve).on("error", reject).end("x")));
    const viaFetch = await errorOf(() => fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "x" }));
    expect(neverReachedServer(viaHttp)).toBe(true);
    expect(neverReachedServer(viaFetch)).toBe(true);
    expect(isRetryableFailure({ kind: "error", error: viaHttp, timedOut: false }, false)).toBe(true);

    const resetting = createServer((req) => req.on("data", () => undefined).on("end", () => req.socket.destroy()));
    await new Promise<void>((r) => resetting.listen(0, "127.0.0.1", r));
    const resetPort = (resetting.address() as AddressInfo).port;
    const reset = await errorOf(() => new Promise((resolve, reject) => httpRequest({ host: "127.0.0.1", port: resetPort, method: "POST" }, resolve).on("error", reject).end("x")));
    await new Promise((r) => resetting.close(r));
    expect(neverReachedServer(reset)).toBe(false);
    expect(isRetryableFailure({ kind: "error", error: reset, timedOut: false }, false)).toBe(false);
    expect(isRetryableFailure({ kind: "error", error: reset, timedOut: false }, true)).toBe(true);
  });

  it("statuses: a non-idempotent request only on 429/503; an idempotent one on 408, 429 and 5xx", () => {
    const retried = (status: number, idempotent: boolean) => isRetryableFailure({ kind: "status", status }, idempotent);
    expect([400, 404, 408, 409, 429, 500, 502, 503, 504].filter((s) => retried(s, false))).toEqual([429, 503]);
    expect([400, 404, 408, 409, 429, 500, 502, 503, 504].filter((s) => retried(s, true))).toEqual([408, 429, 500, 502, 503, 504]);
    expect(isRetryableFailure({ kind: "error", error: Object.assign(new Error("x"), { code: "ECONNREFUSED" }), timedOut: true }, false)).toBe(false);
  });

  it("one rule for a write that may have landed or may yet succeed: no answer, 408, 429, 5xx (retries and kept session writes agree)", () => {
    const statuses = Array.from({ length: 500 }, (_, i) => i + 100);
    expect(statuses.filter((s) => isTransientStatus(s))).toEqual([408, 429, ...statuses.filter((s) => s >= 500)]);
    expect(isTransientStatus(undefined)).toBe(true);
    for (const status of [undefined, ...statuses]) {
      expect(worthKeeping({ ok: false, error: "x", ...(status !== undefined ? { status } : {}) })).toBe(isTransientStatus(status));
      if (status !== undefined) expect(isRetryableFailure({ kind: "status", status }, true)).toBe(isTransientStatus(status));
    }
    expect(worthKeeping({ ok: true, data: {} })).toBe(false);
  });
});
