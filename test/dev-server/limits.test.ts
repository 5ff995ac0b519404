import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, startServer, tempDir, type Client } from "./helpers";
import { protobufBody, recordSpans } from "./spans";

/** Starts a POST whose body is written only partly; `finish()` sends the rest and resolves with the reply. */
function slowRequest(server: DevServer, path: string, body: string) {
  const url = new URL(server.url + path);
  let resolveReply!: (r: { status: number; body: any }) => void;
  const reply = new Promise<{ status: number; body: any }>((resolve) => (resolveReply = resolve));
  const req = request({
    host: url.hostname, port: url.port, path: url.pathname, method: "POST",
    headers: { authorization: "Bearer local", "content-type": "application/json", "content-length": Buffer.byteLength(body) },
  }, (res) => {
    const chunks: Buffer[] = [];
    res.on("data", (c: Buffer) => chunks.push(c));
    res.on("end", () => resolveReply({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || "null") }));
  });
  req.on("error", () => undefined);
  req.write(body.slice(0, 5));
  return {
    finish: () => {
      req.end(body.slice(5));
      return reply;
    },
    reply,
  };
}

/** Waits until the server has accepted `n` requests (they are in flight). */
async function settle(ms = 100) {
  await new Promise((r) => setTimeout(r, ms));
}

describe("body limits and content", () => {
  let server: DevServer;
  let api: Client;
  beforeAll(async () => {
    server = await startServer();
    api = client(server);
  });
  afterAll(() => server.close());

  it("answers 413 to a 50 MB body and keeps serving", async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x20);
    const res = await api.raw("POST", "/events", big, { "content-type": "application/json" });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: expect.stringMatching(/limit/) });
    const otlp = await api.raw("POST", "/opentelemetry/v1/traces", big, { "content-type": "application/x-protobuf" });
    expect(otlp.status).toBe(413);
    expect((await fetch(server.url + "/health")).status).toBe(200);
  });

  it("answers 413 to a chunked body (no Content-Length) once it passes the limit", async () => {
    const small = await startServer({ maxBodyBytes: 1024 });
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode(" ".repeat(512)));
        controller.close();
      },
    });
    const res = await fetch(small.url + "/events", {
      method: "POST", body: stream, duplex: "half", headers: { authorization: "Bearer x", "content-type": "application/json" },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: expect.any(String) });
    await small.close();
  });

  it("answers JSON errors for malformed JSON, wrong content types, deep nesting, unknown routes and methods", async () => {
    const malformed = await api.raw("POST", "/events", "{bad json", { "content-type": "application/json" });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ error: expect.any(String) });
    expect((await api.raw("POST", "/events", "a=b", { "content-type": "application/x-www-form-urlencoded" })).status).toBe(415);
    const deep = "[".repeat(10_000) + "]".repeat(10_000);
    expect((await api.raw("POST", "/v1/runs", deep, { "content-type": "application/json" })).status).toBe(400);
    const unknown = await api.call("GET", "/v1/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: expect.any(String) });
    const method = await api.call("PATCH", "/v1/runs");
    expect(method.status).toBe(405);
    expect(method.body).toEqual({ error: expect.any(String) });
    expect((await api.call("GET", "/v1/runs/%E0%A4%A")).status).toBe(404);
  });
});

describe("bounded concurrency", () => {
  it("answers 503 busy when saturated and recovers", async () => {
    const server = await startServer({ maxConcurrentRequests: 2 });
    const body = JSON.stringify({ event: { event_type: "tool", inputs: {} } });
    const a = slowRequest(server, "/events", body);
    const b = slowRequest(server, "/events", body);
    await settle();
    const busy = await client(server).call("POST", "/events", JSON.parse(body));
    expect(busy.status).toBe(503);
    expect(busy.body).toEqual({ error: "busy" });
    expect((await a.finish()).status).toBe(200);
    expect((await b.finish()).status).toBe(200);
    expect((await client(server).call("POST", "/events", JSON.parse(body))).status).toBe(200);
    await server.close();
  });

  it("answers 503 busy when in-flight bodies would exceed the memory budget", async () => {
    const server = await startServer({ maxBodyBytes: 1024 * 1024, maxBufferedBytes: 1536 * 1024 });
    const body = JSON.stringify({ event: { event_type: "tool", inputs: { pad: "x".repeat(900 * 1024) } } });
    const url = new URL(server.url + "/events");
    const open = (bytes: number) => {
      const replies: Promise<number> = new Promise((resolve) => {
        const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST",
          headers: { authorization: "Bearer local", "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("error", () => resolve(-1));
        req.write(body.slice(0, bytes));
        setTimeout(() => req.end(body.slice(bytes)), 400);
      });
      return replies;
    };
    const first = open(body.length - 10);
    await settle(150);
    const second = open(body.length - 10);
    const statuses = await Promise.all([first, second]);
    expect(statuses).toEqual([200, 503]);
    await server.close();
  });

  it("survives a flood of requests", async () => {
    const server = await startServer({ maxConcurrentRequests: 8 });
    const api = client(server);
    const replies = await Promise.all(Array.from({ length: 300 }, (_, i) =>
      api.call("POST", "/events", { event: { event_type: "tool", inputs: { i } } })));
    const statuses = new Set(replies.map((r) => r.status));
    expect([...statuses].every((s) => s === 200 || s === 503)).toBe(true);
    expect((await api.call("GET", "/v1/runs")).status).toBe(200);
    await server.close();
  });
});

describe("concurrent ingest", () => {
  it("stores every span from several concurrent senders", async () => {
    const server = await startServer({ maxConcurrentRequests: 64 });
    const senders = 6;
    const requestsPerSender = 5;
    const spansPerRequest = 50;
    const send = async (sender: number) => {
      const api = client(server, "ingest-key");
      for (let r = 0; r < requestsPerSender; r++) {
        const spans = recordSpans((tracer) => {
          for (let i = 0; i < spansPerRequest; i++) {
            tracer.startSpan(`s${sender}-${r}-${i}`, { attributes: { "honeyhive.session_id": `eeeeeeee-0000-4000-8000-00000000000${sender}` } }).end();
          }
        });
        const res = await api.raw("POST", "/opentelemetry/v1/traces", Buffer.from(protobufBody(spans)), { "content-type": "application/x-protobuf" });
        expect(res.status).toBe(200);
      }
    };
    await Promise.all(Array.from({ length: senders }, (_, s) => send(s)));
    const res = await client(server, "ingest-key").call("POST", "/v1/events/export", {
      filters: [{ field: "event_type", operator: "is not", value: "session", type: "string" }], limit: 1,
    });
    expect(res.body.totalEvents).toBe(senders * requestsPerSender * spansPerRequest);
    await server.close();
  });
});

describe("graceful close", () => {
  it("cuts off a client that stalls past the grace period, without a partial write", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const server = await startServer({ dataDir: dir, closeGraceMs: 200 });
      const sessionId = "ffffffff-0000-4000-8000-000000000002";
      slowRequest(server, "/session/start", JSON.stringify({ session: { session_id: sessionId } }));
      await settle();
      const started = Date.now();
      await server.close();
      expect(Date.now() - started).toBeLessThan(5000);
      const reopened = await startServer({ dataDir: dir });
      expect((await client(reopened).call("GET", `/v1/events/${sessionId}`)).status).toBe(404);
      await reopened.close();
    } finally {
      cleanup();
    }
  });

  it("waits for in-flight requests and commits their writes before closing the database", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const server = await startServer({ dataDir: dir });
      const sessionId = "ffffffff-0000-4000-8000-000000000001";
      const slow = slowRequest(server, "/session/start", JSON.stringify({ session: { session_id: sessionId, session_name: "late" } }));
      await settle();
      const closed = server.close();
      await settle(50);
      const reply = await slow.finish();
      expect(reply.status).toBe(200);
      await closed;
      const reopened = await startServer({ dataDir: dir });
      expect((await client(reopened).call("GET", `/v1/events/${sessionId}`)).body.event.event_name).toBe("late");
      await reopened.close();
    } finally {
      cleanup();
    }
  });
});
