import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAILURES_TO_OPEN } from "../../packages/honeyhive/src/transport/circuit-breaker";
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from "../api-client/loopback-server";
import { fixture, runChild } from "../helpers/run-child";

/**
 * README, "Failure behaviour and diagnostics": an awaited `enrichSession()` settles within the session start's and the
 * update's retry schedules (each at most 4 attempts). A child process runs `withSession` + `enrichSession` on a tracer
 * whose own session starts in the background, against a real loopback server; the server counts the attempts per
 * route and session. Counting attempts, not time: the inner session's start must not wait out the tracer's own
 * session start's schedule (it used to: three schedules in a row, 12 attempts, against a backend that never answers).
 */
const ATTEMPTS_PER_SCHEDULE = 4; // the first attempt and 3 retries (maxRetries' default)
const script = fixture("transport/fixtures/schedules-child.ts");
let busy: LoopbackServer;
let hung: LoopbackServer;

beforeAll(async () => {
  busy = await startLoopbackServer(() => ({ status: 503, body: { error: "busy" } }));
  hung = await startLoopbackServer(() => ({ hang: true }));
});
afterAll(async () => {
  await busy.close();
  await hung.close();
});

/** What the session's requests were: `start` (POST /v1/sessions with its id) or `update` (PUT /v1/events/<id>). */
function attemptsOf(requests: readonly RecordedRequest[], sessionId: string, kind: "start" | "update"): number[] {
  const indexes: number[] = [];
  requests.forEach((r, i) => {
    const start = r.method === "POST" && r.path === "/v1/sessions" && (r.body as { session_id?: string } | undefined)?.session_id === sessionId;
    const update = r.method === "PUT" && r.path === `/v1/events/${sessionId}`;
    if ((kind === "start" && start) || (kind === "update" && update)) indexes.push(i);
  });
  return indexes;
}

async function runAgainst(server: LoopbackServer, timeoutMs: number) {
  server.requests.length = 0;
  const run = await runChild(script, [JSON.stringify({ serverUrl: server.url, timeoutMs })], { killAfterMs: 60_000 });
  const after = run.events.find((e) => e.event === "after") as { result: boolean; ownSessionId: string; innerSessionId: string; warnings: string[] } | undefined;
  expect(run.code, `${JSON.stringify(run.events)} ${run.stderr}`).toBe(0);
  expect(after, JSON.stringify(run.events)).toBeDefined();
  return { ...after!, requests: [...server.requests] };
}

describe("withSession + enrichSession wait the session start's and the update's retry schedules, no more", () => {
  it("a backend answering 503: the inner start runs beside the tracer's own (not after its retries), then the update: two schedules", async () => {
    const run = await runAgainst(busy, 1000);
    expect(run.result).toBe(false);
    const own = attemptsOf(run.requests, run.ownSessionId, "start");
    const inner = attemptsOf(run.requests, run.innerSessionId, "start");
    const update = attemptsOf(run.requests, run.innerSessionId, "update");
    expect(inner).toHaveLength(ATTEMPTS_PER_SCHEDULE);
    expect(update).toHaveLength(ATTEMPTS_PER_SCHEDULE);
    // The inner start went out after the own start's first answer, before the own start's schedule was over.
    const ownBeforeInner = own.filter((i) => i < inner[0]!).length;
    expect(ownBeforeInner).toBeGreaterThanOrEqual(1);
    expect(ownBeforeInner).toBeLessThan(ATTEMPTS_PER_SCHEDULE);
    // The update waits for its session's start (an update never overtakes its session), then runs its own schedule.
    expect(update[0]!).toBeGreaterThan(inner.at(-1)!);
    expect(run.warnings.join("\n")).toMatch(/could not be started \(POST \/v1\/sessions failed after 4 attempt\(s\): HTTP 503/);
    expect(run.warnings.join("\n")).not.toContain("hh-schedules-key");
  }, 70_000);

  it("a backend that never answers: the circuit breaker ends everything after 3 attempts without an answer, less than one schedule", async () => {
    const run = await runAgainst(hung, 300);
    expect(run.result).toBe(false);
    const starts = run.requests.filter((r) => r.method === "POST" && r.path === "/v1/sessions");
    const updates = run.requests.filter((r) => r.method === "PUT");
    // The tracer's own start finds it out alone (the inner start waits for its first answer, which never comes); the
    // inner start and the update are then refused at once while the breaker is open ("backend unreachable … not sent").
    expect(starts.map((r) => (r.body as { session_id: string }).session_id)).toEqual(Array(FAILURES_TO_OPEN).fill(run.ownSessionId));
    expect(updates).toEqual([]);
    expect(run.warnings.join("\n")).toMatch(/backend unreachable/);
  }, 70_000);
});
