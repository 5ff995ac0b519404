import { describe, expect, it } from "vitest";
import { compareRunResults, type ComparisonRow } from "../../packages/core/src/verdict/run-comparison";
import { metricKeyText, runResultsFromSummary, type RunResults, type TrialResult } from "../../packages/core/src/verdict/run-results";
import { significantRegressions, unknownWatchedMetrics } from "../../packages/core/src/verdict/regression-gate";
import { metricDirection } from "../../packages/core/src/verdict/metric-direction";
import { seededRandom } from "../../packages/core/src/stats/seeded-random";
import { significanceText } from "../../packages/core/src/verdict/significance-text";

/** A trial with metric values on the session event (name → value). */
function trial(values: Record<string, number | boolean>, extra: Partial<TrialResult> = {}): TrialResult {
  const map = new Map<string, number | boolean>();
  for (const [name, value] of Object.entries(values)) map.set(metricKeyText({ name, eventName: "qa", eventType: "session" }), value);
  const passed = Object.values(values).every((v) => v !== false);
  return { state: "ran", passed, values: map, usage: {}, ...extra };
}

/** Run results from one trial list per datapoint id. */
function run(datapoints: Record<string, TrialResult[]>, configuration: Record<string, unknown> = {}, ranges: Record<string, unknown> = {}): RunResults {
  const keys = new Map<string, { name: string; eventName: string; eventType: string }>();
  for (const trials of Object.values(datapoints)) {
    for (const t of trials) for (const id of t.values.keys()) keys.set(id, { name: (JSON.parse(id) as string[])[0]!, eventName: "qa", eventType: "session" });
  }
  return { datapoints: new Map(Object.entries(datapoints)), notRun: new Set(), keys, directions: (configuration.metric_directions ?? {}) as RunResults["directions"], ranges };
}

function row(rows: readonly ComparisonRow[], metric: string, eventName = "qa"): ComparisonRow {
  const found = rows.find((r) => r.metric === metric && (r.source !== "metric" || r.eventName === eventName));
  if (!found) throw new Error(`no row ${metric}`);
  return found;
}

describe("metric direction", () => {
  it("comes from the declaration, else the passing range (max alone: lower), else the name, else higher", () => {
    expect(metricDirection("accuracy")).toBe("higher");
    expect(metricDirection("latency_ms")).toBe("lower");
    expect(metricDirection("totalCostUsd")).toBe("lower");
    expect(metricDirection("error-count")).toBe("lower");
    expect(metricDirection("prompt_tokens")).toBe("lower");
    expect(metricDirection("hallucination_rate", undefined, { max: 0.1 })).toBe("lower");
    expect(metricDirection("score", undefined, { min: 0.5, max: 1 })).toBe("higher");
    expect(metricDirection("refused", undefined, { pass_when: false })).toBe("lower");
    expect(metricDirection("latency_ms", "higher")).toBe("higher");
    expect(metricDirection("accuracy", "lower", { min: 1 })).toBe("lower");
  });
});

describe("comparison of two runs", () => {
  it("reproduces the issue: 7 fixed datapoints (pass/fail up, error count down) read 7 improved, not 7 mixed", () => {
    const ids = Array.from({ length: 7 }, (_, i) => `dp-${i}`);
    const before = run(Object.fromEntries(ids.map((id) => [id, [trial({ correct: false, error_count: 1 })]])));
    const after = run(Object.fromEntries(ids.map((id) => [id, [trial({ correct: true, error_count: 0 })]])));
    const result = compareRunResults(before, after);
    expect(result.counts).toEqual({ improved: 7, degraded: 0, mixed: 0, same: 0 });
    expect(row(result.rows, "error_count")).toMatchObject({ direction: "lower", improved: ids, degraded: [] });
    expect(row(result.rows, "correct").significance).toMatchObject({ method: "mcnemar", discordant: { up: 7, down: 0 }, verdict: "improved" });
    expect(row(result.rows, "pass_rate")).toMatchObject({ oldMean: 0, newMean: 1 });
  });

  it("reads a passing range's max as lower-is-better and a declaration over everything", () => {
    const before = run({ a: [trial({ hallucination: 0.4, speed: 10 })], b: [trial({ hallucination: 0.2, speed: 10 })] });
    const after = run({ a: [trial({ hallucination: 0.1, speed: 5 })], b: [trial({ hallucination: 0.3, speed: 20 })] }, { metric_directions: { speed: "lower" } }, { hallucination: { max: 0.5 } });
    const result = compareRunResults(before, after);
    expect(row(result.rows, "hallucination")).toMatchObject({ direction: "lower", improved: ["a"], degraded: ["b"] });
    expect(row(result.rows, "speed")).toMatchObject({ direction: "lower", improved: ["a"], degraded: ["b"] });
    expect(result.directions.get("a")).toBe("improved");
    expect(result.directions.get("b")).toBe("degraded");
  });

  it("averages trials per datapoint first (3/3 → 2/3 is a drop of one third, tested as numbers)", () => {
    const before = run({ a: [trial({ ok: true }), trial({ ok: true }), trial({ ok: true })] });
    const after = run({ a: [trial({ ok: true }), trial({ ok: false }), trial({ ok: true })] });
    const ok = row(compareRunResults(before, after).rows, "ok");
    expect(ok).toMatchObject({ oldMean: 1, newMean: 2 / 3, degraded: ["a"] });
    expect(ok.significance).toMatchObject({ method: "bootstrap", n: 1, verdict: "no detectable change" });
  });

  it("says 'no detectable change' with n and the smallest detectable effect when the change is noise", () => {
    const random = seededRandom(3);
    const before: Record<string, TrialResult[]> = {};
    const after: Record<string, TrialResult[]> = {};
    for (let i = 0; i < 34; i++) {
      before[`d${i}`] = [trial({ score: random.below(100) / 100 })];
      after[`d${i}`] = [trial({ score: random.below(100) / 100 })];
    }
    const score = row(compareRunResults(run(before), run(after)).rows, "score").significance!;
    expect(score.verdict).toBe("no detectable change");
    expect(score.n).toBe(34);
    expect(score.detectableEffect).toBeGreaterThan(0.1);
    expect(score.interval[0]).toBeLessThan(0);
    expect(score.interval[1]).toBeGreaterThan(0);
  });

  it("says no change can be detected with fewer than 6 datapoints, even when every one moved the same way", () => {
    // 4 datapoints, each +10: the sign-flip test cannot go below p = 2/16, so no size of change is detectable
    const before: Record<string, TrialResult[]> = {};
    const after: Record<string, TrialResult[]> = {};
    for (let i = 0; i < 4; i++) {
      before[`d${i}`] = [trial({ score: i })];
      after[`d${i}`] = [trial({ score: i + 10 })];
    }
    const score = row(compareRunResults(run(before), run(after)).rows, "score").significance!;
    expect(score).toMatchObject({ verdict: "no detectable change", n: 4, detectableEffect: Infinity });
    expect(significanceText(score)).toBe("no detectable change (n = 4, too few datapoints to detect any change)");
  });

  it("corrects across metrics (Holm), counting metrics with the same paired data once", () => {
    const before: Record<string, TrialResult[]> = {};
    const after: Record<string, TrialResult[]> = {};
    // 7 of 40 datapoints fixed: McNemar p = 2/128 = 0.0156 on its own
    for (let i = 0; i < 40; i++) {
      before[`d${i}`] = [trial({ correct: i >= 7, other: i % 3 })];
      after[`d${i}`] = [trial({ correct: true, other: i % 3 })];
    }
    const rows = compareRunResults(run(before), run(after)).rows;
    const correct = row(rows, "correct").significance!;
    // "correct" alone decides the verdict: pass_rate has the same data and counts once; "other" is a second hypothesis
    expect(correct.p).toBeCloseTo(2 / 128, 12);
    expect(row(rows, "pass_rate").significance!.adjustedP).toBe(correct.adjustedP);
    expect(correct.adjustedP).toBeCloseTo(2 * (2 / 128), 12);
    expect(correct.verdict).toBe("improved");
    expect(row(rows, "other").significance!.verdict).toBe("no detectable change");
  });

  it("compares cost and latency like metrics (lower is better) without making datapoints improved or degraded", () => {
    const before = run({ a: [trial({ ok: true }, { usage: { app_cost_usd: 0.01, app_latency_ms: 900 } })], b: [trial({ ok: true }, { usage: { app_cost_usd: 0.01, app_latency_ms: 800 } })] });
    const after = run({ a: [trial({ ok: true }, { usage: { app_cost_usd: 0.02, app_latency_ms: 500 } })], b: [trial({ ok: true }, { usage: { app_cost_usd: 0.03, app_latency_ms: 400 } })] });
    const result = compareRunResults(before, after);
    expect(result.counts).toEqual({ improved: 0, degraded: 0, mixed: 0, same: 2 });
    expect(row(result.rows, "cost_usd")).toMatchObject({ eventName: "app", direction: "lower", degraded: ["a", "b"], oldTotal: 0.02, newTotal: 0.05 });
    expect(row(result.rows, "latency_ms")).toMatchObject({ eventName: "app", improved: ["a", "b"] });
    expect(result.rows.some((r) => r.eventName === "evaluation")).toBe(false); // no evaluation usage recorded: no row
  });

  it("reads a run summary (the /result shape) into the same results, trials grouped by datapoint", () => {
    const summary = {
      datapoints: [
        { datapoint_id: "a", session_id: "s1", passed: true, metrics: [{ name: "ok", event_name: "f", event_type: "chain", value: true }], usage: { app_cost_usd: 0.5, evaluation_latency_ms: -1 } },
        { datapoint_id: "a", session_id: "s2", passed: false, error: "boom", metrics: [{ name: "ok", event_name: "f", event_type: "chain", value: "x" }] },
        { datapoint_id: null, session_id: "s3", passed: true, metrics: [] },
        "junk",
      ],
      not_run: ["b", 7, "a"],
      run_object: { configuration: { metric_directions: { ok: "lower", bad: "sideways" } }, passing_ranges: { ok: { pass_when: true } } },
    };
    const results = runResultsFromSummary(summary);
    expect([...results.datapoints.keys()]).toEqual(["a"]);
    expect(results.datapoints.get("a")!.map((t) => [t.state, t.passed, t.values.size, t.usage])).toEqual([["ran", true, 1, { app_cost_usd: 0.5 }], ["errored", false, 0, {}]]);
    expect([...results.notRun]).toEqual(["b"]);
    expect(results.directions).toEqual({ ok: "lower" });
    expect(results.ranges.ok).toEqual({ pass_when: true });
    expect(runResultsFromSummary(null).datapoints.size).toBe(0);
  });
});

/**
 * The CI gate, checked by simulation. Paired runs of 100 datapoints: each datapoint has a difficulty u (uniform, shared
 * by both runs: a datapoint hard for one version of an app tends to be hard for the next), and a run with pass rate q
 * passes it when u < q, except that each run draws 2 % of its outcomes afresh (run-to-run noise). A real drop from
 * 0.8 to 0.7 must be flagged in at least 80 % of 200 seeds; two runs of one distribution (0.8 and 0.8, with the same
 * noise, and with fully independent outcomes) in at most 5 %.
 */
describe("the regression gate, by simulation", () => {
  const DATAPOINTS = 100;
  const SEEDS = 200;

  function pairOfRuns(seed: number, oldRate: number, newRate: number, shared: number): [RunResults, RunResults] {
    const random = seededRandom(seed);
    const uniform = (): number => random.nextUint32() / 2 ** 32;
    const before: Record<string, TrialResult[]> = {};
    const after: Record<string, TrialResult[]> = {};
    for (let i = 0; i < DATAPOINTS; i++) {
      const u = uniform();
      const outcome = (rate: number): boolean => (uniform() < shared ? u : uniform()) < rate;
      before[`dp-${i}`] = [trial({ correct: outcome(oldRate) })];
      after[`dp-${i}`] = [trial({ correct: outcome(newRate) })];
    }
    return [run(before), run(after)];
  }

  function flaggedShare(oldRate: number, newRate: number, shared: number): number {
    let flagged = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const [before, after] = pairOfRuns(seed, oldRate, newRate, shared);
      if (significantRegressions(compareRunResults(before, after).rows, "any").length > 0) flagged++;
    }
    return flagged / SEEDS;
  }

  it("flags a drop from 0.8 to 0.7 in at least 80 % of 200 seeds", { timeout: 300_000 }, () => {
    const share = flaggedShare(0.8, 0.7, 0.98);
    console.log(`gate simulation: 0.8 -> 0.7 flagged in ${(share * 100).toFixed(1)} % of ${SEEDS} seeds`);
    expect(share).toBeGreaterThanOrEqual(0.8);
  });

  it("flags two runs of one distribution in at most 5 % of 200 seeds (paired, and independent outcomes)", { timeout: 300_000 }, () => {
    const paired = flaggedShare(0.8, 0.8, 0.98);
    const independent = flaggedShare(0.8, 0.8, 0);
    console.log(`gate simulation: 0.8 vs 0.8 flagged in ${(paired * 100).toFixed(1)} % (paired) and ${(independent * 100).toFixed(1)} % (independent) of ${SEEDS} seeds`);
    expect(paired).toBeLessThanOrEqual(0.05);
    expect(independent).toBeLessThanOrEqual(0.05);
  });

  it("watches only the metrics named, and names those no row has", () => {
    const [before, after] = pairOfRuns(1, 0.8, 0.3, 1);
    const rows = compareRunResults(before, after).rows;
    expect(significantRegressions(rows, ["correct"]).map((r) => r.metric)).toEqual(["correct"]);
    expect(significantRegressions(rows, ["latency_ms"])).toEqual([]);
    expect(unknownWatchedMetrics(rows, ["correct", "corect"])).toEqual(["corect"]);
    expect(unknownWatchedMetrics(rows, "any")).toEqual([]);
  });
});
