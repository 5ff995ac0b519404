import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { exactMcNemarP, fewestSignificantDiscordant } from "../../packages/core/src/stats/exact-mcnemar";
import { holmAdjusted } from "../../packages/core/src/stats/holm";
import { erfc, twoSidedNormalP } from "../../packages/core/src/stats/normal";
import { RESAMPLED_UP_TO, RESAMPLES, testPairedDifferences } from "../../packages/core/src/stats/paired-differences";
import { seededRandom, seedFor } from "../../packages/core/src/stats/seeded-random";
import { detectableEffect, FEWEST_SIGN_FLIP_PAIRS } from "../../packages/core/src/stats/detectable-effect";

/** Runs a python3 program (standard library only) and parses the JSON it prints. */
function python(program: string): unknown {
  return JSON.parse(execFileSync("python3", ["-c", program], { encoding: "utf8" }));
}

describe("exact McNemar test", () => {
  it("matches the published worked example (Fagerland, Lydersen and Laake 2013: airway hyper-responsiveness, 1 and 7 discordant pairs, exact p = 0.070)", () => {
    expect(exactMcNemarP(1, 7)).toBeCloseTo(0.0703125, 12);
    expect(exactMcNemarP(7, 1)).toBe(exactMcNemarP(1, 7));
  });

  it("is 1 without discordant pairs or with as many each way, and never above 1", () => {
    expect(exactMcNemarP(0, 0)).toBe(1);
    expect(exactMcNemarP(5, 5)).toBe(1);
    expect(exactMcNemarP(5, 6)).toBe(1);
  });

  it("agrees with the exact binomial tail computed with python3's math.comb (exact fractions) up to thousands of pairs", () => {
    const cases: [number, number][] = [[0, 1], [0, 6], [1, 9], [3, 14], [10, 20], [24, 14], [45, 80], [150, 86], [450, 550], [1400, 1600]];
    const oracle = python(`
import json
from math import comb
from fractions import Fraction
out = []
for b, c in ${JSON.stringify(cases)}:
    n, k = b + c, min(b, c)
    tail = Fraction(sum(comb(n, i) for i in range(k + 1)), 2 ** n)
    out.append(float(min(Fraction(1), 2 * tail)))
print(json.dumps(out))`) as number[];
    cases.forEach(([b, c], i) => {
      const expected = oracle[i]!;
      expect(Math.abs(exactMcNemarP(b, c) - expected) / expected, `b=${b} c=${c}`).toBeLessThan(1e-9);
    });
  });

  it("needs 6 discordant pairs all one way to reach 5 %", () => {
    expect(fewestSignificantDiscordant(0.05)).toBe(6);
    expect(exactMcNemarP(5, 0)).toBeGreaterThan(0.05);
    expect(exactMcNemarP(6, 0)).toBeLessThan(0.05);
  });
});

describe("normal tail", () => {
  it("matches python3's math.erfc over the whole range, keeping its relative precision in the far tail", () => {
    const xs = [-3, -0.5, 0, 0.1, 0.5, 1, 1.959963984540054, 2.5, 2.99, 3, 3.5, 5, 8, 12, 25];
    const oracle = python(`import json, math; print(json.dumps([math.erfc(x) for x in ${JSON.stringify(xs)}]))`) as number[];
    xs.forEach((x, i) => expect(Math.abs(erfc(x) - oracle[i]!) / oracle[i]!, `x=${x}`).toBeLessThan(1e-12));
    expect(twoSidedNormalP(1.959963984540054)).toBeCloseTo(0.05, 12);
  });
});

describe("Holm correction", () => {
  it("matches the step-down rule on a worked set (and leaves untested metrics out)", () => {
    // sorted p: 0.01, 0.02, 0.03, 0.04 with m = 4 -> 0.04, 0.06, 0.06 (kept monotone), 0.06
    expect(holmAdjusted([0.04, null, 0.01, 0.03, 0.02])).toEqual([0.06, null, 0.04, 0.06, 0.06]);
    expect(holmAdjusted([0.5, 0.9])).toEqual([1, 1]);
    expect(holmAdjusted([])).toEqual([]);
  });
});

describe("paired numeric differences", () => {
  // Fisher (The Design of Experiments, 1935): Darwin's 15 pairs of cross- and self-fertilised Zea mays, height
  // differences in eighths of an inch. Fisher's exact randomisation test: 1,726 of the 2^15 sign arrangements give a
  // sum at least as far from 0, two-sided p = 0.0527.
  const darwin = [49, -67, 8, 16, 6, 23, 28, 41, 14, 29, 56, 24, 75, 60, -48];

  it("gives Fisher's randomisation p-value for Darwin's Zea mays data (0.0527) within resampling error", () => {
    const result = testPairedDifferences(darwin, 1);
    expect(result.method).toBe("bootstrap");
    expect(result.meanDifference).toBeCloseTo(20.933, 3);
    const exact = 1726 / 32768;
    const resamplingError = 4 * Math.sqrt((exact * (1 - exact)) / RESAMPLES);
    expect(result.p).toBeLessThan(exact + resamplingError + 0.02); // and close to it (the bootstrap's may be a little larger)
    // the reported p is the larger of the sign-flip and bootstrap p-values: never below the exact randomisation p
    expect(result.p).toBeGreaterThan(exact - resamplingError);
    expect(result.interval[0]).toBeGreaterThan(0);
    expect(result.interval[1]).toBeLessThan(2 * result.meanDifference);
  });

  it("has the ideal bootstrap standard error of Efron and Tibshirani's mouse data (treatment group mean: 23.36)", () => {
    // An Introduction to the Bootstrap (1993), chapter 2: survival times of the seven treated mice.
    const mice = [94, 197, 16, 38, 99, 141, 23];
    const result = testPairedDifferences(mice, 7);
    // 95 % percentile interval of a mean whose bootstrap distribution has sd 23.36: about mean ± 1.96 sd (skewed a little)
    const width = result.interval[1] - result.interval[0];
    expect(width / (2 * 1.959964 * 23.36)).toBeGreaterThan(0.93);
    expect(width / (2 * 1.959964 * 23.36)).toBeLessThan(1.05);
    expect(result.interval[0]).toBeLessThan(86.857);
    expect(result.interval[1]).toBeGreaterThan(86.857);
  });

  it("is reproducible: the same differences and seed give the same numbers; another seed, close ones", () => {
    const a = testPairedDifferences(darwin, 42);
    expect(testPairedDifferences(darwin, 42)).toEqual(a);
    const b = testPairedDifferences(darwin, 43);
    expect(b).not.toEqual(a);
    expect(Math.abs(b.interval[0] - a.interval[0])).toBeLessThan(3);
  });

  it("never calls a handful of datapoints significant: 3 pairs all up by the same amount read p = 0.25", () => {
    expect(testPairedDifferences([1, 1, 1], 1).p).toBe(0.25);
    expect(testPairedDifferences([2, 1, 3], 1).p).toBeGreaterThan(0.2);
    expect(testPairedDifferences([0, 0, 0], 1)).toMatchObject({ p: 1, meanDifference: 0, interval: [0, 0] });
  });

  it("uses the normal approximation above the resampling bound, agreeing with the bootstrap at the bound", () => {
    const random = seededRandom(5);
    const differences = Array.from({ length: RESAMPLED_UP_TO }, () => (random.nextUint32() / 2 ** 32 - 0.45) * 2);
    const resampled = testPairedDifferences(differences, 9);
    const approximated = testPairedDifferences([...differences, differences[0]!], 9);
    expect(resampled.method).toBe("bootstrap");
    expect(approximated.method).toBe("normal");
    expect(approximated.interval[0]).toBeCloseTo(resampled.interval[0], 2);
    expect(approximated.interval[1]).toBeCloseTo(resampled.interval[1], 2);
  });
});

describe("smallest detectable effect", () => {
  it("is (z.975 + z.8) sd / sqrt(n), and at least 6 / n for pass/fail", () => {
    expect(detectableEffect(100, 1, false)).toBeCloseTo(0.2801585, 6);
    expect(detectableEffect(34, 0, true)).toBeCloseTo(6 / 34, 12);
    expect(detectableEffect(6, 0, true)).toBe(1);
  });

  it("is Infinity below the fewest pairs either exact test needs to reach the 5 % level (6)", () => {
    // the sign-flip test's smallest two-sided p-value is 2 / 2^n: 0.0625 for 5 pairs, 0.03125 for 6
    expect(FEWEST_SIGN_FLIP_PAIRS).toBe(6);
    for (const n of [1, 4, 5]) {
      expect(detectableEffect(n, 0, false)).toBe(Infinity);
      expect(detectableEffect(n, 3, false)).toBe(Infinity);
      expect(detectableEffect(n, 0, true)).toBe(Infinity);
    }
    expect(detectableEffect(6, 0, false)).toBe(0);
  });
});

describe("seeded random", () => {
  it("is deterministic per seed and spreads its values", () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const values = Array.from({ length: 1000 }, () => a.below(10));
    expect(Array.from({ length: 1000 }, () => b.below(10))).toEqual(values);
    for (let digit = 0; digit < 10; digit++) expect(values.filter((v) => v === digit).length).toBeGreaterThan(60);
    expect(seedFor("accuracy", 1)).not.toBe(seedFor("latency", 1));
  });
});
