// The feedback route through real HTTP: a node:http server on 127.0.0.1:0 serving createFeedbackHandler() through
// toNodeHandler (raw body, and an Express-style body parsed before it), and the fetch-style handler called with a
// Request as Next.js route handlers and Hono call it; feedback lands at the real dev server behind the spec-checking
// proxy. A thumb flipped up, down, up leaves one value; expired, forged and tampered tokens, names the token does not
// allow and bad bodies are refused with JSON; the API key is never in a token, and a misspelled option issues none.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HoneyHiveConfigError, HoneyHiveTracer, createFeedbackHandler, feedbackToken, toNodeHandler, trace, type FeedbackHandler } from "../../packages/honeyhive/src/index";
import { newUuid } from "../../packages/core/src/ids/uuid";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { client } from "../dev-server/helpers";

const KEY = "hh_feedback_handler_key_0123456789";
const checked = useCheckedDevServer();
let handler: FeedbackHandler;
let nodeServer: Server;
let nodeUrl: string;
let sessionId: string;

/** Stands in for express.json(): parses the body into `req.body` before the adapter runs. */
function parseJsonFirst(listener: (req: IncomingMessage, res: ServerResponse) => void) {
  return (req: IncomingMessage & { body?: unknown }, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      req.body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      listener(req, res);
    });
  };
}

beforeAll(async () => {
  handler = createFeedbackHandler({ apiKey: KEY, serverUrl: checked.proxy.url });
  const node = toNodeHandler(handler);
  const express = parseJsonFirst(node);
  nodeServer = createServer((req, res) => (req.url === "/express/feedback" ? express(req, res) : node(req, res)));
  await new Promise<void>((resolve) => nodeServer.listen(0, "127.0.0.1", resolve));
  nodeUrl = `http://127.0.0.1:${(nodeServer.address() as AddressInfo).port}`;
  sessionId = newUuid();
  const started = await client(checked.server, KEY).call("POST", "/v1/sessions", { session_id: sessionId, session_name: "chat", project: "feedback" });
  expect(started.status).toBe(200);
});
afterAll(async () => {
  await new Promise((resolve) => nodeServer.close(resolve));
});

async function post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(nodeUrl + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.headers.get("content-type")).toContain("application/json");
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function storedFeedback(eventId: string): Promise<Record<string, unknown>> {
  const got = await client(checked.server, KEY).call("GET", `/v1/events/${eventId}`);
  return (got.body.event ?? got.body).feedback as Record<string, unknown>;
}

describe("createFeedbackHandler through toNodeHandler (node:http)", () => {
  it("a thumb flipped up, down, up with one token leaves one value at the server", async () => {
    const token = await feedbackToken({ sessionId }, { ttlMs: 60_000, names: ["thumbs"], apiKey: KEY });
    expect(typeof token).toBe("string");
    expect(token).not.toContain(KEY);
    expect(Buffer.from(token!.split(".")[1]!, "base64url").toString("utf8")).not.toContain(KEY);
    expect(await post("/api/feedback", { token, value: true })).toMatchObject({ status: 200, body: { ok: true, eventId: sessionId, name: "thumbs", value: true } });
    expect((await post("/api/feedback", { token, value: false, comment: "wrong" })).status).toBe(200);
    expect((await post("/express/feedback", { token, name: "thumbs", value: true })).status).toBe(200);
    const stored = await storedFeedback(sessionId);
    expect(stored).toMatchObject({ thumbs: true, thumbs_comment: null });
    expect(Object.keys(stored).filter((key) => key.startsWith("thumbs")).sort()).toEqual(["thumbs", "thumbs_comment", "thumbs_meta"]);
    expect(checked.proxy.violations()).toEqual([]);
  });

  it("refuses an expired token (401) and a forged or tampered one (403), recording nothing", async () => {
    const before = await storedFeedback(sessionId);
    const expired = await feedbackToken(sessionId, { ttlMs: 1, apiKey: KEY });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await post("/api/feedback", { token: expired, name: "thumbs", value: false })).toEqual({ status: 401, body: { error: "token expired" } });

    const forged = await feedbackToken(sessionId, { ttlMs: 60_000, apiKey: "hh_some_other_key" });
    expect(await post("/api/feedback", { token: forged, name: "thumbs", value: false })).toEqual({ status: 403, body: { error: "invalid token" } });

    const good = (await feedbackToken(sessionId, { ttlMs: 60_000, names: ["thumbs"], apiKey: KEY }))!;
    const [version, payload, signature] = good.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8"));
    const widened = Buffer.from(JSON.stringify({ ...claims, x: claims.x + 86_400_000, n: undefined })).toString("base64url");
    expect(await post("/api/feedback", { token: `${version}.${widened}.${signature}`, name: "rating", value: 1 })).toMatchObject({ status: 403 });
    expect(await post("/api/feedback", { token: "hhf1.e30.AAAA", value: 1, name: "thumbs" })).toMatchObject({ status: 403 });
    expect(await post("/api/feedback", { name: "thumbs", value: false })).toEqual({ status: 401, body: { error: "no token" } });
    expect(await storedFeedback(sessionId)).toEqual(before);
  });

  it("validates the body: name, value type, comment length, a name the token does not allow; 405 and 413", async () => {
    const token = await feedbackToken(sessionId, { ttlMs: 60_000, names: ["thumbs", "rating"], apiKey: KEY });
    expect(await post("/api/feedback", { token, value: true })).toMatchObject({ status: 400 });
    expect(await post("/api/feedback", { token, name: "thumbs", value: { up: 1 } })).toMatchObject({ status: 400 });
    expect(await post("/api/feedback", { token, name: "thumbs", value: true, comment: "x".repeat(4001) })).toMatchObject({ status: 400 });
    expect(await post("/api/feedback", { token, name: "secret_flag", value: true })).toMatchObject({ status: 403 });
    const notJson = await fetch(nodeUrl + "/api/feedback", { method: "POST", body: "{not json" });
    expect(notJson.status).toBe(400);
    expect((await fetch(nodeUrl + "/api/feedback")).status).toBe(405);
    const huge = await fetch(nodeUrl + "/api/feedback", { method: "POST", body: JSON.stringify({ token, name: "thumbs", value: true, pad: "x".repeat(20_000) }) });
    expect(huge.status).toBe(413);
  });

  it("a misspelled option (nmes for names) never issues a token, even with HH_RESILIENCE=balanced: it rejects naming names", async () => {
    const before = await storedFeedback(sessionId);
    vi.stubEnv("HH_RESILIENCE", "balanced");
    try {
      const issued = feedbackToken({ sessionId }, { ttlMs: 60_000, nmes: ["thumbs"], apiKey: KEY } as never);
      const error = await issued.then((token) => ({ token }), (e: unknown) => e);
      expect(error).toBeInstanceOf(HoneyHiveConfigError);
      expect((error as HoneyHiveConfigError).problems).toEqual(['feedbackToken(): unknown option "nmes" (did you mean "names"?)']);
      expect(() => createFeedbackHandler({ apiKey: KEY, serverUrl: checked.proxy.url, secert: "s" } as never)).toThrowError(HoneyHiveConfigError);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(await storedFeedback(sessionId)).toEqual(before);
  });
});

/** A lazily made body of `total` bytes in 64 KiB chunks; `pulled()` says how many bytes the reader asked for. */
function hugeBody(total: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  }, { highWaterMark: 0 });
  return { stream, pulled: () => sent };
}

describe("a body over 16 KB is refused (413) before it is read whole, parsed, or its token checked", () => {
  it("fetch-style: a 512 MB streamed body without a length is cut after the limit, nothing reaches the backend", async () => {
    const before = checked.proxy.requests.length;
    const body = hugeBody(512 * 1024 * 1024);
    const request = new Request("http://app.local/api/feedback", { method: "POST", body: body.stream, duplex: "half" } as RequestInit);
    const res = await handler(request);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: "body too large" });
    expect(body.pulled()).toBeLessThanOrEqual(256 * 1024); // the limit and a chunk or two, not the body
    expect(checked.proxy.requests.length).toBe(before);
  });

  it("node:http: a declared 512 MB body is answered 413 before its bytes are sent", async () => {
    const { request } = await import("node:http");
    const answer = await new Promise<number>((resolve, reject) => {
      const req = request(`${nodeUrl}/api/feedback`, { method: "POST", headers: { "content-type": "application/json", "content-length": String(512 * 1024 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on("error", (error) => (req.destroyed ? undefined : reject(error)));
      req.write(Buffer.alloc(64 * 1024, 0x20)); // the start of the body; the rest never comes
    });
    expect(answer).toBe(413);
  });
});

describe("createFeedbackHandler as a fetch-style route (Next.js, Hono)", () => {
  it("records feedback on a span's event named in the token, with a key from the body", async () => {
    const eventId = newUuid();
    const created = await client(checked.server, KEY).call("POST", "/v1/events", { event_id: eventId, session_id: sessionId, event_type: "model", event_name: "answer", inputs: {} });
    expect(created.status).toBe(200);
    const token = await feedbackToken({ eventId }, { ttlMs: 60_000, secret: "app-secret-for-tokens" });
    const route = createFeedbackHandler({ apiKey: KEY, serverUrl: checked.proxy.url, secret: "app-secret-for-tokens" });
    const request = (body: unknown) => new Request("http://app.local/api/feedback", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const up = await route(request({ token, name: "rating", value: 5, comment: "great", idempotencyKey: "msg-7" }));
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ ok: true, eventId, name: "rating", value: 5 });
    expect(await storedFeedback(eventId)).toEqual({ rating: 5, rating_comment: "great", rating_meta: { idempotency_key: "msg-7" } });
    // a token signed with the API key is not valid for a handler using a separate secret
    const keyToken = await feedbackToken({ eventId }, { ttlMs: 60_000, apiKey: KEY });
    expect((await route(request({ token: keyToken, name: "rating", value: 1 }))).status).toBe(403);
    expect((await route(request({ token, name: "rating", value: 1, pad: "x".repeat(20_000) }))).status).toBe(413);
    // without an API key the route is not configured
    expect((await createFeedbackHandler({ apiKey: "", serverUrl: checked.proxy.url })(request({ token, name: "rating", value: 1 }))).status).toBe(503);
    expect(checked.proxy.violations()).toEqual([]);
  });

  it("a token for the current span names the event the span is stored under", async () => {
    const tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl: checked.proxy.url, project: "feedback", setAsDefault: false });
    const spanSession = newUuid();
    const token = await tracer.withSession({ sessionId: spanSession }, () =>
      trace(async function draftReply() {
        return feedbackToken({ current: "span" }, { ttlMs: 60_000, names: ["thumbs"] });
      }, { tracer })(),
    );
    expect(await tracer.flush(5000)).toBe(true);
    await tracer.shutdown();
    expect(await post("/api/feedback", { token, value: false, comment: "too formal" })).toMatchObject({ status: 200 });
    const events = await client(checked.server, KEY).call("POST", "/v1/events/search", { filters: [{ field: "session_id", operator: "is", value: spanSession, type: "string" }], limit: 10 });
    const span = (events.body.events as Array<Record<string, any>>).find((e) => e.event_name === "draftReply");
    expect(span?.feedback).toMatchObject({ thumbs: false, thumbs_comment: "too formal" });
  });

  it("feedbackToken resolves undefined on bad options instead of throwing", async () => {
    expect(await feedbackToken("nope", { apiKey: KEY })).toBeUndefined();
    expect(await feedbackToken(sessionId, { apiKey: KEY, ttlMs: -1 })).toBeUndefined();
    expect(await feedbackToken(sessionId, { apiKey: KEY, names: ["bad name"] })).toBeUndefined();
    expect(await feedbackToken(sessionId, { secret: "" , apiKey: "" })).toBeUndefined();
  });
});
