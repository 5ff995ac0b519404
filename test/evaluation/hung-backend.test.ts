import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { captureSdkLogs } from "../../packages/honeyhive/src/testing";
import { FaultServer, type FaultMode } from "../helpers/fault-server";

/**
 * Issue 24 req 4: a backend that hangs or dies in the middle of an experiment costs the run at most 1.2× a healthy
 * run's time. One circuit breaker covers the whole run (REST client, session starts and updates, span export):
 * it opens within one request timeout of the hang, stops the calls in flight, and the datapoints never wait for
 * the backend in their pool slot. (The benchmark `bench/evaluate-hung-backend.mjs` measures the size.)
 */
const N = 60;
const TASK_MS = 100;
const TIMEOUT_MS = 1000; // HH_API_TIMEOUT: one request's time limit (the default 10 s would make the test slow)

let server: FaultServer;
let previousTimeout: string | undefined;
beforeAll(() => {
  previousTimeout = process.env.HH_API_TIMEOUT;
  process.env.HH_API_TIMEOUT = String(TIMEOUT_MS);
});
afterAll(() => {
  if (previousTimeout === undefined) delete process.env.HH_API_TIMEOUT;
  else process.env.HH_API_TIMEOUT = previousTimeout;
});
afterEach(() => server.close());

async function run(fault: FaultMode | undefined): Promise<{ ms: number; result: Awaited<ReturnType<typeof evaluate>>; requestsAfterFault: number; warnings: string[] }> {
  server = await FaultServer.start("ok");
  let requestsAtFault = -1;
  const logs = captureSdkLogs();
  const started = performance.now();
  const result = await evaluate<{ i: number }, { answer: number }, number>({
    name: `backend-${fault ?? "healthy"}`, apiKey: "hh-test-key", serverUrl: server.url, maxConcurrency: 5, progress: false,
    dataset: Array.from({ length: N }, (_, i) => ({ inputs: { i }, ground_truth: { answer: i } })),
    function: async (inputs: { i: number }) => (await new Promise((r) => setTimeout(r, TASK_MS)), inputs.i),
    evaluators: [function exact(output: number, _inputs: unknown, gt: { answer: number }) { return output === gt.answer; }],
    onProgress: (p) => {
      if (fault && requestsAtFault < 0 && p.done >= N / 4) {
        requestsAtFault = server.log.requests;
        void server.setMode(fault);
      }
    },
  });
  const ms = performance.now() - started;
  logs.restore();
  return { ms, result, requestsAfterFault: server.log.requests - Math.max(0, requestsAtFault), warnings: logs.lines.filter((l) => l.level === "warn").map((l) => l.message) };
}

describe("evaluate() against a backend that hangs or dies mid-run", () => {
  it("a healthy run, then a hung one: within 1.2× (plus scheduling slack), every datapoint scored, the run says why it is not stored", async () => {
    const healthy = await run(undefined);
    expect(healthy.result.uploaded).toBe(true);
    expect(healthy.warnings).toEqual([]);
    const hung = await run("hang");
    expect(hung.ms).toBeLessThan(healthy.ms * 1.2 + 500);
    expect(hung.result.datapoints.every((d) => d.status === "success" && d.metrics.exact === true)).toBe(true);
    expect(hung.result.uploaded).toBe(false);
    expect(hung.result.uploadError).toMatch(/^PUT \/v1\/runs\/\S+ was not sent: backend unreachable \(found by .*timed out after 1000 ms\)/);
    // Requests the server read after the hang: the calls then in flight and those started before the breaker opened
    // (within one timeout), none retried: fewer than the session start and update of each datapoint left. How many of
    // them it reads depends on the sockets they went on: a request pipelined behind a hung one is never read, and this
    // server's keep-alive hint (200 ms, sent as `timeout=0`) has the client reuse no idle socket.
    expect(hung.requestsAfterFault).toBeLessThan(2 * (N - N / 4));
    expect(hung.warnings).toContain("some spans of the run could not be delivered");
    expect(hung.warnings.filter((w) => w.startsWith("session "))).toHaveLength(1);
  }, 60_000);

  it("a backend that dies (connections refused) mid-run costs no more than a hung one", async () => {
    const healthy = await run(undefined);
    const dead = await run("down");
    expect(dead.ms).toBeLessThan(healthy.ms * 1.2 + 500);
    expect(dead.result.datapoints.every((d) => d.status === "success")).toBe(true);
    // the request that opened the breaker met a refused connection, or (in flight when the server went down) a reset
    // or a socket that closed before its answer ("socket hang up"), depending on timing
    expect(dead.result.uploadError).toMatch(/backend unreachable \(.*(ECONN(REFUSED|RESET)|socket hang up)/);
  }, 60_000);
});
