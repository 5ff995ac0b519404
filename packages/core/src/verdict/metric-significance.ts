/**
 * Paired significance of one compared metric, on the datapoints both runs have a value for: pass/fail values (every
 * per-datapoint value 0 or 1) by the exact McNemar test on the discordant pairs, other numbers by the paired test of
 * `stats/paired-differences` (seeded bootstrap interval; sign-flip and bootstrap p-values), both with a 95 % interval
 * of the mean difference. The p-values of a comparison's metrics are then corrected together (Holm; metrics with the
 * very same paired data count once) and each metric
 * reads as improved or degraded (corrected p below 0.05, by its direction) or "no detectable change", said with n and
 * the smallest effect this n could detect.
 */
import { exactMcNemarP } from "../stats/exact-mcnemar";
import { detectableEffect } from "../stats/detectable-effect";
import { holmAdjusted } from "../stats/holm";
import { testPairedDifferences } from "../stats/paired-differences";
import type { MetricDirection } from "./metric-direction";

/** Significance level of the corrected p-values. */
export const SIGNIFICANCE_LEVEL = 0.05;

/** What a metric's change reads as. */
export type SignificanceVerdict = "improved" | "degraded" | "no detectable change";

/** The paired test of one metric. */
export interface MetricSignificance {
  /** `mcnemar` (pass/fail), `bootstrap` (numbers, resampled) or `normal` (numbers, many datapoints). */
  method: "mcnemar" | "bootstrap" | "normal";
  /** Datapoints paired (a value in both runs). */
  n: number;
  /** Mean of new − old over the pairs (for pass/fail: the change in pass rate). */
  meanDifference: number;
  /** 95 % interval of the mean difference. */
  interval: [number, number];
  /** Two-sided p-value of "no change". */
  p: number;
  /** The p-value after the correction across the comparison's metrics (Holm). */
  adjustedP: number;
  /** The smallest mean difference this n could detect (80 % power at the 5 % level; see stats/detectable-effect). */
  detectableEffect: number;
  /** For pass/fail metrics: pairs that went fail → pass and pass → fail (as values: 0 → 1 and 1 → 0). */
  discordant?: { up: number; down: number };
  verdict: SignificanceVerdict;
}

/** A test before the correction (no adjusted p-value and verdict yet). */
export type UncorrectedSignificance = Omit<MetricSignificance, "adjustedP" | "verdict">;

/** A pair of per-datapoint values, old then new. */
export type ValuePair = readonly [number, number];

function isPassFail(pairs: readonly ValuePair[]): boolean {
  return pairs.every(([a, b]) => (a === 0 || a === 1) && (b === 0 || b === 1));
}

/**
 * Tests one metric's pairs (given in a canonical order: the resampling draws from it) with `seed`; null for none. Seed
 * it from the pairs themselves and metrics with the same data get the same test.
 */
export function testMetric(pairs: readonly ValuePair[], seed: number): UncorrectedSignificance | null {
  const n = pairs.length;
  if (n === 0) return null;
  const differences = pairs.map(([a, b]) => b - a);
  const passFail = isPassFail(pairs);
  const numeric = testPairedDifferences(differences, seed, { pValue: !passFail });
  if (!passFail) {
    return { method: numeric.method, n, meanDifference: numeric.meanDifference, interval: numeric.interval, p: numeric.p, detectableEffect: detectableEffect(n, numeric.sdDifference, false) };
  }
  const up = differences.filter((d) => d > 0).length;
  const down = differences.filter((d) => d < 0).length;
  return {
    method: "mcnemar", n, meanDifference: numeric.meanDifference, interval: numeric.interval, p: exactMcNemarP(down, up),
    detectableEffect: detectableEffect(n, numeric.sdDifference, true), discordant: { up, down },
  };
}

/** What a corrected p-value and the mean difference read as for a metric of `direction`. */
export function significanceVerdict(adjustedP: number, meanDifference: number, direction: MetricDirection): SignificanceVerdict {
  if (!(adjustedP < SIGNIFICANCE_LEVEL) || meanDifference === 0) return "no detectable change";
  return (meanDifference > 0) === (direction === "higher") ? "improved" : "degraded";
}

/** One metric's test as the correction reads it. */
export interface FamilyMember {
  test: UncorrectedSignificance | null;
  direction: MetricDirection;
  /**
   * The metric's paired data as text: metrics with the same data (a pass/fail evaluator that alone decides the
   * verdict, and the verdict) are one hypothesis and count once in the correction.
   */
  data: string;
}

/**
 * Corrects the tests of one family of metrics together (Holm, each distinct paired data counted once) and gives each
 * its verdict, in the input's order.
 */
export function correctFamily(members: readonly FamilyMember[]): (MetricSignificance | null)[] {
  const hypotheses = new Map<string, number>();
  const pValues: (number | null)[] = [];
  for (const { test, data } of members) {
    if (test === null || hypotheses.has(data)) continue;
    hypotheses.set(data, pValues.length);
    pValues.push(test.p);
  }
  const adjusted = holmAdjusted(pValues);
  return members.map(({ test, direction, data }) => {
    if (test === null) return null;
    const adjustedP = adjusted[hypotheses.get(data) ?? -1] ?? 1;
    return { ...test, adjustedP, verdict: significanceVerdict(adjustedP, test.meanDifference, direction) };
  });
}
