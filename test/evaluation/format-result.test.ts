import { describe, expect, it } from "vitest";
import { buildEvaluationResult } from "../../packages/honeyhive/src/evaluation/build-result";
import { formatEvaluationResult, formatNumber, formatTable } from "../../packages/honeyhive/src/reporting/format-result";
import type { DatapointResult } from "../../packages/honeyhive/src/evaluation/types";

function dp(index: number, extra: Partial<DatapointResult> = {}): DatapointResult {
  return {
    index, trial: 0, datapointId: `EXT-${index}`, sessionId: `s${index}`, inputs: { i: index }, groundTruth: null, outputs: index,
    status: "success", metrics: { accuracy: index / 4, exact: index % 2 === 0 }, evaluatorErrors: {}, durationMs: 5, passed: true, ...extra,
  };
}

describe("formatEvaluationResult", () => {
  it("renders a header, counts, the metric table and failures", () => {
    const result = buildEvaluationResult({
      name: "qa", suite: "qa", runId: "run-1", datasetId: "EXT-ds", aggregateFunction: "average", cancelled: false,
      durationMs: 1234, uploaded: false, uploadError: "no API key",
      datapoints: [dp(0), dp(1, { passed: false }), dp(2, { status: "failed", error: "Error: boom", metrics: {}, passed: false }), dp(3, { evaluatorErrors: { exact: "TypeError: x" }, passed: false })],
    });
    const text = formatEvaluationResult(result);
    expect(text).toBe(
      [
        'Experiment "qa" · run run-1 · completed · 1 passed, 3 failed · not uploaded: no API key',
        "Dataset EXT-ds · 4 datapoint runs: 3 succeeded, 1 failed, 0 timed out, 0 cancelled · 1.234 s",
        "Passed 1/4",
        "",
        // The failed datapoint has no values: the numbers cover 3 of 4 datapoint runs, and the table says so.
        "metric    average  min  max   median  p90   p95  p99   count  missing",
        "accuracy  0.333    0    0.75  0.25    0.65  0.7  0.74  3      1",
        "exact     0.333    0    1     0       0.8   0.9  0.98  3      1",
        "",
        "Failures:",
        "  #1 EXT-1: did not pass (accuracy=0.25, exact=false)",
        "  #2 EXT-2: failed (Error: boom)",
        '  #3 EXT-3: evaluator "exact" failed (TypeError: x)',
        // An evaluator's error fails a datapoint whatever its scores: the line names it first.
        '  #3 EXT-3: did not pass (evaluator "exact" failed; accuracy=0.75, exact=false)',
        "",
      ].join("\n"),
    );
  });

  it("labels every failure line of a repeated datapoint with its trial (#index.trial)", () => {
    const result = buildEvaluationResult({
      name: "qa", suite: "qa", runId: "run-1", datasetId: "EXT-ds", aggregateFunction: "average", cancelled: false,
      durationMs: 10, uploaded: true,
      datapoints: [
        dp(1, { trial: 1, passed: false }),
        dp(2, { trial: 2, status: "failed", error: "Error: boom", metrics: {}, passed: false }),
        dp(3, { trial: 1, evaluatorErrors: { exact: "TypeError: x" }, passed: false }),
      ],
    });
    expect(formatEvaluationResult(result).split("Failures:\n")[1]).toBe(
      [
        "  #1.1 EXT-1: did not pass (accuracy=0.25, exact=false)", "  #2.2 EXT-2: failed (Error: boom)",
        '  #3.1 EXT-3: evaluator "exact" failed (TypeError: x)', '  #3.1 EXT-3: did not pass (evaluator "exact" failed; accuracy=0.75, exact=false)', "",
      ].join("\n"),
    );
  });

  it("formats numbers and tables", () => {
    expect(formatNumber(null)).toBe("-");
    expect(formatNumber(2)).toBe("2");
    expect(formatNumber(0.12345)).toBe("0.123");
    expect(formatNumber(0.1)).toBe("0.1");
    expect(formatTable([["a", "bb"], ["ccc", "d"]])).toEqual(["a    bb", "ccc  d"]);
  });

  it("says when there are no metrics and lists the run URL", () => {
    const result = buildEvaluationResult({
      name: "x", suite: "x", runId: "r", datasetId: "d", aggregateFunction: "average", cancelled: true, durationMs: 10,
      uploaded: true, runUrl: "http://127.0.0.1:1/runs/r", datapoints: [],
    });
    const text = formatEvaluationResult(result);
    expect(text).toContain("URL: http://127.0.0.1:1/runs/r");
    expect(text).toContain("No metrics");
    expect(text).toContain("cancelled · 0 passed, 0 failed · uploaded");
  });
});
