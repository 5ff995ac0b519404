import { describe, expect, it } from "vitest";
import type { MetricComparison, RunComparison } from "../../packages/honeyhive/src/evaluation/compare-runs";
import { tradeOffLine } from "../../packages/honeyhive/src/reporting/comparison-text";
import type { MetricSignificance } from "../../packages/core/src/verdict/metric-significance";

/** A compared row with its per-datapoint means and what its paired test read. */
function row(source: MetricComparison["source"], metric: string, eventName: string, oldMean: number | null, newMean: number | null, verdict?: MetricSignificance["verdict"]): MetricComparison {
  return {
    source, metric, eventName, direction: source === "usage" ? "lower" : "higher", oldAggregate: oldMean, newAggregate: newMean, difference: null, oldMean, newMean,
    oldTotal: null, newTotal: null, improvedCount: 0, degradedCount: 0, sameCount: 0, improved: [], degraded: [],
    significance: verdict ? ({ verdict } as MetricSignificance) : null,
  };
}

function comparison(passRate: MetricComparison | undefined, usage: MetricComparison[]): RunComparison {
  return { metrics: [], usage, ...(passRate ? { passRate } : {}) } as unknown as RunComparison;
}

describe("the trade-off line", () => {
  it("states the pass rate's change against the app's cost and latency per datapoint, each with its test's reading", () => {
    const line = tradeOffLine(comparison(row("verdict", "pass_rate", "", 0.7, 0.8, "improved"), [
      row("usage", "cost_usd", "evaluation", 0.5, 0.5, "no detectable change"),
      row("usage", "cost_usd", "app", 0.012, 0.01656, "degraded"),
      row("usage", "latency_ms", "app", 1000, 1050.4, "no detectable change"),
    ]));
    expect(line).toBe("pass rate 70 % → 80 % (+10 points, improved) for +38 % app cost ($0.012 → $0.017 per datapoint, degraded); +5 % app latency (1000 ms → 1050 ms per datapoint, no detectable change)");
  });

  it("falls back to the evaluation's usage, says 'quality' without a pass rate, and is undefined without cost or latency", () => {
    expect(tradeOffLine(comparison(undefined, [row("usage", "latency_ms", "evaluation", 200, 100, "improved")])))
      .toBe("quality for -50 % evaluation latency (200 ms → 100 ms per datapoint, improved)");
    expect(tradeOffLine(comparison(row("verdict", "pass_rate", "", 0.7, 0.8, "improved"), []))).toBeUndefined();
    // a free old run (cost 0) has no relative change to state
    expect(tradeOffLine(comparison(row("verdict", "pass_rate", "", 0.7, 0.8), [row("usage", "cost_usd", "app", 0, 0.01)]))).toBeUndefined();
  });
});
