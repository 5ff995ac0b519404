import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildEvaluationResult } from "../../../src/evaluation/build-result";
import { expandFileArguments, globToRegExp } from "../../../src/cli/support/expand-files";
import { buildJsonReport } from "../../../src/cli/support/json-report";
import { formatJUnitReport, xmlEscape } from "../../../src/cli/support/junit-report";
import { defaultExportConfigs, importEvalFile } from "../../../src/cli/support/load-eval-file";
import { formatProgressLine, plainProgressDue } from "../../../src/cli/support/progress-line";
import { checkThresholds, parseThreshold } from "../../../src/cli/support/thresholds";
import type { DatapointResult } from "../../../src/evaluation/types";

function result(name: string, metrics: Record<string, number | boolean>[], extra: Partial<DatapointResult> = {}) {
  const datapoints = metrics.map((m, i): DatapointResult => ({
    index: i, trial: 0, datapointId: `dp${i}`, sessionId: `s${i}`, inputs: {}, groundTruth: null, outputs: i, status: "success",
    metrics: m, evaluatorErrors: {}, durationMs: 12, passed: !Object.values(m).includes(false), ...extra,
  }));
  return buildEvaluationResult({ name, suite: name, runId: `run-${name}`, datasetId: "EXT-x", datapoints, cancelled: false, durationMs: 100, aggregateFunction: "average", uploaded: true });
}

describe("globs and file arguments", () => {
  it("compiles globs", () => {
    const re = globToRegExp("**/*.eval.{ts,js}");
    expect(re.test("a.eval.ts")).toBe(true);
    expect(re.test("x/y/a.eval.js")).toBe(true);
    expect(re.test("x/a.eval.tsx")).toBe(false);
    expect(globToRegExp("a?c/[bx]*.ts").test("abc/b1.ts")).toBe(true);
    expect(globToRegExp("*.ts").test("dir/a.ts")).toBe(false);
    expect(globToRegExp("a.b").test("axb")).toBe(false);
  });

  it("expands globs, directories and files; skips node_modules; reports unmatched", async () => {
    const root = await mkdtemp(join(tmpdir(), "hh-glob-"));
    for (const f of ["evals/a.eval.ts", "evals/sub/b.eval.mjs", "evals/helper.ts", "node_modules/x/c.eval.ts", "one.eval.js"]) {
      await mkdir(join(root, f, ".."), { recursive: true });
      await writeFile(join(root, f), "");
    }
    const out = await expandFileArguments(["evals/**/*.eval.*", "one.eval.js", ".", "missing/*.ts", "nope.ts"], root);
    expect(out.files.map((f) => f.slice(root.length + 1).replace(/\\/g, "/"))).toEqual(["evals/a.eval.ts", "evals/sub/b.eval.mjs", "one.eval.js"]);
    expect(out.unmatched).toEqual(["missing/*.ts", "nope.ts"]);
  });
});

describe("thresholds", () => {
  it("parses metric=value and rejects the rest", () => {
    expect(parseThreshold("exact_match=0.9")).toEqual({ metric: "exact_match", min: 0.9 });
    expect(parseThreshold("a=b=1")).toEqual({ metric: "a=b", min: 1 });
    for (const bad of ["x", "=1", "x=", "x=abc"]) expect(() => parseThreshold(bad)).toThrow(/metric=value/);
  });

  it("checks averages of the experiments that have the metric; a metric nobody has fails once", () => {
    const r = result("e1", [{ acc: 1, ok: true }, { acc: 0.5, ok: false }]);
    const other = result("e2", [{ ok: true }]);
    const checks = checkThresholds([r, other], [{ metric: "acc", min: 0.75 }, { metric: "ok", min: 0.6 }, { metric: "nope", min: 0 }]);
    expect(checks.map((c) => [c.metric, c.experiment, c.actual, c.passed])).toEqual([
      ["acc", "e1", 0.75, true], ["ok", "e1", 0.5, false], ["ok", "e2", 1, true], ["nope", "*", null, false],
    ]);
    expect(checks[3]!.reason).toMatch(/not found in any experiment/);
  });
});

describe("reports", () => {
  it("writes JUnit XML with a case per datapoint and threshold, escaping text", () => {
    const r = result("q&a <1>", [{ acc: 1 }, { acc: 0, ok: false }]);
    r.datapoints.push({ ...r.datapoints[0]!, index: 2, datapointId: "dp2", status: "timed_out", error: 'timed out "x"', passed: false });
    const xml = formatJUnitReport([r], checkThresholds([r], [{ metric: "acc", min: 0.9 }]), [{ file: "bad.ts", error: "SyntaxError: <oops>" }]);
    expect(xml).toContain('<testsuite name="q&amp;a &lt;1&gt;" id="run-q&amp;a &lt;1&gt;" tests="4" failures="3"');
    expect(xml).toContain('<testcase name="dp0" classname="q&amp;a &lt;1&gt;" time="0.012"/>');
    expect(xml).toContain('<failure type="timed_out" message="timed out &quot;x&quot;"/>');
    expect(xml).toContain('<testcase name="threshold acc &gt;= 0.9"');
    expect(xml).toContain('<error type="execution_error" message="SyntaxError: &lt;oops&gt;"/>');
    expect(xmlEscape("a\u0001b")).toBe("ab");
  });

  it("builds the JSON report without the string-encoded data arrays", () => {
    const r = result("e", [{ acc: 1 }]);
    const report = buildJsonReport({ exitCode: 1, results: [{ result: r, file: "x.eval.ts" }], thresholds: [], failures: [] });
    expect(report.experiments[0]).toMatchObject({ name: "e", file: "x.eval.ts", metrics: { acc: { average: 1 } } });
    expect("data" in report.experiments[0]!).toBe(false);
    expect(JSON.parse(JSON.stringify(report)).exitCode).toBe(1);
  });
});

describe("progress lines", () => {
  const p = { name: "qa", runId: "r", done: 40, total: 100, errors: 2, elapsedMs: 4000 };
  it("formats bar and plain lines with rate and ETA", () => {
    expect(formatProgressLine(p, { bar: true, width: 10 })).toBe("qa  [####......]  40/100  2 errors  10.0/s  ETA 6s");
    expect(formatProgressLine({ ...p, done: 100 }, { bar: false })).toBe("qa  100/100  2 errors  25.0/s  done in 4s");
  });
  it("prints plain lines at 10% steps or after the interval", () => {
    expect(plainProgressDue({ ...p, done: 41 }, { done: 40, at: 1000 }, 1500)).toBe(false);
    expect(plainProgressDue({ ...p, done: 50 }, { done: 49, at: 1000 }, 1500)).toBe(true);
    expect(plainProgressDue({ ...p, done: 41 }, { done: 40, at: 1000 }, 3500)).toBe(true);
  });
});

describe("loading evaluation files", () => {
  it("imports JavaScript and TypeScript files and finds default-exported configs", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hh-load-"));
    await writeFile(join(dir, "a.eval.mjs"), "export default { function: () => 1, dataset: [{ inputs: {} }] };\n");
    await writeFile(join(dir, "b.eval.ts"), "const n: number = 2;\nexport default [{ function: (): number => n, datasetId: 'ds' }, { not: 'a config' }];\n");
    await writeFile(join(dir, "c.eval.mjs"), "export const x = 1;\n");
    expect(defaultExportConfigs(await importEvalFile(join(dir, "a.eval.mjs")))).toHaveLength(1);
    const ts = defaultExportConfigs(await importEvalFile(join(dir, "b.eval.ts")));
    expect(ts).toHaveLength(1);
    expect((ts[0]!.function as () => number)()).toBe(2);
    expect(defaultExportConfigs(await importEvalFile(join(dir, "c.eval.mjs")))).toEqual([]);
  });
});
