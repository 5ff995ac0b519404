/**
 * A datapoint whose session holds more metric values than evaluate() keeps (1,000) is named in one warning, with how
 * many values the local verdict and aggregates do not include (the server's summary counts every stored value).
 */
import { afterEach, describe, expect, it } from "vitest";
import { enrichSpan } from "../../packages/honeyhive/src/enrichment/enrich-span";
import { droppedMetricsWarning } from "../../packages/honeyhive/src/evaluation/execute-pool";
import type { DatapointResult } from "../../packages/honeyhive/src/evaluation/types";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { trace } from "../../packages/honeyhive/src/instrument/trace";
import { captureSdkLogs, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";

afterEach(() => resetHoneyHiveGlobals());

/** One traced step writing metric values `m<from>`…, `count` of them (a span holds at most 128 attributes). */
const step = trace(function step(from: number, count: number) {
  enrichSpan({ metrics: Object.fromEntries(Array.from({ length: count }, (_, i) => [`m${from + i}`, from + i])) });
});

describe("metric values beyond evaluate()'s cap per datapoint", () => {
  it("are counted on the datapoint and named in one warning", async () => {
    const logs = captureSdkLogs();
    const result = await evaluate<{ n: number }, number>({
      name: "many-metrics", offline: true, progress: false, printResults: false,
      dataset: [{ inputs: { n: 1_004 } }, { inputs: { n: 3 } }, { inputs: { n: 1_001 } }],
      function: (inputs) => {
        for (let from = 0; from < inputs.n; from += 100) step(from, Math.min(100, inputs.n - from));
        return inputs.n;
      },
    });
    expect(result.datapoints.map((d) => d.eventMetricsDropped)).toEqual([4, undefined, 1]);
    expect(result.datapoints.map((d) => d.eventMetrics?.length)).toEqual([1_000, 3, 1_000]);
    const warnings = logs.lines.filter((l) => l.level === "warn").map((l) => l.message);
    expect(warnings).toEqual([
      "2 datapoints (#0, #2) wrote more than 1,000 metric values in their sessions: 5 values are not in the local verdict or aggregates (the server's summary counts every value stored)",
    ]);
  });

  it("labels trials and lists five datapoints at most", () => {
    const over = (index: number, trial: number) => ({ index, trial, eventMetricsDropped: 1 }) as DatapointResult;
    const many = Array.from({ length: 7 }, (_, i) => over(i, 1));
    expect(droppedMetricsWarning(many, 2)).toBe(
      "7 datapoints (#0 trial 1, #1 trial 1, #2 trial 1, #3 trial 1, #4 trial 1, and 2 more) wrote more than 1,000 metric values in their sessions: 7 values are not in the local verdict or aggregates (the server's summary counts every value stored)",
    );
    expect(droppedMetricsWarning([over(3, 0)], 1)).toContain("1 datapoint (#3) wrote more than 1,000 metric values in its session: 1 value is not");
    expect(droppedMetricsWarning([{ index: 0, trial: 0 } as DatapointResult], 1)).toBeUndefined();
  });
});
