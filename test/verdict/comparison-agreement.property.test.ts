import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { createPalette } from "../../packages/honeyhive/src/cli/colors";
import type { EvalOutcome } from "../../packages/honeyhive/src/cli/eval/eval-outcome";
import { formatMarkdownReport } from "../../packages/honeyhive/src/cli/eval/markdown-report";
import { printSummary } from "../../packages/honeyhive/src/cli/eval/print-summary";
import { buildJsonReport } from "../../packages/honeyhive/src/cli/support/json-report";
import { compareRuns } from "../../packages/honeyhive/src/evaluation/compare-runs";
import { evaluate } from "../../packages/honeyhive/src/reporting/evaluate";
import { call, KEY, startViewerServer } from "../viewer/helpers/viewer-server";

/**
 * One comparison everywhere: random pairs of runs go through the real evaluate() into the real dev server; the CLI's
 * summary, its --json and --markdown reports (built from compareRuns()), the dev server's compare-with answer and the
 * viewer's comparison must all count the same improved / degraded / mixed / same datapoints, and match a model of
 * the rule written here (each datapoint once, by its metrics' directions; higher is better).
 */
let server: DevServer;
beforeAll(async () => {
  server = await startViewerServer();
});
afterAll(() => server.close());

interface Pair { old: [number, number][]; new: [number, number][] }
const value = fc.integer({ min: 0, max: 2 });
const pairArb: fc.Arbitrary<Pair> = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({ old: fc.array(fc.tuple(value, value), { minLength: n, maxLength: n }), new: fc.array(fc.tuple(value, value), { minLength: n, maxLength: n }) }),
);

function model(pair: Pair): { improved: number; degraded: number; mixed: number; same: number } {
  const counts = { improved: 0, degraded: 0, mixed: 0, same: 0 };
  pair.old.forEach((before, i) => {
    const after = pair.new[i]!;
    const up = after.some((v, m) => v > before[m]!);
    const down = after.some((v, m) => v < before[m]!);
    counts[up && down ? "mixed" : up ? "improved" : down ? "degraded" : "same"] += 1;
  });
  return counts;
}

async function run(name: string, values: [number, number][]) {
  return evaluate({
    name, apiKey: KEY, serverUrl: server.url, progress: false,
    dataset: values.map((_, i) => ({ inputs: { i } })),
    function: (inputs: { i: number }) => inputs.i,
    evaluators: [
      function a(i: number) { return values[i]![0]; },
      function b(i: number) { return values[i]![1]; },
    ],
  });
}

describe("--compare counts agree with the viewer and the dev server", () => {
  it("for random run pairs (property)", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(pairArb, async (pair) => {
        n += 1;
        const before = await run(`old-${n}`, pair.old);
        const after = await run(`new-${n}`, pair.new);
        const expected = model(pair);
        const comparison = await compareRuns(after.runId, before.runId, { apiKey: KEY, serverUrl: server.url });
        expect({ improved: comparison.improvedCount, degraded: comparison.degradedCount, mixed: comparison.mixedCount, same: comparison.sameCount }).toEqual(expected);

        const outcome: EvalOutcome = { experiments: [{ result: after, file: "x.eval.mjs", comparison }], checks: [], failures: [], exitCode: 0 };
        let text = "";
        printSummary(outcome, (t) => void (text += t), createPalette(false));
        const counts = `${expected.improved} improved, ${expected.degraded} degraded, ${expected.mixed} mixed, ${expected.same} same`;
        expect(text).toContain(`${pair.old.length} common datapoints, ${counts}`);
        const json = JSON.parse(JSON.stringify(buildJsonReport({ exitCode: 0, results: outcome.experiments, thresholds: [], failures: [] })));
        expect(json.experiments[0].comparison).toMatchObject({ improvedCount: expected.improved, degradedCount: expected.degraded, mixedCount: expected.mixed, sameCount: expected.same });
        expect(formatMarkdownReport(outcome)).toContain(`: ${counts}`);

        const served = (await call(server, "GET", `/v1/runs/${after.runId}/compare-with/${before.runId}`)).body;
        expect(served.datapoint_directions).toEqual(expected);
        const viewed = (await call(server, "GET", `/viewer/runs/${after.runId}/compare/${before.runId}?limit=10`)).body;
        expect({ improved: viewed.counts.improved, degraded: viewed.counts.degraded, mixed: viewed.counts.mixed, same: viewed.counts.same }).toEqual(expected);
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it("reproduces the issue: one datapoint improved and one degraded on two metrics reads 1 and 1, not 2 and 2", async () => {
    const before = await run("old-fixed", [[0, 0], [1, 1]]);
    const after = await run("new-fixed", [[1, 1], [0, 0]]);
    const comparison = await compareRuns(after.runId, before.runId, { apiKey: KEY, serverUrl: server.url });
    expect([comparison.improvedCount, comparison.degradedCount]).toEqual([1, 1]);
  }, 60_000);
});
