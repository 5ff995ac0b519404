// The CLI's comparison output (terminal summary and Markdown report) says when the compared runs ran on different
// dataset versions, and says nothing of versions when they ran on the same one.
import { describe, expect, it } from "vitest";
import { formatMarkdownReport } from "../../packages/honeyhive/src/cli/eval/markdown-report";
import { printSummary } from "../../packages/honeyhive/src/cli/eval/print-summary";
import { createPalette } from "../../packages/honeyhive/src/cli/colors";
import { buildEvaluationResult } from "../../packages/honeyhive/src/evaluation/build-result";
import type { RunComparison } from "../../packages/honeyhive/src/evaluation/compare-runs";

const result = buildEvaluationResult({
  name: "qa", suite: "qa", runId: "run-new", datasetId: "ds", cancelled: false, durationMs: 5, aggregateFunction: "average", uploaded: true,
  datapoints: [{ index: 0, trial: 0, datapointId: "dp0", sessionId: "s0", inputs: {}, groundTruth: null, outputs: 1, status: "success", metrics: { ok: true }, evaluatorErrors: {}, durationMs: 1, passed: true }],
});

function comparison(versions: RunComparison["datasetVersions"]): RunComparison {
  return {
    newRunId: "run-new", oldRunId: "run-old0", newRun: { runId: "run-new" }, oldRun: { runId: "run-old0" }, commonDatapoints: ["dp0"], metrics: [], improvedCount: 0, degradedCount: 0, mixedCount: 0, sameCount: 1,
    usage: [], regressed: [], recovered: [], datasetVersions: versions, raw: { old: {}, new: {} },
  };
}

function outputs(versions: RunComparison["datasetVersions"]): { md: string; summary: string } {
  const outcome = { experiments: [{ result, file: "qa.eval.ts", comparison: comparison(versions) }], checks: [], failures: [], exitCode: 0 };
  let summary = "";
  printSummary(outcome, (text) => void (summary += text), createPalette(false));
  return { md: formatMarkdownReport(outcome), summary };
}

describe("comparing runs on different dataset versions", () => {
  it("the summary and the Markdown report say so", () => {
    const { md, summary } = outputs({ old: "dsv-aaaaaaaaaaaaaaaa", new: "dsv-bbbbbbbbbbbbbbbb" });
    const note = "the runs ran on different dataset versions (dsv-aaaaaaaaaaaaaaaa before, dsv-bbbbbbbbbbbbbbbb now)";
    expect(summary).toContain(`Note: ${note}`);
    expect(md).toContain("> **Note:** the runs ran on different dataset versions \\(dsv-aaaaaaaaaaaaaaaa before, dsv-bbbbbbbbbbbbbbbb now\\)");
  });

  it("the same version, or a run without one, adds nothing", () => {
    for (const versions of [{ old: "dsv-aaaaaaaaaaaaaaaa", new: "dsv-aaaaaaaaaaaaaaaa" }, { new: "dsv-aaaaaaaaaaaaaaaa" }]) {
      const { md, summary } = outputs(versions);
      expect(summary).not.toContain("dataset versions");
      expect(md).not.toContain("dataset versions");
    }
  });
});
