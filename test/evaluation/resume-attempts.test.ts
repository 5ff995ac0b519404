// Runs made of several attempts report what the server holds: a run cancelled then resumed, a cancelled shard run
// again (resumed or not), a resumed run whose creation's reply was lost, and a run resumed after an attempt made
// without `resume`. Each compares evaluate()'s result with the dev server's `GET /v1/runs/{id}/result` and sessions.
import { describe, expect, it } from "vitest";
import { newUuid } from "../../packages/core/src/ids/uuid";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { ResumedRunUnavailableError } from "../../packages/honeyhive/src/index";
import type { EvaluateOptions, EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { startFaultProxy, type FaultRule } from "../helpers/fault-proxy";

const checked = useCheckedDevServer();
const KEY = "hh_resume_attempts_key";
const SIZE = 24;

interface HeldResult {
  status: string;
  verdict: { passed: number; failed: number; not_run: number; total: number };
}

async function rest(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(checked.server.url + path, {
    method, headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status).toBe(200);
  return response.json();
}

const heldResult = (runId: string): Promise<HeldResult> => rest("GET", `/v1/runs/${runId}/result`);

/** The run's session events as the server holds them. */
async function sessions(runId: string): Promise<{ metadata: Record<string, unknown> }[]> {
  const is = (field: string, value: string) => ({ field, operator: "is", value, type: "string" });
  return (await rest("POST", "/v1/events/export", { filters: [is("metadata.run_id", runId), is("event_type", "session")], limit: 1000 })).events;
}

/** Options of one attempt: `calls` counts the function's calls; the attempt is cancelled once `cancelAfter` datapoints are done. */
function attempt(runId: string, calls: { n: number }, more: Partial<EvaluateOptions> & { cancelAfter?: number } = {}): EvaluateOptions {
  const { cancelAfter, ...rest } = more;
  const controller = new AbortController();
  return {
    name: "resume-attempts", runId, resume: true, apiKey: KEY, serverUrl: checked.proxy.url, maxConcurrency: 4, progress: false, gitInfo: false,
    dataset: Array.from({ length: SIZE }, (_, n) => ({ inputs: { n } })),
    function: async function answer() {
      calls.n++;
      await new Promise((resolve) => setTimeout(resolve, 40));
      return true;
    },
    evaluators: [function ok(output: unknown) { return output === true; }],
    ...(cancelAfter === undefined ? {} : { signal: controller.signal, onProgress: ({ done }) => (done >= cancelAfter ? controller.abort() : undefined) }),
    ...rest,
  } as EvaluateOptions;
}

const passed = (result: EvaluationResult): number => result.datapoints.filter((d) => d.passed).length;

describe("a run made of several attempts", () => {
  it("cancelled, then resumed: the server's verdict is evaluate()'s, and no session stays marked cancelled", async () => {
    const runId = newUuid();
    const first = await evaluate(attempt(runId, { n: 0 }, { cancelAfter: 6 }));
    expect(first.stats.cancelled).toBeGreaterThan(0); // datapoints were running at the cancel, in their sessions
    const resumed = await evaluate(attempt(runId, { n: 0 }));
    expect(resumed.status).toBe("completed");
    expect(passed(resumed)).toBe(SIZE);
    const held = await heldResult(runId);
    expect(held).toMatchObject({ status: "completed", verdict: { passed: SIZE, failed: 0, not_run: 0, total: SIZE } });
    const stale = (await sessions(runId)).filter((s) => s.metadata.status !== "success" || s.metadata.error != null);
    expect(stale).toEqual([]);
    // read back again, each datapoint's outcome and score come from its latest attempt's span
    const again = await evaluate(attempt(runId, { n: 0 }));
    expect(again.datapoints.filter((d) => d.passed && d.metrics.ok === true)).toHaveLength(SIZE);
  }, 60_000);

  it.each([true, false])("sharded, a cancelled shard run again (resume %s) completes the run", async (resume) => {
    const runId = newUuid();
    const shard = (index: number, cancelAfter?: number) => evaluate(attempt(runId, { n: 0 }, { resume, shard: { index, count: 2 }, ...(cancelAfter ? { cancelAfter } : {}) }));
    await shard(1);
    expect((await shard(2, 3)).status).toBe("cancelled");
    expect((await heldResult(runId)).status).toBe("cancelled");
    await shard(2);
    expect(await heldResult(runId)).toMatchObject({ status: "completed", verdict: { passed: SIZE, failed: 0, not_run: 0, total: SIZE } });
  }, 60_000);

  it("resumed while the reply to its creation is lost: uses the run the server holds, runs only what is not done", async () => {
    const runId = newUuid();
    const first = await evaluate(attempt(runId, { n: 0 }, { cancelAfter: 6 }));
    const doneBefore = first.stats.succeeded;
    const loseCreation: FaultRule = (r) => (r.method === "POST" && /\/v1\/runs\/?$/.test(r.path) ? { kind: "lose-answer" } : undefined);
    const faults = await startFaultProxy(checked.proxy.url, loseCreation);
    try {
      const calls = { n: 0 };
      const resumed = await evaluate(attempt(runId, calls, { serverUrl: faults.url }));
      expect(faults.faulted()).toHaveLength(1);
      expect(resumed.uploaded).toBe(true);
      expect(calls.n).toBe(SIZE - doneBefore);
      expect(await heldResult(runId)).toMatchObject({ status: "completed", verdict: { passed: SIZE, failed: 0, total: SIZE } });
      // a plain run (no resume, no run id) with the same lost reply uses the run it created, not a local one
      const plain = await evaluate(attempt(undefined as unknown as string, { n: 0 }, { serverUrl: faults.url, resume: false, runId: undefined }));
      expect(plain.uploaded).toBe(true);
      expect(await heldResult(plain.runId)).toMatchObject({ status: "completed", verdict: { passed: SIZE, total: SIZE } });
    } finally {
      await faults.close();
    }
  }, 60_000);

  it("resumed while the server refuses its creation: rejects and runs nothing locally", async () => {
    const refuse: FaultRule = (r) => (r.method === "POST" && /\/v1\/runs\/?$/.test(r.path) ? { kind: "refuse", status: 503 } : undefined);
    const faults = await startFaultProxy(checked.proxy.url, refuse);
    try {
      const calls = { n: 0 };
      const runId = newUuid();
      const rejected = await evaluate(attempt(runId, calls, { serverUrl: faults.url })).then(() => undefined, (error: unknown) => error);
      expect(rejected).toBeInstanceOf(ResumedRunUnavailableError);
      expect(rejected).toMatchObject({ name: "ResumedRunUnavailableError", runId, reason: expect.stringContaining("503") });
      expect((rejected as Error).message).toMatch(new RegExp(`^run ${runId} cannot be resumed: the server could neither create it nor show that it holds it`));
      expect(calls.n).toBe(0);
    } finally {
      await faults.close();
    }
  }, 60_000);

  it("resumed while the server refuses to show the run's sessions: rejects with the same error and runs nothing", async () => {
    const runId = newUuid();
    await evaluate(attempt(runId, { n: 0 }, { cancelAfter: 6 }));
    const refuse: FaultRule = (r) => (r.method === "POST" && /\/v1\/events\/(search|export)/.test(r.path) ? { kind: "refuse", status: 400 } : undefined);
    const faults = await startFaultProxy(checked.proxy.url, refuse);
    try {
      const calls = { n: 0 };
      const rejected = await evaluate(attempt(runId, calls, { serverUrl: faults.url })).then(() => undefined, (error: unknown) => error);
      expect(rejected).toBeInstanceOf(ResumedRunUnavailableError);
      expect(rejected).toMatchObject({ runId, reason: expect.stringContaining("400") });
      expect((rejected as Error).message).toMatch(new RegExp(`^run ${runId} cannot be resumed: its sessions could not be read`));
      expect(calls.n).toBe(0);
    } finally {
      await faults.close();
    }
  }, 60_000);

  it("resumed after an attempt made without resume: closes the sessions that hold the work, adds none", async () => {
    const runId = newUuid();
    const calls = { n: 0 };
    expect(passed(await evaluate(attempt(runId, calls, { resume: false })))).toBe(SIZE);
    const resumed = await evaluate(attempt(runId, calls));
    expect(calls.n).toBe(SIZE); // the resumed attempt ran nothing again
    expect(passed(resumed)).toBe(SIZE);
    expect(await sessions(runId)).toHaveLength(SIZE);
    expect(await heldResult(runId)).toMatchObject({ status: "completed", verdict: { passed: SIZE, failed: 0, total: SIZE } });
  }, 60_000);

  it("resumed after an attempt made without resume in which some datapoints failed: runs those again in their sessions", async () => {
    const runId = newUuid();
    const calls = { n: 0 };
    const failing = new Set([0, 5, 11, 17]);
    const firstTry = function answer(inputs: { n: number }) { // named as the resumed attempt's function: its span is read back
      calls.n++;
      if (failing.has(inputs.n)) throw new Error(`datapoint ${inputs.n} fails on its first attempt`);
      return true;
    };
    const first = await evaluate(attempt(runId, calls, { resume: false, function: firstTry as unknown as EvaluateOptions["function"] }));
    expect(first.stats.failed).toBe(failing.size);
    const before = new Set((await sessions(runId)).map((s) => (s as { event_id?: string }).event_id));
    expect(before.size).toBe(SIZE);
    const resumed = await evaluate(attempt(runId, calls));
    expect(calls.n).toBe(SIZE + failing.size); // only the failed ones ran again
    expect(passed(resumed)).toBe(SIZE);
    const after = await sessions(runId);
    expect(after).toHaveLength(SIZE); // in the sessions they failed in, not in new ones
    expect(new Set(after.map((s) => (s as { event_id?: string }).event_id))).toEqual(before);
    expect(await heldResult(runId)).toMatchObject({ status: "completed", verdict: { passed: SIZE, failed: 0, total: SIZE } });
  }, 60_000);

  it("run twice at once: the attempt another one took over says so, marks the run and leaves its status to it", async () => {
    const runId = newUuid();
    const calls = { n: 0 };
    const both = await Promise.all([evaluate(attempt(runId, calls)), evaluate(attempt(runId, calls))]);
    expect(calls.n).toBeGreaterThan(SIZE); // both ran datapoints: nothing prevents it
    const said = both.filter((r) => !r.uploaded && /another attempt of run/.test(r.uploadError ?? ""));
    expect(said.length).toBeGreaterThanOrEqual(1);
    const run = (await rest("GET", `/v1/runs/${runId}`)).evaluation;
    expect(run.metadata.honeyhive_overlapping_attempts.attempts).toHaveLength(2);
    expect(run.status).toBe("completed"); // by the latest attempt
  }, 60_000);

  it("resumed after an attempt that was cancelled: no other attempt is said to have run beside it", async () => {
    const runId = newUuid();
    await evaluate(attempt(runId, { n: 0 }, { cancelAfter: 6 }));
    const resumed = await evaluate(attempt(runId, { n: 0 }));
    expect(resumed).toMatchObject({ uploaded: true, status: "completed" });
    expect((await rest("GET", `/v1/runs/${runId}`)).evaluation.metadata.honeyhive_overlapping_attempts).toBeUndefined();
  }, 60_000);
});
