/**
 * evaluate() decides its verdict locally and reads the server's run summary: when the two count passed or failed
 * datapoints differently, a warning names both figures and `result.serverSummaryMismatch` holds them; when they agree,
 * neither. The real dev server (in memory) behind the spec-checking proxy, and a fault proxy in front that refuses
 * the span exports carrying the evaluator's scores: the server then never stores the metric that decides each
 * datapoint and fails it (its evaluator unrecorded), while the local verdict passed it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { captureSdkLogs } from "../../packages/honeyhive/src/testing";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { type FaultProxy, startFaultProxy } from "../helpers/fault-proxy";

const KEY = "hh_summary_mismatch_key";
const checked = useCheckedDevServer();
let faults: FaultProxy;
beforeAll(async () => {
  faults = await startFaultProxy(checked.proxy.url);
});
afterAll(async () => {
  await faults.close();
});

/** Runs three datapoints, each passing its evaluator (`exact`); returns the result and the SDK's warnings. */
async function run(name: string) {
  const logs = captureSdkLogs();
  try {
    const result = await evaluate<{ q: string }, { a: string }, string>({
      name, apiKey: KEY, serverUrl: faults.url, progress: false,
      dataset: ["x", "y", "z"].map((q) => ({ inputs: { q }, ground_truth: { a: q.toUpperCase() } })),
      function: async (inputs) => inputs.q.toUpperCase(),
      evaluators: [function exact(output: string, _inputs: unknown, truth: { a: string }) { return output === truth.a; }],
    });
    return { result, warnings: logs.lines.filter((l) => l.level === "warn").map((l) => l.message) };
  } finally {
    logs.restore();
  }
}

describe("evaluate(): the server's run summary against the local verdict", () => {
  it("they agree: no warning and no serverSummaryMismatch", async () => {
    faults.setRule(undefined);
    const { result, warnings } = await run("summary-agrees");
    expect(result.uploaded).toBe(true);
    expect(result.verdict).toMatchObject({ passed: 3, failed: 0 });
    expect(result.serverSummary).toMatchObject({ passed: expect.any(Array), failed: [] });
    expect(result.serverSummary?.passed).toHaveLength(3);
    expect(result.serverSummaryMismatch).toBeUndefined();
    expect(warnings.filter((w) => w.includes("run summary"))).toEqual([]);
    expect(checked.proxy.violations()).toEqual([]);
  }, 30_000);

  it("the server never stored the scores deciding the datapoints: a warning names both figures and the result holds them", async () => {
    let refused = 0;
    faults.setRule((r) => {
      if (r.method !== "POST" || r.path !== "/opentelemetry/v1/traces") return undefined;
      refused += 1;
      return { kind: "refuse", status: 400, body: '{"error":"refused by the test"}' };
    });
    const { result, warnings } = await run("summary-disagrees");
    faults.setRule(undefined);
    expect(refused).toBeGreaterThan(0);
    expect(result.verdict).toMatchObject({ passed: 3, failed: 0 }); // the local verdict stays the local one
    expect(result.serverSummary?.failed).toHaveLength(3);
    expect(result.serverSummaryMismatch).toEqual({ local: { passed: 3, failed: 0 }, server: { passed: 0, failed: 3 } });
    expect(warnings).toContain(
      "the server's run summary disagrees with the local verdict: the server counts 0 passed, 3 failed, the local verdict 3 passed, 0 failed " +
        "(datapoints); the server did not store a datapoint or a metric that decides it, or computes a metric differently. The result's verdict " +
        "is the local one (result.serverSummaryMismatch)",
    );
    expect(warnings).toContain("some spans of the run could not be delivered"); // the loss itself is said too
  }, 30_000);
});
