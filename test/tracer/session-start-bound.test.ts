import { afterAll, beforeAll, expect, it } from "vitest";
import { HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import { MAX_PENDING_SESSION_STARTS } from "../../packages/honeyhive/src/tracer/session-client";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";

/**
 * Req: session starts waiting for the server's answer are bounded (memory stays bounded when an app starts
 * per-request sessions faster than the server confirms them): one start beyond the bound is not sent, it is counted
 * in diagnostics().sessionStartsDropped (and sessionWritesLost), warned about once, makes the next flush() false, and its
 * spans are still exported. The sessions are
 * started in one synchronous loop, so none of them can be answered before the last one is asked for.
 */
let recorder: HoneyHiveRecorder;
beforeAll(async () => {
  recorder = await startHoneyHiveRecorder();
});
afterAll(() => recorder.close());
const sessionStarts = () => recorder.requestsTo("/v1/sessions").filter((r) => r.method === "POST");

it(`a session start beyond ${MAX_PENDING_SESSION_STARTS} waiting ones is not sent, and is counted and warned about`, async () => {
  const warnings: string[] = [];
  const tracer = new HoneyHiveTracer({
    apiKey: "hh_session_bound_key", serverUrl: recorder.url, sessionName: "service", setAsDefault: false, maxQueueSize: 2 * MAX_PENDING_SESSION_STARTS, // one span per session
    logSink: (level, message) => void (level === "warn" || level === "error" ? warnings.push(message) : undefined),
  });
  expect(await tracer.whenSessionStarted()).toBe(true);
  const handle = trace(function handle(i: number) { return i; }, { tracer });
  const sessionIds: string[] = [];
  for (let i = 0; i <= MAX_PENDING_SESSION_STARTS; i++) {
    tracer.withSession({ sessionName: `request-${i}` }, (id) => {
      sessionIds.push(id);
      return handle(i);
    });
  }

  expect(tracer.diagnostics().sessionStartsDropped).toBe(1);
  // the start given up is data lost: counted in sessionWritesLost, and the flush after it says so
  expect(tracer.diagnostics().sessionWritesLost).toEqual({ starts: 1, updates: 0 });
  expect(await tracer.flush()).toBe(false);
  const started = new Set(sessionStarts().map((r) => (r.json?.session?.session_id ?? r.json?.session_id) as string));
  expect(started.size).toBe(MAX_PENDING_SESSION_STARTS + 1); // the tracer's own and every request's but the last
  expect(started.has(sessionIds.at(-1)!)).toBe(false);
  expect(sessionIds.slice(0, -1).every((id) => started.has(id))).toBe(true);
  // the dropped session's span is exported all the same, with its session id
  expect(recorder.spans().length).toBe(MAX_PENDING_SESSION_STARTS + 1);
  expect(tracer.diagnostics().dropped).toEqual({ queueFull: 0, exportFailed: 0, shutdown: 0, noDestination: 0, spoolFull: 0 });
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain(`${MAX_PENDING_SESSION_STARTS} session starts are waiting for the server`);
  expect(warnings[0]).toContain(sessionIds.at(-1));
  // the bound is per moment, not per lifetime: once answered, starts are sent again
  tracer.withSession({ sessionName: "later" }, () => undefined);
  expect(await tracer.flush()).toBe(true); // nothing lost since the previous flush
  expect(tracer.diagnostics().sessionWritesLost).toEqual({ starts: 1, updates: 0 });
  expect(sessionStarts()).toHaveLength(MAX_PENDING_SESSION_STARTS + 2);
  expect(tracer.diagnostics().sessionStartsDropped).toBe(1);
  await tracer.shutdown();
});
