import { describe, expect, it } from "vitest";
import { buildEvaluationResult } from "../../packages/honeyhive/src/evaluation/build-result";
import { formatEvaluationResult, formatNumber, formatTable } from "../../packages/honeyhive/src/reporting/format-result";
import type { DatapointResult } from "../../packages/honeyhive/src/evaluation/types";
import { failureReason, inputsPreview } from "../../packages/honeyhive/src/reporting/failure-line";
import { formatJUnitReport } from "../../packages/honeyhive/src/cli/support/junit-report";
import { formatMarkdownReport } from "../../packages/honeyhive/src/cli/eval/markdown-report";

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
        // "errored" as datapoint-errored.ts defines it (threw or timed out); "failed" is the verdict's word, on the line above
        "Dataset EXT-ds · 4 datapoint runs: 3 succeeded, 1 errored, 0 cancelled · 1.234 s",
        "Passed 1/4",
        "",
        // The failed datapoint has no values: the numbers cover 3 of 4 datapoint runs, and the table says so.
        "metric    average  min  max   median  p90   p95  p99   count  missing",
        "accuracy  0.333    0    0.75  0.25    0.65  0.7  0.74  3      1",
        "exact     0.333    0    1     0       0.8   0.9  0.98  3      1",
        "",
        "Failures:",
        '  #1 EXT-1 {"i":1}: did not pass (accuracy=0.25, exact=false)',
        '  #2 EXT-2 {"i":2}: failed (Error: boom)',
        // An evaluator's error fails a datapoint whatever its scores: one line names it with its error, then the scores.
        '  #3 EXT-3 {"i":3}: did not pass (evaluator "exact" failed: TypeError: x; accuracy=0.75, exact=false)',
        "",
      ].join("\n"),
    );
  });

  it("labels every failure line of a repeated datapoint with its trial (#index trial n, core's datapointRunLabel)", () => {
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
        '  #1 trial 1 EXT-1 {"i":1}: did not pass (accuracy=0.25, exact=false)', '  #2 trial 2 EXT-2 {"i":2}: failed (Error: boom)',
        '  #3 trial 1 EXT-3 {"i":3}: did not pass (evaluator "exact" failed: TypeError: x; accuracy=0.75, exact=false)', "",
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

  it("a throwing evaluator: one line per datapoint, naming the evaluator with its error and the scores once", () => {
    const result = buildEvaluationResult({
      name: "qa", suite: "qa", runId: "run-1", datasetId: "EXT-ds", aggregateFunction: "average", cancelled: false, durationMs: 10, uploaded: true,
      datapoints: [dp(0), dp(20, { datapointId: "EXT-9c4cdc904874b0d7", inputs: { q: "boom" }, metrics: {}, evaluatorErrors: { judge: "Error: judge crashed on BOOM" }, passed: false })],
    });
    expect(formatEvaluationResult(result).split("Failures:\n")[1]).toBe(
      '  #20 EXT-9c4cdc904874b0d7 {"q":"boom"}: did not pass (evaluator "judge" failed: Error: judge crashed on BOOM; no scores)\n',
    );
  });
});

describe("the inputs preview of a failure line", () => {
  it("is the compact JSON of the inputs, cut to 60 characters, on one line, with control characters escaped", () => {
    expect(inputsPreview({ q: "boom" })).toBe('{"q":"boom"}');
    expect(inputsPreview({})).toBe("");
    const long = inputsPreview({ question: "x".repeat(500), other: 1 });
    expect([...long]).toHaveLength(60);
    expect(long.endsWith("…")).toBe(true);
    // newlines and ESC as JSON escapes; C1 controls, line separators and bidi overrides as \u escapes
    const hostile = inputsPreview({ q: "a\nb\u001b[31mc\u0085d\u2028e\u202ef" });
    expect(hostile).toBe('{"q":"a\\nb\\u001b[31mc\\u0085d\\u2028e\\u202ef"}');
    // eslint-disable-next-line no-control-regex
    expect(hostile).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
    expect(inputsPreview({ n: 10n })).toBe('{"n":"10"}'); // a value JSON cannot write, as it is uploaded
    expect([...inputsPreview({ e: "😀".repeat(100) })].length).toBe(60); // cut between characters, never inside one
  });

  it("every report gives a failed datapoint's reason in the same words (text, Markdown, JUnit)", () => {
    const failed = [
      dp(1, { passed: false }),
      dp(2, { status: "timed_out", error: "timed out after 10 ms", metrics: {}, passed: false }),
      dp(3, { evaluatorErrors: { judge: "Error: nope" }, passed: false }),
    ];
    const result = buildEvaluationResult({
      name: "qa", suite: "qa", runId: "run-1", datasetId: "EXT-ds", aggregateFunction: "average", cancelled: false, durationMs: 10, uploaded: true, datapoints: [dp(0), ...failed],
    });
    const text = formatEvaluationResult(result);
    const markdown = formatMarkdownReport({ experiments: [{ result, file: "a.eval.ts" }], checks: [], failures: [], exitCode: 1 }).replace(/\\/g, "");
    const junit = formatJUnitReport([result], [], []);
    for (const d of failed) {
      const { outcome, detail } = failureReason(d)!;
      expect(text).toContain(`: ${outcome} (${detail})\n`);
      expect(markdown).toContain(`: ${outcome} (${detail})`);
      expect(junit).toContain(`message="${detail.replace(/"/g, "&quot;")}"`);
    }
    expect(failureReason(dp(0))).toBeUndefined();
    expect(failureReason(dp(5, { status: "not_run", passed: false }))).toBeUndefined();
  });
});
