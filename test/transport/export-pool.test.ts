import { createServer, type ServerResponse } from "node:http";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, it } from "vitest";
import { decodeTraceRequest } from "../../packages/dev-server/src/otlp/index";
import { HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import { listenOnLoopback, type LoopbackServer } from "../helpers/loopback-server";
import { readBody } from "../helpers/read-body";

/**
 * Req: span export never waits for a socket behind API calls. Per-request sessions (`withSession` per request) send
 * one session start each; against a backend slow to answer them, hundreds queue for the API's sockets, and an export
 * queued behind them left the span queue to fill and drop spans. Here the server answers the first session start
 * (the route probe the others wait for; the tracer's own session is never needed, so it sends none) and holds every later one unanswered until the first OTLP request arrives (a safety release after 5 s only ends the wait on a transport that shares one
 * pool, where that export could never arrive first): the export must arrive while session starts are held at the
 * server and others are still waiting for a socket, and every span is delivered.
 */
const SESSIONS = 100;
const SAFETY_RELEASE_MS = 5_000;
const KEY = "hh_export_pool_key";

interface AtFirstExport {
  sessionStartsReceived: number;
  sessionStartsHeld: number;
}

let server: LoopbackServer;
let sessionStartsReceived = 0;
let spansReceived = 0;
let atFirstExport: AtFirstExport | undefined;
let released = false;
const held: (() => void)[] = [];
let heldSessionStart: () => void = () => undefined;
const sessionStartHeld = new Promise<void>((resolve) => (heldSessionStart = resolve));
const safety = setTimeout(release, SAFETY_RELEASE_MS);

function release(): void {
  released = true;
  clearTimeout(safety);
  for (const answer of held.splice(0)) answer();
}

function answerSessionStart(res: ServerResponse, body: Buffer): void {
  const id = (JSON.parse(body.toString("utf8")) as { session?: { session_id?: string } }).session?.session_id;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ session_id: id, event_id: id }));
}

beforeAll(async () => {
  const http = createServer(async (req, res) => {
    let body = await readBody(req);
    if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
    const path = req.url ?? "/";
    if (path.includes("/opentelemetry/")) {
      spansReceived += decodeTraceRequest(new Uint8Array(body), String(req.headers["content-type"] ?? "")).length;
      atFirstExport ??= { sessionStartsReceived, sessionStartsHeld: held.length };
      release();
      res.end("{}");
    } else if (path.endsWith("/v1/sessions") || path.endsWith("/session/start")) {
      sessionStartsReceived++;
      // the first one is answered at once: it finds the route for the others, which wait for it
      if (sessionStartsReceived > 1) heldSessionStart();
      if (released || sessionStartsReceived === 1) answerSessionStart(res, body);
      else held.push(() => answerSessionStart(res, body));
    } else {
      res.end("{}");
    }
  });
  server = await listenOnLoopback(http);
});
afterAll(async () => {
  release();
  await server.close();
});

it("an export is sent while session starts wait for the API's sockets, and no span is dropped", async () => {
  const warnings: string[] = [];
  // maxQueueSize 100 makes the batch size 100: the 100th span starts an export at once (no flush, which waits for the
  // session starts first).
  const tracer = new HoneyHiveTracer({
    apiKey: KEY, serverUrl: server.url, sessionName: "service", setAsDefault: false, maxQueueSize: SESSIONS,
    logSink: (level, message) => void (level === "warn" || level === "error" ? warnings.push(message) : undefined),
  });
  const handle = trace(function handle(i: number) { return i; }, { tracer });
  let openGate: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  // every request's session start is on its way (the server holds one) before any span ends, as under load
  const requests = Array.from({ length: SESSIONS }, (_, i) => tracer.withSession({ sessionName: `request-${i}` }, async () => handle((await gate, i))));
  await sessionStartHeld;
  openGate();
  expect(await Promise.all(requests)).toEqual(Array.from({ length: SESSIONS }, (_, i) => i));

  expect(await tracer.flush()).toBe(true);
  // the export arrived while session starts were held unanswered and the rest had not even been sent (one per
  // withSession; none for the tracer's own session, which no span needed): it did not queue behind them
  expect(atFirstExport).toBeDefined();
  expect(atFirstExport!.sessionStartsHeld).toBeGreaterThan(0);
  expect(atFirstExport!.sessionStartsReceived).toBeLessThan(SESSIONS);
  expect(sessionStartsReceived).toBe(SESSIONS);
  expect(spansReceived).toBe(SESSIONS);
  const diagnostics = tracer.diagnostics();
  expect(diagnostics.spansExported).toBe(SESSIONS);
  expect(diagnostics.dropped).toEqual({ queueFull: 0, exportFailed: 0, shutdown: 0, noDestination: 0, spoolFull: 0 });
  expect(warnings).toEqual([]);
  await tracer.shutdown();
});
