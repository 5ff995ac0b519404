import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { caseFailureMessage } from "../../packages/honeyhive/src/runners/case-verdict-message";
import { prepareExperiment } from "../../packages/honeyhive/src/runners/experiment-run";
import type { DatapointResult } from "../../packages/honeyhive/src/evaluation/types";

const fn = (inputs: any) => inputs.n * 2;
const result = (over: Partial<DatapointResult>): DatapointResult => ({
  index: 0, trial: 0, datapointId: "EXT-1", sessionId: undefined, inputs: {}, groundTruth: undefined, outputs: 1, status: "success",
  metrics: {}, evaluatorErrors: {}, durationMs: 1, passed: false, ...over,
});

describe("prepareExperiment (when a test file is collected)", () => {
  it("labels cases by name or first input, reads a dataset file synchronously, and slices a shard", () => {
    const dir = mkdtempSync(join(tmpdir(), "hh-exp-"));
    const file = join(dir, "cases.jsonl");
    writeFileSync(file, '{"inputs":{"q":"first question"}}\n{"inputs":{"q":"second"}}\n{"inputs":{"q":"third"}}\n');
    const fromFile = prepareExperiment({ name: "file", dataset: file, function: fn }, { HH_EVAL_SHARD: "2/2" });
    expect(fromFile.cases).toEqual([
      { index: 0, label: "first question", inShard: false },
      { index: 1, label: "second", inShard: true },
      { index: 2, label: "third", inShard: true },
    ]);
    const named = prepareExperiment({ name: "named", cases: [{ name: "my case", inputs: { n: 1 } }, { inputs: {} }], function: fn }, {});
    expect(named.cases.map((c) => c.label)).toEqual(["my case", "case 2"]);
  });

  it("rejects bad declarations clearly", () => {
    expect(() => prepareExperiment({ name: "", cases: [], function: fn }, {})).toThrow(/name must be a non-empty string/);
    expect(() => prepareExperiment({ name: "x", cases: [], dataset: [], function: fn }, {})).toThrow(/either cases or dataset/);
    expect(() => prepareExperiment({ name: "x", cases: [{ inputs: {} }], function: fn, split: "test" } as never, {})).toThrow(/"split" is an option of evaluate\(\) and honeyhive eval/);
    expect(() => prepareExperiment({ name: "x", cases: [{ inputs: {} }], function: fn, sample: { n: 1 } } as never, {})).toThrow(/"sample" is an option of evaluate\(\)/);
    expect(() => prepareExperiment({ name: "x", cases: [{ inputs: {} }], function: fn }, { HH_EVAL_SHARD: "2of3" })).toThrow(/HH_EVAL_SHARD must be i\/n/);
    expect(() => prepareExperiment({ name: "x", cases: [{ inputs: {} }], function: fn }, { HH_EVAL_SHARD: "3/2" })).toThrow(/shard must be/);
    expect(() => prepareExperiment({ name: "x", dataset: "/nonexistent/cases.jsonl", function: fn }, {})).toThrow(/cannot read the file/);
    // A passingRanges key naming no evaluator's metric fails at collection, naming the closest metric.
    expect(() => prepareExperiment({ name: "x", cases: [{ inputs: {} }], function: fn, evaluators: [function exact_match() { return true; }], passingRanges: { exactMatch: { pass_when: true } } }, {}))
      .toThrow('passingRanges: unknown metric "exactMatch" (did you mean "exact_match"?)');
  });

  it("hands each case its results and rejects every case when the evaluation is invalid", async () => {
    const ok = prepareExperiment({ name: "ok", cases: [{ inputs: { n: 1 } }, { inputs: { n: 2 } }], function: fn, trials: 2, evaluators: [function even(o: unknown) { return Number(o) % 2 === 0; }] }, {});
    ok.start();
    const second = await ok.caseResults(1);
    expect(second.map((r) => [r.outputs, r.trial, r.passed]).sort()).toEqual([[4, 0, true], [4, 1, true]]);
    expect((await ok.finished())?.verdict).toMatchObject({ passed: 4, failed: 0, total: 4 });
    const bad = prepareExperiment({ name: "bad", cases: [{ inputs: { n: 1 } }], function: fn, maxConcurrency: -1 }, {});
    bad.start();
    await expect(bad.caseResults(0)).rejects.toThrow(/maxConcurrency must be a positive integer/);
    expect(await bad.finished()).toBeUndefined();
  });
});

describe("caseFailureMessage", () => {
  it("gives the scores with their ranges, the function's error and evaluator errors, per failing trial", () => {
    const message = caseFailureMessage("2+2", [
      result({ trial: 0, metrics: { exact: false, length: 1, _explanation: "x" }, evaluatorErrors: { judge: "Error: 429" } }),
      result({ trial: 1, status: "timed_out", error: "timed out after 10 ms" }),
      result({ trial: 2, passed: true, metrics: { exact: true } }),
    ], { exact: { pass_when: true }, length: { min: 2, max: 9 } });
    expect(message).toBe([
      'case "2+2" (trial 0) failed: scores: exact=false (pass when true), length=1 (min 2, max 9); evaluator "judge" failed (Error: 429)',
      'case "2+2" (trial 1) failed: timed out after 10 ms',
    ].join("\n"));
  });

  it("names a metric its range wants and the case has no value for (a broken judge)", () => {
    const message = caseFailureMessage("paris", [result({ metrics: { exact: true }, evaluatorErrors: { factuality: "Error: unreadable verdict" } })], { factuality: { min: 1 } });
    expect(message).toBe('case "paris" failed: scores: exact=true, factuality=no value (min 1); evaluator "factuality" failed (Error: unreadable verdict)');
  });
});
