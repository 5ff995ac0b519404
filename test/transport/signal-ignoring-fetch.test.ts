/**
 * Req: every request the SDK makes through a `fetch` it does not own is bounded by its timeout, even when that fetch
 * ignores the AbortSignal it is given (a logging wrapper that rebuilds the init without `signal`). The fetch here is
 * the real global fetch behind such a wrapper, against a loopback server that reads each request and never answers.
 * Timeouts are short; the bounds are asserted loosely (the machine is shared).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FaultServer } from "../helpers/fault-server";
import { fixture, runChild } from "../helpers/run-child";
import { HoneyHiveTracer, diagnose, trace } from "../../packages/honeyhive/src/index";
import { sendHttp } from "../../packages/honeyhive/src/transport/send-http";
import type { FetchLike } from "../../packages/honeyhive/src/runtime/fetch-like";

const TIMEOUT_MS = 250;
/** The wrapper of the report: passes method, headers and body on, and drops the signal. */
const signalIgnoringFetch: FetchLike = (url, init) =>
  fetch(url, { method: init.method, headers: init.headers, body: init.body, duplex: "half" } as RequestInit);

let hang: FaultServer;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  hang = await FaultServer.start("hang");
});
afterAll(async () => {
  await hang.close(); // ends the abandoned requests: their fetches reject now, into nothing
  await new Promise((resolve) => setTimeout(resolve, 100));
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
});

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work;
  return { value, ms: Date.now() - started };
}

const tracerOptions = (extra: object = {}) => ({
  apiKey: "hh-fetchbound-key", serverUrl: hang.url, timeoutMs: TIMEOUT_MS, fetch: signalIgnoringFetch, setAsDefault: false, logSink: () => undefined, ...extra,
});

describe("a custom fetch that ignores its AbortSignal, against a backend that never answers", () => {
  it("sendHttp times each attempt out and follows the retry policy: an idempotent call retried, a write not repeated", async () => {
    const url = `${hang.url}/v1/events`;
    const read = await timed(sendHttp({ url, method: "PUT", body: "{}" }, { fetch: signalIgnoringFetch, timeoutMs: TIMEOUT_MS, maxRetries: 1, initialBackoffMs: 10 }));
    expect(read.value).toMatchObject({ ok: false, error: `timed out after ${TIMEOUT_MS} ms`, attempts: 2 });
    expect(read.ms).toBeLessThan(2 * TIMEOUT_MS + 1500);
    const write = await timed(sendHttp({ url, method: "POST", body: "{}" }, { fetch: signalIgnoringFetch, timeoutMs: TIMEOUT_MS, idempotent: false }));
    expect(write.value).toMatchObject({ ok: false, error: `timed out after ${TIMEOUT_MS} ms`, retryable: false, attempts: 1 });
    expect(write.ms).toBeLessThan(TIMEOUT_MS + 1500);
  });

  it("the caller's signal ends the call at once", async () => {
    const caller = new AbortController();
    setTimeout(() => caller.abort(new Error("caller gave up")), 50);
    const stopped = await timed(sendHttp({ url: `${hang.url}/x`, method: "GET" }, { fetch: signalIgnoringFetch, timeoutMs: 5_000, signal: caller.signal }));
    expect(stopped.value).toMatchObject({ ok: false, retryable: false, attempts: 1 });
    expect(stopped.ms).toBeLessThan(1_500);
  });

  it("an awaited enrichSession settles within its retry schedules", async () => {
    const tracer = new HoneyHiveTracer({ ...tracerOptions(), sessionName: "fetchbound" });
    const { value, ms } = await timed(tracer.enrichSession({ metadata: { a: 1 } }));
    expect(value).toBe(false);
    // the session start's attempts until the breaker opens, then the update: a few timeouts plus backoff
    expect(ms).toBeLessThan(8 * TIMEOUT_MS + 4_000);
    await tracer.shutdown(100);
  }, 20_000);

  it("flush(ms) returns within ms with a batch in flight", async () => {
    const tracer = new HoneyHiveTracer(tracerOptions({ skipSessionStart: true, timeoutMs: 60_000 }));
    await trace(async function step() { return 1; }, { tracer })();
    const { value, ms } = await timed(tracer.flush(400));
    expect(value).toBe(false);
    expect(ms).toBeLessThan(400 + 600);
    await tracer.shutdown(100);
  }, 20_000);

  it("a span batch whose export attempt hung is retried, and delivered once the backend answers", async () => {
    const recovering = await FaultServer.start("hang");
    const tracer = new HoneyHiveTracer(tracerOptions({ serverUrl: recovering.url, skipSessionStart: true }));
    try {
      await trace(async function step() { return 1; }, { tracer })();
      const flushed = timed(tracer.flush(10_000));
      while (recovering.log.requests === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await recovering.setMode("ok"); // the attempt in flight still hangs; the retry is answered
      const { value, ms } = await flushed;
      expect(value).toBe(true);
      expect(recovering.log.accepted.length).toBeGreaterThanOrEqual(1);
      expect(ms).toBeLessThan(TIMEOUT_MS + 3_000);
    } finally {
      await tracer.shutdown(100);
      await recovering.close();
    }
  }, 20_000);

  it("diagnose() settles with a timed-out backend finding", async () => {
    const { value, ms } = await timed(diagnose({ apiKey: "hh-fetchbound-key", serverUrl: hang.url, fetch: signalIgnoringFetch, timeoutMs: TIMEOUT_MS }));
    const backend = value.checks.find((check) => check.id === "backend");
    expect(backend).toMatchObject({ status: "problem" });
    expect(backend?.summary).toBe(`The backend at ${hang.url} did not answer within ${TIMEOUT_MS} ms (timed out).`);
    expect(ms).toBeLessThan(TIMEOUT_MS + 3_000); // the local checks included
  });

  it("an awaited diagnose() with a fetch that never settles keeps the process alive until its timed-out finding", async () => {
    const run = await runChild(fixture("transport/fixtures/diagnose-hung-fetch-child.ts"), [JSON.stringify({ timeoutMs: TIMEOUT_MS })], { killAfterMs: 20_000 });
    expect(run.events.map((e) => e.event), run.stderr.slice(0, 2000)).toEqual(["after", "done"]);
    expect(run.events[0]).toMatchObject({ summary: expect.stringContaining("(timed out)") });
    expect(run.code).toBe(0);
  }, 30_000);
});
