import { AsyncLocalStorage } from "node:async_hooks";
import { readFileSync } from "node:fs";
import { webcrypto } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";
import { NEUTRAL_EXTERNAL, loadInBareContext, scanNeutralBundle } from "./neutral-bundle";

const PACKAGE = JSON.parse(readFileSync(new URL("../../packages/honeyhive/package.json", import.meta.url), "utf8"));

/** Timers as workerd and browsers have them: numeric ids, no `unref`. */
const numericSetTimeout = (fn: () => void, ms?: number): number => Number(setTimeout(fn, ms));
const numericClearTimeout = (id: number | undefined): void => clearTimeout(id);

/** Web APIs a Worker / Edge function has (what the neutral build may use); each test removes some. */
function webGlobals(logs: string[]): Record<string, unknown> {
  return {
    fetch, Request, Response, Headers, URL, AbortController, AbortSignal, TextEncoder, TextDecoder,
    setTimeout: numericSetTimeout, clearTimeout: numericClearTimeout, queueMicrotask, crypto: webcrypto, performance, CompressionStream,
    console: { warn: (line: string) => logs.push(line), log: () => undefined, error: (line: string) => logs.push(line) },
  };
}

/** The traced app every runtime row runs: a handler with a nested traced call and enrichSpan, in its own session. */
const APP = `
  globalThis.handle = async (tracer, i) => tracer.withSession({ sessionName: "req-" + i }, async (sessionId) => {
    const child = HoneyHive.trace(async function child(x) { await Promise.resolve(); return x * 2; });
    const handler = HoneyHive.trace(async function handler(x) {
      await new Promise((r) => setTimeout(r, 1));
      HoneyHive.enrichSpan({ metadata: { request: i } });
      return child(x);
    });
    return { sessionId, value: await handler(i) };
  });
`;

describe("the runtime-neutral build", () => {
  let recorder: HoneyHiveRecorder;
  beforeAll(async () => {
    recorder = await startHoneyHiveRecorder();
  });
  afterAll(async () => {
    await recorder.close();
  });

  it("imports no Node built-in, and only the published externals", async () => {
    const scan = await scanNeutralBundle();
    expect(scan.builtins).toEqual([]);
    expect(scan.externals.every((name) => NEUTRAL_EXTERNAL.includes(name))).toBe(true);
    expect(scan.externals).toContain("@opentelemetry/api");
  });

  it("is what the workerd / edge-light / worker / browser export conditions select, before import and require", () => {
    const conditions = Object.keys(PACKAGE.exports["."]);
    expect(conditions).toEqual(["workerd", "edge-light", "worker", "browser", "import", "require"]);
    for (const condition of conditions.slice(0, 4)) expect(PACKAGE.exports["."][condition].default).toBe("./dist/neutral.js");
  });

  it("with fetch, Web Crypto, numeric timers and AsyncLocalStorage (Edge): 20 concurrent sessions, nested, enriched, none misrouted", async () => {
    const logs: string[] = [];
    const { sdk, context } = await loadInBareContext({ ...webGlobals(logs), AsyncLocalStorage });
    const { runInContext } = await import("node:vm");
    runInContext(APP, context);
    const tracer = new sdk.HoneyHiveTracer({ apiKey: "hh-edge", serverUrl: recorder.url, sessionName: "edge" });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (context.handle as (t: unknown, i: number) => Promise<{ sessionId: string; value: number }>)(tracer, i)));
    const report = await tracer.flushReport(5000);
    expect(report).toMatchObject({ ok: true, delivered: 40, dropped: 0, pending: 0, open: 0 });
    const spans = recorder.spans().filter((s) => s.attributes["honeyhive.source"] !== undefined && results.some((r) => r.sessionId === s.attributes["honeyhive.session_id"]));
    expect(spans).toHaveLength(40);
    for (const [i, result] of results.entries()) {
      expect(result.value).toBe(i * 2);
      const own = spans.filter((s) => s.attributes["honeyhive.session_id"] === result.sessionId);
      const handler = own.find((s) => s.name === "handler");
      const child = own.find((s) => s.name === "child");
      expect(child?.parentSpanId).toBe(handler?.spanId);
      expect(handler?.attributes["honeyhive_metadata.request"]).toBe(i);
    }
    // one session start per request; none for the tracer's own session, which nothing needed (decision record 0034)
    expect(recorder.requestsTo("/session").length).toBe(20);
    // span batches of 1 KB or more went gzipped, through CompressionStream (the recorder inflated them above)
    expect(recorder.requestsTo("/opentelemetry/").some((r) => r.headers["content-encoding"] === "gzip")).toBe(true);
    expect(logs).toEqual([]);
    await tracer.shutdown(1000);
  });

  it("without AsyncLocalStorage (workerd without nodejs_compat): nothing lands in another request's session, one line says why", async () => {
    const logs: string[] = [];
    const { sdk, context } = await loadInBareContext(webGlobals(logs));
    const { runInContext } = await import("node:vm");
    runInContext(APP, context);
    const tracer = new sdk.HoneyHiveTracer({ apiKey: "hh-workerd", serverUrl: recorder.url, sessionName: "workerd" });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (context.handle as (t: unknown, i: number) => Promise<{ sessionId: string; value: number }>)(tracer, i)));
    expect(results.map((r) => r.value)).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    expect((await tracer.flushReport(5000)).ok).toBe(true);
    const requestSessions = new Set(results.map((r) => r.sessionId));
    const spans = recorder.spans().filter((s) => requestSessions.has(s.attributes["honeyhive.session_id"] as string) || s.attributes["honeyhive.session_id"] === tracer.sessionId);
    expect(spans).toHaveLength(40);
    // handler spans start synchronously inside withSession: each in its own request's session (enrichSpan after
    // an await finds no active span without AsyncLocalStorage: documented)
    for (const result of results) {
      expect(spans.filter((s) => s.name === "handler" && s.attributes["honeyhive.session_id"] === result.sessionId)).toHaveLength(1);
    }
    // children start after an await: without AsyncLocalStorage they fall back to the tracer's own session, never another request's
    expect(spans.filter((s) => s.name === "child").every((s) => s.attributes["honeyhive.session_id"] === tracer.sessionId)).toBe(true);
    expect(logs.filter((l) => l.includes("no AsyncLocalStorage"))).toHaveLength(1);
    await tracer.shutdown(1000);
  });

  it("without process, timers, crypto, TextEncoder, fetch or console: nothing throws, one line per missing capability", async () => {
    // The baseline the SDK assumes (every target runtime has it: workerd, Edge, browsers, Deno, Bun, Node): the
    // language, performance, AbortController/AbortSignal, URL. Everything else is removed here.
    const { sdk } = await loadInBareContext({ performance, AbortController, AbortSignal, URL });
    const lines: string[] = [];
    const logSink = (_level: string, message: string): void => void lines.push(message);
    const tracer = new sdk.HoneyHiveTracer({ apiKey: "hh-bare", serverUrl: recorder.url, logSink, spool: { dir: "/tmp/x" } });
    expect(tracer.sessionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const traced = sdk.trace(function add(a: number, b: number) {
      sdk.enrichSpan({ metrics: { sum: a + b } });
      return a + b;
    }, { tracer });
    expect(traced(1, 2)).toBe(3);
    expect(tracer.withSession({ sessionName: "s" }, () => traced(2, 3))).toBe(5);
    expect(await tracer.enrichSession({ metadata: { a: 1 } })).toBeTypeOf("boolean");
    const report = await tracer.flushReport(200);
    expect(report.ok).toBe(false); // no fetch: nothing can be delivered, and the report says so
    await tracer.shutdown(200);
    const other = new sdk.HoneyHiveTracer({ testMode: true, logSink });
    expect(other.sessionId).not.toBe(tracer.sessionId);
    const text = lines.join("\n");
    expect(text).toContain("crypto.randomUUID is missing");
    expect(text).toContain("no AsyncLocalStorage in this runtime");
    expect(text).toContain('option "spool" ignored: the disk spool needs Node.js');
    expect(lines.filter((l) => l.includes("crypto.randomUUID is missing"))).toHaveLength(1);
    expect(text).not.toContain("hh-bare");
  });

  it("Node-only helpers say so when reached elsewhere", async () => {
    const { sdk } = await loadInBareContext(webGlobals([]));
    await expect(sdk.loadDataset("data.jsonl")).rejects.toThrow(/needs Node\.js/);
    const git = await sdk.getGitInfo();
    expect(git.error).toMatch(/needs Node\.js/);
    expect(sdk.externalDatapointId({ q: "é" }, 0)).toMatch(/^EXT-[0-9a-f]{16}$/);
  });
});
