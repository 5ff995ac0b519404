import { execFileSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { datapointLabel } from "../../../packages/honeyhive/src/reporting/datapoint-label";
import { buildEvaluationResult } from "../../../packages/honeyhive/src/evaluation/build-result";
import { buildJsonReport, jsonReportText } from "../../../packages/honeyhive/src/cli/support/json-report";
import { formatJUnitReport, xmlEscape } from "../../../packages/honeyhive/src/cli/support/junit-report";
import { defaultExportConfigs, importEvalFile, noTypeScriptLoaderMessage, typeScriptSupport } from "../../../packages/honeyhive/src/cli/support/load-eval-file";
import { nothingRanMessage } from "../../../packages/honeyhive/src/cli/eval/run-eval-files";
import { formatProgressLine, plainProgressDue } from "../../../packages/honeyhive/src/reporting/progress-line";
import { checkThresholds, parseThreshold, thresholdMissText } from "../../../packages/honeyhive/src/cli/support/thresholds";
import type { DatapointResult } from "../../../packages/honeyhive/src/evaluation/types";

function result(name: string, metrics: Record<string, number | boolean>[], extra: Partial<DatapointResult> = {}) {
  const datapoints = metrics.map((m, i): DatapointResult => ({
    index: i, trial: 0, datapointId: `dp${i}`, sessionId: `s${i}`, inputs: {}, groundTruth: null, outputs: i, status: "success",
    metrics: m, evaluatorErrors: {}, durationMs: 12, passed: !Object.values(m).includes(false), ...extra,
  }));
  return buildEvaluationResult({ name, suite: name, runId: `run-${name}`, datasetId: "EXT-x", datapoints, cancelled: false, durationMs: 100, aggregateFunction: "average", uploaded: true });
}

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
    expect(checks[3]).toMatchObject({ unknownMetric: true, reason: 'no experiment records metric "nope"; the metrics are: acc, ok' });
    expect(checks[0]).toMatchObject({ covered: 2, datapoints: 2 });
  });

  it("a misspelt metric names the closest one (exactMatch for exact_match)", () => {
    const r = result("qa", [{ exact_match: true }]);
    const [check] = checkThresholds([r], [{ metric: "exactMatch", min: 0.9 }]);
    expect(check).toMatchObject({ experiment: "*", passed: false, unknownMetric: true, reason: 'no experiment records metric "exactMatch"; did you mean "exact_match"?' });
  });

  it("a metric nobody records is not reported as unknown when a file failed to run (it may be the one recording it)", () => {
    const r = result("qa", [{ exact_match: true }]);
    expect(checkThresholds([r], [{ metric: "judge", min: 0.5 }, { metric: "exact_match", min: 0.5 }], true).map((c) => [c.metric, c.passed])).toEqual([["exact_match", true]]);
    expect(checkThresholds([], [{ metric: "judge", min: 0.5 }], true)).toEqual([]);
  });

  it("a datapoint without a value fails the threshold whatever the average of the others (3 of 4 is not 4 of 4)", () => {
    const r = result("qa", [{ exact_match: true }, { exact_match: true }, { exact_match: true }, {}]);
    expect(r.metrics.exact_match).toMatchObject({ average: 1, count: 3, missing: 1 });
    const [check] = checkThresholds([r], [{ metric: "exact_match", min: 0.9 }]);
    expect(check).toMatchObject({ actual: 1, covered: 3, datapoints: 4, passed: false });
    expect(check!.reason).toBe("1 of 4 datapoint(s) have no value: a metric that could not be computed fails the threshold");
    // The reports say why without claiming "average 1 < 0.9".
    expect(thresholdMissText(check!)).toBe("average 1 over 3/4 datapoints; 1 of 4 datapoint(s) have no value: a metric that could not be computed fails the threshold");
    expect(formatJUnitReport([r], [check!], [])).toContain('message="average 1 over 3/4 datapoints; 1 of 4');
  });

  it("an average within floating-point error of the threshold meets it (0.7 and 0.1 average to 0.39999999999999997)", () => {
    const r = result("qa", [{ score: 0.7 }, { score: 0.1 }]);
    expect(r.metrics.score!.average).not.toBe(0.4);
    expect(checkThresholds([r], [{ metric: "score", min: 0.4 }])[0]).toMatchObject({ passed: true });
    const [missed] = checkThresholds([r], [{ metric: "score", min: 0.4001 }]);
    expect(missed).toMatchObject({ passed: false });
    expect(thresholdMissText(missed!)).toBe("average 0.4 < 0.4001");
  });
});

describe("reports", () => {
  it("writes JUnit XML with a case per datapoint and threshold, escaping text", () => {
    const r = result("q&a <1>", [{ acc: 1 }, { acc: 0, ok: false }]);
    r.datapoints.push({ ...r.datapoints[0]!, index: 2, datapointId: "dp2", status: "timed_out", error: 'timed out "x"', passed: false });
    const xml = formatJUnitReport([r], checkThresholds([r], [{ metric: "acc", min: 0.9 }]), [{ file: "bad.ts", error: "SyntaxError: <oops>" }]);
    // the timed-out datapoint is an error (its function did not finish); the one that did not pass and the threshold are failures
    expect(xml).toContain('<testsuite name="q&amp;a &lt;1&gt;" id="run-q&amp;a &lt;1&gt;" tests="4" failures="2" errors="1"');
    expect(xml).toContain('<testcase name="#0 dp0" classname="q&amp;a &lt;1&gt;" id="dp0" time="0.012"/>');
    expect(xml).toContain('<error type="timed_out" message="timed out &quot;x&quot;"/>');
    expect(xml).toContain('<testcase name="threshold acc &gt;= 0.9"');
    expect(xml).toContain('<error type="execution_error" message="SyntaxError: &lt;oops&gt;"/>');
    expect(xmlEscape("a\u0001b")).toBe("ab");
  });

  it("names JUnit cases by the datapoint's first input value (truncated), with the id as an attribute and plain numbers", () => {
    const r = result("e", [{ acc: 2 / 3, ok: false }]);
    r.datapoints[0]!.inputs = { question: `What is\n2+2? ${"x".repeat(100)}`, other: 1 };
    const xml = formatJUnitReport([r], checkThresholds([r], [{ metric: "acc", min: 0.9 }]), []);
    expect(xml).toContain(`<testcase name="#0 What is 2+2? ${"x".repeat(46)}…" classname="e" id="dp0"`);
    expect(xml).toContain('<failure type="not_passed" message="acc=0.667, ok=false"/>');
    expect(xml).toContain('message="average 0.667 &lt; 0.9"');
    expect(xml).not.toMatch(/0\.6666/);
  });

  it("names JUnit cases by the datapoint run's label first (#index, as the CLI and the viewer), so a shared first input stays apart", () => {
    const r = result("e", [{ ok: true }, { ok: false }, { ok: true }]);
    for (const d of r.datapoints) d.inputs = { system: "You are a calculator.", question: `q${d.index}` };
    r.datapoints[2]!.inputs = { system: "Other prompt" };
    const names = [...formatJUnitReport([r], [], []).matchAll(/<testcase name="([^"]*)"/g)].map((m) => m[1]);
    expect(names).toEqual(["#0 You are a calculator.", "#1 You are a calculator.", "#2 Other prompt"]);
  });

  it("labels datapoints by their first input value", () => {
    expect(datapointLabel({ q: "  hello   world " }, "id")).toBe("hello world");
    expect(datapointLabel({ n: { a: [1, 2] } }, "id")).toBe('{"a":[1,2]}');
    expect(datapointLabel({}, "id")).toBe("id");
    expect(datapointLabel({ q: "" }, "id")).toBe("id");
    expect(datapointLabel(null, "id")).toBe("id");
    expect(datapointLabel({ q: 10n }, "id")).toBe("10"); // a bigint by its digits (JSON cannot write it)
    expect(datapointLabel({ q: "😀".repeat(10) }, "id", 5)).toBe("😀😀😀😀…");
  });

  it("builds the JSON report without the string-encoded data arrays", () => {
    const r = result("e", [{ acc: 1 }]);
    const report = buildJsonReport({ exitCode: 1, results: [{ result: r, file: "x.eval.ts" }], thresholds: [], failures: [] });
    expect(report.experiments[0]).toMatchObject({ name: "e", file: "x.eval.ts", metrics: { acc: { average: 1 } } });
    expect("data" in report.experiments[0]!).toBe(false);
    expect(JSON.parse(JSON.stringify(report)).exitCode).toBe(1);
  });

  it("the JSON report keeps datapoint values whole; only a value JSON cannot write (a BigInt) is made writable", () => {
    const r = result("e", [{ acc: 1 }, { acc: 0 }]);
    const long = "x".repeat(50_000); // longer than a span attribute may be: a report has no such bound
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = { [`level${i}`]: deep }; // deeper than the attribute normaliser's depth
    r.datapoints[0]!.outputs = { answer: long, deep };
    r.datapoints[1]!.outputs = { big: 10n ** 20n };
    const report = JSON.parse(JSON.stringify(buildJsonReport({ exitCode: 1, results: [{ result: r }], thresholds: [], failures: [] })));
    expect(report.experiments[0].datapoints[0].outputs).toEqual(r.datapoints[0]!.outputs);
    expect(report.experiments[0].datapoints[1].outputs).toEqual({ big: "100000000000000000000" });
  });

  it("the JSON report's text has no lone surrogate escape (strict readers such as jq reject one): U+FFFD instead", () => {
    const r = result("e", [{ acc: 1 }]);
    r.datapoints[0]!.outputs = { answer: "cut \ud83d", ["key \udc00"]: ["\ud800x", "ok 😀"] };
    const text = jsonReportText(buildJsonReport({ exitCode: 0, results: [{ result: r }], thresholds: [], failures: [] }));
    expect(text).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i);
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text).experiments[0].datapoints[0].outputs).toEqual({ answer: "cut \ufffd", ["key \ufffd"]: ["\ufffdx", "ok 😀"] });
    // Python's strict JSON reader, as a second oracle: the text is valid JSON in strict UTF-8.
    const parsed = execFileSync("python3", ["-c", "import json,sys; d=json.loads(sys.stdin.buffer.read().decode('utf-8','strict')); print(d['exitCode'])"], { input: text });
    expect(parsed.toString().trim()).toBe("0");
  });
});

describe("progress lines", () => {
  const p = { name: "qa", runId: "r", done: 40, total: 100, errors: 2, elapsedMs: 4000 };
  it("formats bar and plain lines with rate and ETA", () => {
    expect(formatProgressLine(p, { bar: true, width: 10 })).toBe("qa  [####......]  40/100  2 errors  10.0/s  ETA 6 s");
    expect(formatProgressLine({ ...p, done: 100 }, { bar: false })).toBe("qa  100/100  2 errors  25.0/s  done in 4 s");
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

describe("TypeScript evaluation files", () => {
  it("uses Node's own type stripping where it is on, and says how to get it otherwise", () => {
    const facts = (version: string, featureTypescript: unknown = undefined, flags: string[] = []) => ({ version, featureTypescript, flags });
    expect(typeScriptSupport(facts("v23.6.0", "strip"))).toBe("native");
    expect(typeScriptSupport(facts("v22.12.0", "transform"))).toBe("native");
    expect(typeScriptSupport(facts("v22.7.0", undefined, ["--experimental-strip-types"]))).toBe("native");
    expect(typeScriptSupport(facts("v22.7.0", false))).toBe("behind-flag");
    expect(typeScriptSupport(facts("v22.5.1"))).toBe("none");
    expect(typeScriptSupport(facts("v20.20.2"))).toBe("none");
    expect(noTypeScriptLoaderMessage("a.eval.ts", "v20.20.2", "none")).toBe(
      "cannot run a.eval.ts: it is TypeScript. Either use Node.js 22.18 or newer (it runs TypeScript itself; this is v20.20.2), or install tsx in the project (npm install --save-dev tsx), or compile it to JavaScript first",
    );
    expect(noTypeScriptLoaderMessage("a.eval.ts", "v22.7.0", "behind-flag")).toContain("NODE_OPTIONS=--experimental-strip-types");
  });

  it("explains a file that ran no evaluation, naming the functions it exports", () => {
    expect(nothingRanMessage({ main: () => 1, x: 1 })).toContain("It exports main(), which the CLI does not call.");
    expect(nothingRanMessage(undefined)).toMatch(/^no evaluation found: the file must call evaluate\(\)/);
  });
});
