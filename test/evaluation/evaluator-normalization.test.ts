import { describe, expect, it } from "vitest";
import { aggregateValues } from "../../packages/honeyhive/src/evaluation/aggregate";
import { percentile } from "../../packages/core/src/verdict/aggregate";
import { datapointPassed } from "../../packages/core/src/verdict/datapoint-verdict";
import { evaluator, resolveEvaluators } from "../../packages/honeyhive/src/config/evaluator";
import { normalizeEvaluatorOutput } from "../../packages/honeyhive/src/evaluation/evaluator-output";

describe("normalizeEvaluatorOutput (Python SDK rules)", () => {
  it.each([
    [0.7, { m: 0.7 }, 0.7],
    [true, { m: true }, true],
    ["A", { m: "A" }, "A"],
    [[3], { m: 3 }, 3],
    [null, {}, null],
    [undefined, {}, null],
    [{ score: 1, explanation: "why", tokens: 12, flag: false, nested: { a: 1 }, none: null }, { m: 1, m_explanation: "why", m_tokens: 12, m_flag: false }, 1],
    [{ explanation: "no score" }, { m_explanation: "no score" }, null],
  ])("%j", (value, metrics, score) => {
    const out = normalizeEvaluatorOutput("m", value);
    expect(out.metrics).toEqual(metrics);
    expect(out.score).toEqual(score);
    expect(out.problem).toBeUndefined();
  });

  it("reports unsupported values", () => {
    expect(normalizeEvaluatorOutput("m", [1, 2]).problem).toMatch(/array/);
    expect(normalizeEvaluatorOutput("m", new Date()).problem).toMatch(/unsupported/);
    expect(normalizeEvaluatorOutput("m", () => 1).problem).toMatch(/function/);
  });

  it.each([
    [Number.NaN, /returned NaN, which is not a score/],
    [Number.POSITIVE_INFINITY, /returned Infinity, which/],
    [[Number.NEGATIVE_INFINITY], /returned -Infinity, which/],
    [{ score: Number.NaN, explanation: "x" }, /returned NaN as "score"/],
    [{ score: 1, latency: Number.POSITIVE_INFINITY }, /returned Infinity as "latency"/],
  ])("refuses the non-finite number in %j and records nothing of it", (value, message) => {
    const out = normalizeEvaluatorOutput("m", value);
    expect(out.problem).toMatch(message);
    expect(out).toMatchObject({ score: null, metrics: {} });
  });
});

describe("resolveEvaluators naming", () => {
  it("names by function name, {name, fn}, evaluator() option, else evaluator_<i>", () => {
    const names = resolveEvaluators([
      function exactMatch() { return 1; },
      { name: " custom ", fn: () => 1 },
      evaluator(() => 1, { name: "wrapped" }),
      evaluator(function inner() { return 1; }),
      (() => () => 1)(),
    ]).map((e) => e.name);
    expect(names).toEqual(["exactMatch", "custom", "wrapped", "inner", "evaluator_4"]);
  });

  it("keeps evaluator() callable and applies transform and repeat options", async () => {
    const wrapped = evaluator((o: number) => o + 1, { name: "plus", transform: (v) => (v as number) * 10, repeat: 2 });
    expect(wrapped(1, {}, undefined)).toBe(2);
    expect(wrapped.evaluatorName).toBe("plus");
    expect(resolveEvaluators([wrapped])[0]!.options).toMatchObject({ repeat: 2 });
  });

  it("rejects non-functions and duplicates", () => {
    expect(() => resolveEvaluators("x")).toThrow(/array/);
    expect(() => resolveEvaluators([{ name: "", fn: () => 1 }])).toThrow(/non-empty name/);
    expect(() => resolveEvaluators([function a() { return 1; }, evaluator(() => 1, { name: "a" })])).toThrow(/duplicate/);
  });
});

describe("aggregates", () => {
  it("computes linear-interpolation percentiles", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([0, 10], 90)).toBe(9);
    expect(percentile([], 50)).toBeNull();
  });

  it("aggregates numbers and booleans, counts strings", () => {
    const aggregate = aggregateValues([1, true, false, 4, "x"]);
    expect(aggregate).toMatchObject({ average: 1.5, min: 0, max: 4, median: 1, sum: 6, count: 5 });
    expect(aggregate.p90).toBeCloseTo(3.1, 10);
    expect(aggregate.p95).toBeCloseTo(3.55, 10);
    expect(aggregate.p99).toBeCloseTo(3.91, 10);
    expect(aggregateValues(["a"])).toMatchObject({ average: null, count: 1 });
  });

  it("decides pass/fail from completion, boolean metrics and ranges", () => {
    const ok = { completed: true, metrics: Object.entries({ a: 0.8, b: true }) };
    expect(datapointPassed(ok)).toBe(true);
    expect(datapointPassed({ ...ok, ranges: { a: { min: 0.9 } } })).toBe(false);
    expect(datapointPassed({ ...ok, metrics: [["b", false]] })).toBe(false);
    expect(datapointPassed({ ...ok, completed: false })).toBe(false);
  });
});
