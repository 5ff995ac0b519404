import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { enrichSession } from "../../packages/honeyhive/src/enrichment/enrich-session";
import { enrichSpan } from "../../packages/honeyhive/src/enrichment/enrich-span";
import { trace } from "../../packages/honeyhive/src/instrument/trace";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import type { RunResultResponse } from "../../packages/honeyhive/src/api-client/types";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import { failureText } from "../../packages/honeyhive/src/reporting/failure-line";
import { runCli, SDK } from "./cli/cli-harness";

/**
 * Metrics the evaluated function writes itself (enrichSpan, trace(fn, { metrics }), enrichSession) decide the local
 * verdict and appear in the local aggregates exactly as in the server's run summary.
 */
const KEY = "local";
let server: DevServer;

beforeAll(async () => {
  server = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
});
afterAll(async () => {
  await server.close();
});

/** Local and server pass/fail per datapoint id. */
/**
 * Each datapoint's verdict, locally and on the server. `result.serverSummary` leaves out the server's per-datapoint
 * list (decision record 0102), so the server's side is read whole, as a user would: `runs.result(runId)`.
 */
async function verdicts(result: EvaluationResult): Promise<{ local: Record<string, boolean>; server: Record<string, boolean>; whole: RunResultResponse }> {
  const local: Record<string, boolean> = {};
  for (const d of result.datapoints) local[d.datapointId] = d.passed;
  const read = await createApiClient({ serverUrl: server.url, apiKey: KEY }).runs.result(result.runId, result.aggregateFunction);
  if (!read.ok) throw new Error(read.error);
  const remote: Record<string, boolean> = {};
  for (const d of (read.data.datapoints ?? []) as { datapoint_id: string; passed: boolean }[]) remote[d.datapoint_id] = d.passed;
  return { local, server: remote, whole: read.data };
}

const step = trace(function step(i: number) {
  enrichSpan({ metrics: { step_ok: i !== 1 } });
  return i;
});

function repro(name: string) {
  return evaluate<{ i: number }, unknown, number>({
    name, apiKey: KEY, serverUrl: server.url, progress: false,
    dataset: [0, 1, 2, 3].map((i) => ({ inputs: { i } })),
    function: async (inputs) => {
      enrichSpan({ metrics: { own_ok: inputs.i !== 2 } });
      return step(inputs.i);
    },
    evaluators: [function nonneg(o: number) { return o >= 0; }],
  });
}

describe("metrics the function writes decide the local verdict as they decide the server's", () => {
  it("the reviewer's repro: local verdict and aggregates equal the server summary's", async () => {
    const result = await repro("self-metrics");
    expect(result.uploaded).toBe(true);
    const { local, server: remote, whole } = await verdicts(result);
    expect(Object.keys(remote)).toHaveLength(4);
    expect(local).toEqual(remote);
    expect(result.verdict).toMatchObject({ passed: 2, failed: 2 });
    expect(result.serverSummary?.verdict).toMatchObject({ passed: 2, failed: 2 });
    // aggregates: each server metric key has the same average and count locally
    const details = (whole.metrics?.details ?? []) as { metric_name: string; event_name: string; aggregate: number | null; values: number[] }[];
    for (const name of ["own_ok", "step_ok", "nonneg"]) {
      const detail = details.find((d) => d.metric_name === name)!;
      expect(detail, name).toBeDefined();
      expect(result.metrics[name]!.average).toBeCloseTo(detail.aggregate!, 12);
      expect(result.metrics[name]!.count).toBe(detail.values.length);
    }
    expect(result.datapoints[1]!.eventMetrics).toEqual(expect.arrayContaining([{ name: "step_ok", eventName: expect.any(String), eventType: "tool", value: false }]));
    expect(result.datapoints[0]!.metrics).toEqual({ nonneg: true }); // the evaluators' scores keep their shape
    expect(failureText(result.datapoints[1]!)).toMatch(/^did not pass \(nonneg=true; written: step_ok=false \(tool [^)]+\), own_ok=true \(chain function\)\)$/);
  });

  it("a metric an app writes under an evaluator's name, and session metrics, count as on the server", async () => {
    const result = await evaluate<{ i: number }, unknown, number>({
      name: "collisions", apiKey: KEY, serverUrl: server.url, progress: false,
      dataset: [0, 1, 2].map((i) => ({ inputs: { i } })),
      function: async (inputs) => {
        enrichSpan({ metrics: { nonneg: false } }); // replaced by the evaluator's score on the same span
        await enrichSession({ metrics: { session_ok: inputs.i !== 0 } });
        return trace(function inner() { enrichSpan({ metrics: { nonneg: inputs.i !== 1, score: inputs.i, nested: { deep: false } } }); return inputs.i; })();
      },
      evaluators: [function nonneg(o: number) { return o >= 0; }],
    });
    const { local, server: remote } = await verdicts(result);
    expect(local).toEqual(remote);
    expect(Object.values(local)).toEqual([false, false, true]);
    const details = (result.serverSummary?.metrics?.details ?? []) as { metric_name: string; event_name: string; aggregate: number | null }[];
    expect(result.metrics["nonneg"]!.average).toBeCloseTo(details.find((d) => d.metric_name === "nonneg" && d.event_name !== "inner")!.aggregate!, 12);
    expect(result.metrics["nonneg (tool inner)"] ?? result.metrics["nonneg (chain inner)"] ?? Object.entries(result.metrics).find(([k]) => k.startsWith("nonneg ("))?.[1]).toMatchObject({ count: 3 });
    expect(result.metrics["score"]!.average).toBeCloseTo(details.find((d) => d.metric_name === "score")!.aggregate!, 12);
    expect(result.metrics["session_ok"]!.average).toBeCloseTo(details.find((d) => d.metric_name === "session_ok")!.aggregate!, 12);
  });

  it("random metric writes on nested spans: local verdict equals the server's", async () => {
    const value = fc.oneof(fc.boolean(), fc.integer({ min: -3, max: 3 }), fc.constantFrom("x", "yes"));
    const writes = fc.array(fc.record({ depth: fc.integer({ min: 0, max: 2 }), name: fc.constantFrom("a", "b", "c"), value }), { maxLength: 4 });
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(writes, { minLength: 1, maxLength: 3 }), fc.boolean(), async (perDatapoint, ranged) => {
      const result = await evaluate<{ i: number }, unknown, number>({
        name: `prop-${run++}`, apiKey: KEY, serverUrl: server.url, progress: false,
        dataset: perDatapoint.map((_, i) => ({ inputs: { i } })),
        // a range names an evaluator's metric; the function writes that name too
        passingRanges: ranged ? { b: { min: 0 } } : undefined,
        evaluators: ranged ? [function b(o: number) { return o - 1; }] : [],
        function: async (inputs) => {
          const write = (depth: number): void => {
            for (const w of perDatapoint[inputs.i]!) if (w.depth === depth) enrichSpan({ metrics: { [w.name]: w.value } });
            if (depth < 2) trace(function nested() { write(depth + 1); })();
          };
          write(0);
          return inputs.i;
        },
      });
      const { local, server: remote } = await verdicts(result);
      expect(local).toEqual(remote);
    }), { numRuns: 20 });
  });

  it("honeyhive eval on the repro file exits 1 (failed verdict)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hh-self-metrics-"));
    await writeFile(join(dir, "self.eval.mjs"), `import { enrichSpan, trace } from ${JSON.stringify(SDK)};
const step = trace(function step(i) { enrichSpan({ metrics: { step_ok: i !== 1 } }); return i; });
export default { name: "self-metrics", dataset: [0,1,2,3].map((i) => ({ inputs: { i } })),
  function: async (inputs) => { enrichSpan({ metrics: { own_ok: inputs.i !== 2 } }); return step(inputs.i); },
  evaluators: [function nonneg(o) { return o >= 0; }] };
`);
    const run = await runCli(["eval", "self.eval.mjs"], dir, { HH_API_URL: server.url, HH_API_KEY: KEY });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/own_ok/);
  }, 60_000);
});
