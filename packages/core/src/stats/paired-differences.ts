/**
 * Tests of paired numeric differences (new − old per datapoint): the mean difference, a seeded paired bootstrap
 * percentile interval of it, and a two-sided p-value. Up to {@link RESAMPLED_UP_TO} pairs the p-value is the larger of
 * the bootstrap's (the smallest level whose interval excludes 0) and a seeded sign-flip randomization test's (exact in
 * distribution for symmetric differences under "no change", so a handful of datapoints can never look significant);
 * beyond it, where both are indistinguishable from the normal approximation and resampling would cost seconds, the
 * normal approximation gives both (decision record 0066). When another test gives the p-value (pass/fail metrics:
 * exact McNemar), the interval is the normal one and nothing is resampled. Reproducible: the same differences and seed
 * give the same numbers on every machine.
 */
import { nextState, outputOf } from "./seeded-random";
import { twoSidedNormalP, Z_975 } from "./normal";

/** Resamples of the bootstrap and of the sign-flip test (decision record 0066). */
export const RESAMPLES = 2_000;
/** Most pairs resampled; above, the normal approximation. */
export const RESAMPLED_UP_TO = 500;

/** What a paired test found. */
export interface PairedDifferenceTest {
  /** `bootstrap` (resampled, up to {@link RESAMPLED_UP_TO} pairs) or `normal` (the approximation: above, or no p-value asked). */
  method: "bootstrap" | "normal";
  /** Mean of new − old. */
  meanDifference: number;
  /** 95 % interval of the mean difference. */
  interval: [number, number];
  /** Two-sided p-value of "no change". */
  p: number;
  /** Sample standard deviation of the differences (0 for fewer than two). */
  sdDifference: number;
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

function sampleSd(values: ArrayLike<number>, m: number): number {
  if (values.length < 2) return 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - m) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/** The value at quantile `q` of ascending `sorted` (linear between closest ranks). */
function quantile(sorted: Float64Array, q: number): number {
  const rank = q * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

/** Bootstrap means of `d` (resampled with replacement), ascending. */
function bootstrapMeans(d: Float64Array, seed: number): Float64Array {
  const n = d.length;
  const scale = n / 4294967296;
  const means = new Float64Array(RESAMPLES);
  let state = seed | 0;
  for (let r = 0; r < RESAMPLES; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      state = nextState(state);
      sum += d[Math.floor(outputOf(state) * scale)]!;
    }
    means[r] = sum / n;
  }
  return means.sort();
}

/** Share of sign-flipped means at least as far from 0 as the observed one (with the observed arrangement counted). */
function signFlipP(d: Float64Array, observed: number, seed: number): number {
  let state = (seed ^ 0x5bd1e995) | 0;
  const n = d.length;
  const threshold = Math.abs(observed) * (1 - 1e-12);
  let extreme = 0;
  for (let r = 0; r < RESAMPLES; r++) {
    let sum = 0;
    let bits = 0;
    for (let i = 0; i < n; i++) {
      if ((i & 31) === 0) bits = outputOf((state = nextState(state)));
      sum += bits & 1 ? d[i]! : -d[i]!;
      bits >>>= 1;
    }
    if (Math.abs(sum / n) >= threshold) extreme++;
  }
  return (extreme + 1) / (RESAMPLES + 1);
}

/** Two-sided bootstrap p-value: twice the smaller share of resampled means on either side of 0. */
function bootstrapP(sortedMeans: Float64Array): number {
  let atOrBelow = 0;
  let atOrAbove = 0;
  for (const m of sortedMeans) {
    if (m <= 0) atOrBelow++;
    if (m >= 0) atOrAbove++;
  }
  return Math.min(1, (2 * (Math.min(atOrBelow, atOrAbove) + 1)) / (RESAMPLES + 1));
}

/** Options of {@link testPairedDifferences}. */
export interface PairedTestOptions {
  /**
   * Compute the p-value (the sign-flip and bootstrap p-values); false when another test gives it (pass/fail metrics:
   * exact McNemar): then the interval is the normal one and nothing is resampled. @defaultValue true
   */
  pValue?: boolean;
}

/**
 * Tests the paired differences `differences` (at least one; order matters to the resampling, so give them in a
 * canonical order) with the resampling seeded by `seed`. Without `pValue`, `p` is NaN.
 */
export function testPairedDifferences(differences: readonly number[], seed: number, options: PairedTestOptions = {}): PairedDifferenceTest {
  const d = Float64Array.from(differences);
  const m = mean(d);
  const sd = sampleSd(d, m);
  const wantP = options.pValue !== false;
  if (sd === 0) {
    // Every pair moved by the same amount: nothing to resample. No change at all is p = 1; one shared nonzero change
    // is as significant as the sign test of n pairs allows (1 pair: 1, 6 pairs: 0.03).
    const p = !wantP ? NaN : m === 0 ? 1 : Math.min(1, 2 * 0.5 ** d.length);
    return { method: d.length > RESAMPLED_UP_TO || !wantP ? "normal" : "bootstrap", meanDifference: m, interval: [m, m], p, sdDifference: 0 };
  }
  if (d.length > RESAMPLED_UP_TO || !wantP) {
    const se = sd / Math.sqrt(d.length);
    return { method: "normal", meanDifference: m, interval: [m - Z_975 * se, m + Z_975 * se], p: wantP ? twoSidedNormalP(m / se) : NaN, sdDifference: sd };
  }
  const means = bootstrapMeans(d, seed);
  const p = wantP ? Math.max(bootstrapP(means), signFlipP(d, m, seed)) : NaN;
  return { method: "bootstrap", meanDifference: m, interval: [quantile(means, 0.025), quantile(means, 0.975)], p, sdDifference: sd };
}
