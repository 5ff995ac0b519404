import { describe, expect, it } from "vitest";
import { formatMarkdownReport } from "../../../packages/honeyhive/src/cli/eval/markdown-report";
import { buildEvaluationResult } from "../../../packages/honeyhive/src/evaluation/build-result";
import { runViewUrl } from "../../../packages/honeyhive/src/evaluation/run-lifecycle";
import type { DatapointResult } from "../../../packages/honeyhive/src/evaluation/types";
import { relatedViewerUrl } from "../../../packages/core/src/links/viewer-url";

function datapoint(i: number, passed: boolean): DatapointResult {
  return {
    index: i, trial: 0, datapointId: `dp${i}`, sessionId: `s${i}`, inputs: { i }, groundTruth: null, outputs: i, status: "success",
    metrics: { ok: passed }, evaluatorErrors: {}, durationMs: 1, passed,
  };
}

function report(passed: boolean[], runUrl?: string, exitCode = 0): string {
  const result = buildEvaluationResult({
    name: "e", suite: "e", runId: "r1", datasetId: "EXT-x", datapoints: passed.map((p, i) => datapoint(i, p)), cancelled: false,
    durationMs: 10, aggregateFunction: "average", uploaded: true, runUrl,
  });
  return formatMarkdownReport({ experiments: [{ result, file: "a.eval.ts" }], checks: [], failures: [], exitCode });
}

describe("the Markdown report's heading names the exit code's outcome, with the runs' verdicts as detail", () => {
  it("2 of 6 datapoints failed with exit code 1 reads Failed, not Passed", () => {
    const md = report([true, false, true, true, false, true], undefined, 1);
    expect(md).toContain("❌ **Failed**: 2 of 6 datapoints failed; no threshold was set.");
    expect(md).not.toContain("✅");
  });

  it("2 of 6 datapoints failed with exit code 0 (allowed by --max-failures) reads Passed and says so, never Failed", () => {
    const md = report([true, false, true, true, false, true], undefined, 0);
    expect(md).toContain("✅ **Passed**: 2 of 6 datapoints failed, within the allowed failures (--max-failures / --min-pass-rate); no threshold was set.");
    expect(md).not.toContain("❌");
  });

  it("every datapoint passed reads Passed", () => {
    expect(report([true, true])).toContain("✅ **Passed**: every datapoint passed and no threshold was set.");
  });

  it("says every threshold was met only when there were thresholds; trials of one datapoint are listed apart", () => {
    const result = buildEvaluationResult({
      name: "e", suite: "e", runId: "r1", datasetId: "EXT-x", cancelled: false, durationMs: 10, aggregateFunction: "average", uploaded: true,
      datapoints: [{ ...datapoint(0, false), trial: 1 }, { ...datapoint(0, false), trial: 2 }],
    });
    const check = { experiment: "e", metric: "ok", min: 0, actual: 0, passed: true };
    const md = formatMarkdownReport({ experiments: [{ result, file: "a.eval.ts" }], checks: [check as never], failures: [], exitCode: 1 });
    expect(md).toContain("❌ **Failed**: 2 of 2 datapoints failed; every threshold was met.");
    expect(md).toContain("- #0 trial 1 0: did not pass \\(ok=false\\)"); // the run's label (core's datapointRunLabel), then the first input (i = 0)
    expect(md).toContain("- #0 trial 2 0: did not pass \\(ok=false\\)");
  });

  it("a cancelled command reads Cancelled", () => {
    expect(report([true], undefined, 130)).toContain("⚠️ **Cancelled**");
  });
});

describe("links open the run in the local viewer without a login step", () => {
  it("a loopback server's run link carries the dev server's public key `local`, and session and comparison links keep it", () => {
    const runUrl = runViewUrl("http://127.0.0.1:4318/", "r1", undefined, "local")!;
    expect(runUrl).toBe("http://127.0.0.1:4318/#/runs/r1?key=local");
    expect(relatedViewerUrl(runUrl, { sessionId: "s1" })).toBe("http://127.0.0.1:4318/#/sessions/s1?key=local");
    expect(relatedViewerUrl(runUrl, { runId: "r1", compareWithRunId: "r0" })).toBe("http://127.0.0.1:4318/#/runs/r1/compare/r0?key=local");
    expect(report([false], runUrl)).toContain("](http://127.0.0.1:4318/#/sessions/s0?key=local): did not pass \\(ok=false\\)");
  });

  it("a secret key is never put in a link (terminals, CI logs and reports stay free of it)", () => {
    const runUrl = runViewUrl("http://127.0.0.1:4318/", "r1", undefined, "hh_secret_key_123")!;
    expect(runUrl).toBe("http://127.0.0.1:4318/#/runs/r1");
    expect(relatedViewerUrl(runUrl, { sessionId: "s1" })).toBe("http://127.0.0.1:4318/#/sessions/s1");
    expect(report([false], runUrl)).not.toContain("hh_secret_key_123");
  });

  it("a remote server's link is the server's own, never carrying the key", () => {
    expect(runViewUrl("https://api.honeyhive.ai", "r1", undefined, "secret")).toBeUndefined();
    expect(runViewUrl("https://api.honeyhive.ai", "r1", "https://app.honeyhive.ai/runs/r1", "secret")).toBe("https://app.honeyhive.ai/runs/r1");
    expect(relatedViewerUrl("https://app.honeyhive.ai/runs/r1", { sessionId: "s" })).toBeUndefined();
  });
});

describe("the Markdown metric table says how many datapoints an average covers", () => {
  it("a datapoint that errored leaves the metric without a value: 1 (2/3 datapoints)", () => {
    const errored: DatapointResult = { ...datapoint(2, false), status: "failed", error: "Error: boom", metrics: {} };
    const result = buildEvaluationResult({
      name: "e", suite: "e", runId: "r1", datasetId: "EXT-x", datapoints: [datapoint(0, true), datapoint(1, true), errored], metricNames: ["ok"],
      cancelled: false, durationMs: 10, aggregateFunction: "average", uploaded: true,
    });
    const md = formatMarkdownReport({ experiments: [{ result, file: "a.eval.ts" }], checks: [], failures: [], exitCode: 1 });
    expect(md).toContain("| ok | 1 (2/3 datapoints) | - | - | - |");
    expect(report([true, true])).toContain("| ok | 1 | - | - | - |");
  });
});
