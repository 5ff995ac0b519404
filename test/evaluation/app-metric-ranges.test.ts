/**
 * `passingRanges` on a metric the function writes itself (`enrichSpan({ metrics })`): accepted before the run (it is
 * far from every evaluator's metric), judged locally as the server judges it (the dev server behind the OpenAPI
 * proxy), and, when no datapoint recorded it, named in one warning after the run.
 */
import { afterEach, describe, expect, it } from "vitest";
import { enrichSpan } from "../../packages/honeyhive/src/enrichment/enrich-span";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { captureSdkLogs, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { useCheckedDevServer } from "../helpers/checked-dev-server";

const checked = useCheckedDevServer();
afterEach(() => resetHoneyHiveGlobals());

/** Writes `latency_ms` = the input (the function's own metric) and returns it. */
function timed(inputs: { ms: number }): number {
  enrichSpan({ metrics: { latency_ms: inputs.ms } });
  return inputs.ms;
}

const dataset = [10, 80, 30, 200].map((ms) => ({ inputs: { ms } }));

describe("passing ranges on the function's own metrics", () => {
  it("judge each datapoint locally as the server does", async () => {
    const result = await evaluate<{ ms: number }, number>({
      name: "latency-range", apiKey: "local", serverUrl: checked.proxy.url, progress: false, printResults: false, dataset,
      function: timed, evaluators: [function positive(out: unknown) { return Number(out) > 0; }],
      passingRanges: { latency_ms: { max: 50 } },
    });
    expect(result.datapoints.map((d) => d.passed)).toEqual([true, false, true, false]);
    expect(result.verdict).toMatchObject({ passed: 2, failed: 2 });
    expect(result.serverSummary?.verdict).toMatchObject({ passed: 2, failed: 2 });
    expect(checked.proxy.violations()).toEqual([]);
  });

  it("a range no datapoint recorded is named after the run, with the closest recorded metric", async () => {
    const logs = captureSdkLogs();
    const result = await evaluate<{ ms: number }, number>({
      name: "latency-typo", offline: true, progress: false, printResults: false, dataset,
      function: timed, passingRanges: { latency: { max: 50 } },
    });
    expect(result.datapoints.map((d) => d.passed)).toEqual([false, false, false, false]);
    expect(logs.lines.filter((l) => l.level === "warn").map((l) => l.message)).toEqual([
      'passingRanges: no datapoint recorded the metric "latency" (did you mean "latency_ms"?), so every datapoint that completed failed on it (recorded: latency_ms)',
    ]);
  });

  it("a range on an evaluator's metric that errored everywhere is not named again (its errors are listed)", async () => {
    const logs = captureSdkLogs();
    const result = await evaluate<{ ms: number }, number>({
      name: "explode", offline: true, progress: false, printResults: false, dataset, function: timed,
      evaluators: [function explode(): number { throw new Error("boom"); }], passingRanges: { explode: { min: 0 } },
    });
    expect(result.datapoints.every((d) => !d.passed && d.evaluatorErrors.explode !== undefined)).toBe(true);
    expect(logs.lines.filter((l) => l.message.includes("no datapoint recorded"))).toEqual([]);
  });

  it("a name close to an evaluator's metric is still refused before the run", async () => {
    const run = evaluate({
      name: "typo", offline: true, dataset, function: timed,
      evaluators: [function exact_match() { return true; }], passingRanges: { exactMatch: { pass_when: true } },
    });
    await expect(run).rejects.toThrow('passingRanges: unknown metric "exactMatch" (did you mean "exact_match"?)');
  });
});
