import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { colorEnabled, createPalette } from "../../../packages/honeyhive/src/cli/colors";
import { deriveRunId } from "../../../packages/honeyhive/src/evaluation/derive-run-id";
import { parseEvalArgs, parseShardArg } from "../../../packages/honeyhive/src/cli/eval/eval-args";
import { formatMarkdownReport, markdownEscape } from "../../../packages/honeyhive/src/cli/eval/markdown-report";
import { UsageError, formatUsageError } from "../../../packages/core/src/cli/usage-error";
import { buildEvaluationResult } from "../../../packages/honeyhive/src/evaluation/build-result";
import type { DatapointResult } from "../../../packages/honeyhive/src/evaluation/types";

describe("unknown eval options", () => {
  it("name the closest option (--jsn: did you mean --json?), and only when one is close", () => {
    expect(() => parseEvalArgs(["x.eval.ts", "--jsn", "out.json"])).toThrow("unknown option --jsn (did you mean --json?)");
    expect(() => parseEvalArgs(["x.eval.ts", "--fail-undr=a=1"])).toThrow("unknown option --fail-undr (did you mean --fail-under?)");
    expect(() => parseEvalArgs(["x.eval.ts", "--bogus"])).toThrow(/^unknown option --bogus$/);
  });
});

describe("--max-cost-usd and --fail-on-regression parsing", () => {
  it("reads a budget in US dollars and the metrics the gate watches", () => {
    expect(parseEvalArgs(["x.eval.ts", "--max-cost-usd", "2.50"])).toMatchObject({ maxCostUsd: 2.5 });
    expect(parseEvalArgs(["x.eval.ts", "--resume", "--run-id", "ci-42"])).toMatchObject({ resume: true, runId: "ci-42" });
    expect(parseEvalArgs(["x.eval.ts"])).toMatchObject({ resume: false });
    expect(() => parseEvalArgs(["x.eval.ts", "--resume"])).toThrow("--resume needs --run-id");
    expect(() => parseEvalArgs(["x.eval.ts", "--resume", "--run-id", "k", "--offline"])).toThrow("--resume cannot be combined with --offline");
    expect(parseEvalArgs(["x.eval.ts", "--max-cost-usd", "$0.1"])).toMatchObject({ maxCostUsd: 0.1 });
    for (const bad of ["0", "-1", "abc", ""]) expect(() => parseEvalArgs(["x.eval.ts", "--max-cost-usd", bad]), bad).toThrow(/--max-cost-usd expects a positive number of US dollars/);
    expect(parseEvalArgs(["x.eval.ts", "--compare", "r1", "--fail-on-regression", "pass_rate,accuracy", "--fail-on-regression", "accuracy"])).toMatchObject({ failOnRegression: ["pass_rate", "accuracy"] });
    expect(parseEvalArgs(["x.eval.ts", "--compare", "r1", "--fail-on-regression", "accuracy,any"])).toMatchObject({ failOnRegression: "any" });
    expect(() => parseEvalArgs(["x.eval.ts", "--fail-on-regression", "any"])).toThrow("--fail-on-regression needs --compare <run id>");
    expect(() => parseEvalArgs(["x.eval.ts", "--compare", "r1", "--fail-on-regression", " , "])).toThrow(/--fail-on-regression expects "any" or metric names/);
  });
});

describe("--shard parsing", () => {
  it("accepts exactly 1 <= i <= n and rejects everything else with a UsageError", () => {
    expect(parseShardArg("2/3")).toEqual({ index: 2, count: 3 });
    expect(parseShardArg(" 1 / 1 ")).toEqual({ index: 1, count: 1 });
    for (const bad of ["0/3", "4/3", "a/b", "1/0", "-1/3", "1.5/3", "1/3/4", "", "/", "3"]) expect(() => parseShardArg(bad)).toThrow(UsageError);
    fc.assert(fc.property(fc.string({ maxLength: 20 }), (text) => {
      try {
        const shard = parseShardArg(text);
        expect(Number.isInteger(shard.index) && shard.index >= 1 && shard.index <= shard.count).toBe(true);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        expect((error as Error).message).toContain("--shard");
      }
    }));
  });

  it("parses the whole command line into options or a UsageError, never another error", () => {
    const token = fc.oneof(fc.constantFrom("--json", "--shard", "--run-id", "--watch", "--compare", "--concurrency", "--fail-under", "-h", "--", "-", "x.eval.ts", "1/2", "a=1"), fc.string({ maxLength: 8 }));
    fc.assert(fc.property(fc.array(token, { maxLength: 8 }), (args) => {
      try {
        parseEvalArgs(args);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        expect(formatUsageError("honeyhive eval", (error as Error).message).split("\n")).toHaveLength(2);
      }
    }));
  });
});

describe("negative numbers given as an option's separate value", () => {
  it("reach the option's own check (not Node's \"argument is ambiguous\")", () => {
    expect(() => parseEvalArgs(["x.eval.ts", "--max-failures", "-1"])).toThrow(
      new UsageError('--max-failures expects a whole number of datapoints, e.g. --max-failures 2 (got "-1")'),
    );
    expect(() => parseEvalArgs(["x.eval.ts", "--concurrency", "-2"])).toThrow(new UsageError('--concurrency must be a positive integer, got "-2"'));
    expect(() => parseEvalArgs(["x.eval.ts", "--min-pass-rate", "-.5"])).toThrow(/^--min-pass-rate expects a share between 0 and 1 .*\(got "-\.5"\)$/);
    expect(() => parseEvalArgs(["x.eval.ts", "--shard", "-1/3", "--run-id", "r"])).toThrow('--shard expects i/n with whole numbers, e.g. --shard 1/3 (got "-1/3")');
    expect(parseEvalArgs(["--max-failures", "2", "--", "-1.eval.ts"])).toMatchObject({ patterns: ["-1.eval.ts"], allowance: { maxFailures: 2 } });
  });
});

describe("reports on standard output", () => {
  it("one report may go to -, two are a usage error naming both", () => {
    expect(parseEvalArgs(["x.eval.ts", "--json", "-", "--junit", "r.xml"])).toMatchObject({ json: "-", junit: "r.xml" });
    expect(() => parseEvalArgs(["x.eval.ts", "--json", "-", "--markdown", "-"])).toThrow(
      new UsageError("only one report can go to standard output (-): --json and --markdown both name it; give the others a file"),
    );
    expect(() => parseEvalArgs(["x.eval.ts", "--json", "-", "--junit", "-", "--markdown", "-"])).toThrow(/: --json, --junit and --markdown all name it; give the others a file$/);
  });
});

describe("colour decision", () => {
  it("follows NO_COLOR, FORCE_COLOR, then the terminal", () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({ isTTY: true }, { TERM: "dumb" })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: "" })).toBe(true);
    expect(colorEnabled({ isTTY: true }, { FORCE_COLOR: "0" })).toBe(false);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: "1", NO_COLOR: "x" })).toBe(false);
    expect(createPalette(false).red("x")).toBe("x");
    expect(createPalette(true).red("x")).toBe("\x1b[31mx\x1b[39m");
  });
});

describe("run ids of shards", () => {
  it("are UUIDs, equal for the same key and experiment, different otherwise", () => {
    const id = deriveRunId("build-1", "qa");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deriveRunId("build-1", "qa")).toBe(id);
    expect(deriveRunId("build-1", "qa2")).not.toBe(id);
    expect(deriveRunId("build-2", "qa")).not.toBe(id);
  });
});

describe("Markdown report", () => {
  it("escapes user text so it cannot break the table or inject markup", () => {
    fc.assert(fc.property(fc.string(), (text) => {
      const escaped = markdownEscape(text);
      expect(escaped).not.toMatch(/(^|[^\\])[|<>[\]`]/);
      expect(escaped).not.toMatch(/[\r\n]/);
    }));
  });

  it("lists failing datapoints when there is nothing to compare with, escaping hostile names", () => {
    const datapoints: DatapointResult[] = [
      { index: 0, trial: 0, datapointId: "dp0", sessionId: "s0", inputs: { q: "<script>alert(1)</script> | x" }, groundTruth: null, outputs: 1, status: "failed", error: "boom\nline", metrics: {}, evaluatorErrors: {}, durationMs: 1, passed: false },
      { index: 1, trial: 0, datapointId: "dp1", sessionId: "s1", inputs: { q: "fine" }, groundTruth: null, outputs: 1, status: "success", metrics: { acc: 2 / 3 }, evaluatorErrors: {}, durationMs: 1, passed: true },
    ];
    const result = buildEvaluationResult({ name: "e|<b>", suite: "e", runId: "r1", datasetId: "EXT-x", datapoints, cancelled: false, durationMs: 10, aggregateFunction: "average", uploaded: true, runUrl: "http://127.0.0.1:1/#/runs/r1" });
    const md = formatMarkdownReport({ experiments: [{ result, file: "a`b.eval.ts" }], checks: [], failures: [], exitCode: 2 });
    expect(md).toContain("## honeyhive eval");
    expect(md).toContain("⚠️ **Did not run cleanly**");
    expect(md).toContain("### [e\\|\\<b\\>](http://127.0.0.1:1/#/runs/r1)");
    expect(md).toContain("| acc | 0.667 (1/2 datapoints) | - | - | - |"); // the failed datapoint has no value
    expect(md).toContain("**Failing datapoints** (1):");
    expect(md).toContain("- [#0 \\<script\\>alert\\(1\\)\\</script\\> \\| x](http://127.0.0.1:1/#/sessions/s0): failed \\(boom line\\)");
    expect(md).toContain("`a'b.eval.ts`");
    expect(md).not.toContain("<script>");
  });
});
