import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { createPalette } from "../../packages/honeyhive/src/cli/colors";
import type { EvalOutcome } from "../../packages/honeyhive/src/cli/eval/eval-outcome";
import { formatMarkdownReport } from "../../packages/honeyhive/src/cli/eval/markdown-report";
import { printSummary } from "../../packages/honeyhive/src/cli/eval/print-summary";
import { buildJsonReport } from "../../packages/honeyhive/src/cli/support/json-report";
import { compareRuns } from "../../packages/honeyhive/src/evaluation/compare-runs";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { call, KEY, startViewerServer } from "../viewer/helpers/viewer-server";

/**
 * One comparison everywhere: random pairs of runs go through the real evaluate() into the real dev server; the CLI's
 * summary, its --json and --markdown reports (built from compareRuns()), the dev server's compare-with answer and the
 * viewer's comparison must all count the same improved / degraded / mixed / same datapoints, and match a model of
 * the rule written here (each datapoint once, by its metrics' directions and its execution; higher is better; a
 * datapoint that ran before and now errors or is not run is degraded, and the other way round improved).
 */
let server: DevServer;
beforeAll(async () => {
  server = await startViewerServer();
});
afterAll(() => server.close());

type State = "ran" | "errored" | "not_run";
/** One run: two metric values per datapoint, which datapoints throw, and where the run is cancelled (if it is). */
interface RunSpec { values: [number, number][]; throws: boolean[]; stopAt: number | null }
interface Pair { old: RunSpec; new: RunSpec }
const value = fc.integer({ min: 0, max: 2 });
const runArb = (n: number): fc.Arbitrary<RunSpec> => fc.record({
  values: fc.array(fc.tuple(value, value), { minLength: n, maxLength: n }),
  throws: fc.array(fc.constantFrom(false, false, false, true), { minLength: n, maxLength: n }),
  stopAt: fc.option(fc.integer({ min: 0, max: n - 1 }), { nil: null, freq: 3 }),
});
const pairArb: fc.Arbitrary<Pair> = fc.integer({ min: 1, max: 6 }).chain((n) => fc.record({ old: runArb(n), new: runArb(n) }));

/** What happens to datapoint `i` (datapoints run one at a time, in order). */
function state(run: RunSpec, i: number): State {
  if (run.stopAt !== null && i > run.stopAt) return "not_run";
  if (run.stopAt === i) return "errored"; // cancelled while it ran
  return run.throws[i] ? "errored" : "ran";
}

function model(pair: Pair): { improved: number; degraded: number; mixed: number; same: number; common: number; regressed: number; worst: number } {
  const counts = { improved: 0, degraded: 0, mixed: 0, same: 0, common: 0, regressed: 0, worst: 0 };
  pair.old.values.forEach((before, i) => {
    const [so, sn] = [state(pair.old, i), state(pair.new, i)];
    if (so === "not_run" && sn === "not_run") return; // not common
    counts.common += 1;
    const after = pair.new.values[i]!;
    const bothRan = so === "ran" && sn === "ran";
    const metricDown = bothRan && after.some((v, m) => v < before[m]!);
    const up = (bothRan && after.some((v, m) => v > before[m]!)) || (so !== "ran" && sn === "ran");
    const down = metricDown || (so === "ran" && sn !== "ran");
    if (so === "ran" && sn !== "ran") counts.regressed += 1;
    if (down) counts.worst += 1;
    counts[up && down ? "mixed" : up ? "improved" : down ? "degraded" : "same"] += 1;
  });
  return counts;
}

async function run(name: string, spec: RunSpec) {
  const controller = new AbortController();
  return evaluate({
    name, apiKey: KEY, serverUrl: server.url, progress: false, maxConcurrency: 1, signal: controller.signal,
    dataset: spec.values.map((_, i) => ({ inputs: { i } })),
    function: (inputs: { i: number }) => {
      if (spec.stopAt === inputs.i) {
        controller.abort();
        return new Promise<number>(() => undefined);
      }
      if (spec.throws[inputs.i]) throw new Error(`datapoint ${inputs.i} failed`);
      return inputs.i;
    },
    evaluators: [
      function a(i: number) { return spec.values[i]![0]; },
      function b(i: number) { return spec.values[i]![1]; },
    ],
  });
}

const NONE = { throws: [], stopAt: null };

describe("--compare counts agree with the viewer and the dev server", () => {
  it("for random run pairs, datapoints that error or are not run included (property)", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(pairArb, async (pair) => {
        n += 1;
        const before = await run(`old-${n}`, pair.old);
        const after = await run(`new-${n}`, pair.new);
        const { common, regressed, worst, ...expected } = model(pair);
        const comparison = await compareRuns(after.runId, before.runId, { apiKey: KEY, serverUrl: server.url });
        expect({ improved: comparison.improvedCount, degraded: comparison.degradedCount, mixed: comparison.mixedCount, same: comparison.sameCount }).toEqual(expected);
        expect(comparison.regressed).toHaveLength(regressed);

        const outcome: EvalOutcome = { experiments: [{ result: after, file: "x.eval.mjs", comparison }], checks: [], failures: [], exitCode: 0 };
        let text = "";
        printSummary(outcome, (t) => void (text += t), createPalette(false));
        const counts = `${expected.improved} improved, ${expected.degraded} degraded, ${expected.mixed} mixed, ${expected.same} same`;
        expect(text).toContain(`${common} common datapoints, ${counts}`);
        const json = JSON.parse(JSON.stringify(buildJsonReport({ exitCode: 0, results: outcome.experiments, thresholds: [], failures: [] })));
        expect(json.experiments[0].comparison).toMatchObject({ improvedCount: expected.improved, degradedCount: expected.degraded, mixedCount: expected.mixed, sameCount: expected.same });
        const markdown = formatMarkdownReport(outcome);
        expect(markdown).toContain(`: ${counts}`);
        if (worst > 0) expect(markdown).toContain(`**Worst regressions** (${worst}):`);
        else expect(markdown).not.toContain("**Worst regressions**");

        const served = (await call(server, "GET", `/v1/runs/${after.runId}/compare-with/${before.runId}`)).body;
        expect(served.datapoint_directions).toEqual(expected);
        expect(served.commonDatapoints).toHaveLength(common);
        const viewed = (await call(server, "GET", `/viewer/runs/${after.runId}/compare/${before.runId}?limit=10`)).body;
        expect({ improved: viewed.counts.improved, degraded: viewed.counts.degraded, mixed: viewed.counts.mixed, same: viewed.counts.same }).toEqual(expected);
        expect(viewed.common).toBe(common);
      }),
      { numRuns: 12 },
    );
  }, 180_000);

  it("reproduces the issue: one datapoint improved and one degraded on two metrics reads 1 and 1, not 2 and 2", async () => {
    const before = await run("old-fixed", { values: [[0, 0], [1, 1]], ...NONE });
    const after = await run("new-fixed", { values: [[1, 1], [0, 0]], ...NONE });
    const comparison = await compareRuns(after.runId, before.runId, { apiKey: KEY, serverUrl: server.url });
    expect([comparison.improvedCount, comparison.degradedCount]).toEqual([1, 1]);
  }, 60_000);

  it("reproduces issue 56: 7 fixed datapoints (pass/fail up, an error count down) read 7 improved everywhere, and no 'worst regression'", async () => {
    const fixedRun = (name: string, fixed: boolean) => evaluate({
      name, apiKey: KEY, serverUrl: server.url, progress: false, dataset: Array.from({ length: 7 }, (_, i) => ({ inputs: { i } })),
      function: () => fixed,
      evaluators: [function correct(ok: boolean) { return ok; }, function error_count(ok: boolean) { return ok ? 0 : 1; }],
    });
    const before = await fixedRun("old-broken", false);
    const after = await fixedRun("new-fixed", true);
    const comparison = await compareRuns(after.runId, before.runId, { apiKey: KEY, serverUrl: server.url });
    expect([comparison.improvedCount, comparison.mixedCount, comparison.degradedCount]).toEqual([7, 0, 0]);
    expect(comparison.metrics.find((m) => m.metric === "error_count")).toMatchObject({ direction: "lower", improvedCount: 7, degradedCount: 0 });
    const outcome: EvalOutcome = { experiments: [{ result: after, file: "x.eval.mjs", comparison }], checks: [], failures: [], exitCode: 0 };
    const markdown = formatMarkdownReport(outcome);
    expect(markdown).toContain(": 7 improved, 0 degraded, 0 mixed, 0 same");
    expect(markdown).not.toContain("Worst regressions");
    const viewed = (await call(server, "GET", `/viewer/runs/${after.runId}/compare/${before.runId}?limit=10`)).body;
    expect(viewed.counts).toMatchObject({ improved: 7, mixed: 0, degraded: 0 });
  }, 60_000);

  it("reproduces issue 24: a datapoint that passed and now throws, and one now not run, are regressions, not 'same'", async () => {
    const values: [number, number][] = [[1, 1], [1, 1], [1, 1]];
    const before = await run("old-passing", { values, ...NONE });
    const after = await run("new-broken", { values, throws: [false, true, false], stopAt: null });
    const comparison = await compareRuns(after.runId, before.runId, { apiKey: KEY, serverUrl: server.url });
    expect([comparison.degradedCount, comparison.sameCount]).toEqual([1, 2]);
    const broken = after.datapoints[1]!.datapointId;
    expect(comparison.regressed).toEqual([broken]);
    const outcome: EvalOutcome = { experiments: [{ result: after, file: "x.eval.mjs", comparison }], checks: [], failures: [], exitCode: 1 };
    expect(formatMarkdownReport(outcome)).toMatch(/\*\*Worst regressions\*\* \(1\):\n\n- .*: now failed: Error: datapoint 1 failed/);
    const cancelled = await run("new-cancelled", { values, throws: [], stopAt: 1 });
    const notRun = await compareRuns(cancelled.runId, before.runId, { apiKey: KEY, serverUrl: server.url });
    expect([notRun.degradedCount, notRun.sameCount, notRun.commonDatapoints.length]).toEqual([2, 1, 3]);
    const rows = (await call(server, "GET", `/viewer/runs/${cancelled.runId}/compare/${before.runId}?verdict=degraded`)).body.rows;
    expect(rows.map((r: any) => [r.new_state, r.verdict, r.new_session_id === null])).toEqual([["errored", "degraded", false], ["not_run", "degraded", true]]);
  }, 60_000);
});
