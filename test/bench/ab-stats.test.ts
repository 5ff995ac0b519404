import { describe, expect, it } from "vitest";
import { compare, MIN_MARGIN, report, signTestRank, unsettled } from "../../bench/ab/stats.mjs";

/** Per-round samples: `value × (1 + load_i)` where the same round's load weighs on base and head alike. */
const load = [0, 0.35, -0.1, 0.6, 0.2, -0.05, 0.45];
const rounds = (value: number, jitter: number[] = load.map(() => 0)) => load.map((l, i) => value * (1 + l) * (1 + jitter[i]!));

describe("the A/B gate's verdicts (paired per round, noise-derived margin)", () => {
  it("a 20 % slowdown fails even when the machine's load moves every round by up to 60 %", () => {
    const jitter = [0.02, -0.03, 0.01, 0.03, -0.02, 0.0, 0.01];
    const c = compare(rounds(10), rounds(12, jitter));
    expect(c.change).toBeCloseTo(0.2, 1);
    expect(c.margin).toBe(MIN_MARGIN);
    expect(c.verdict).toBe("regressed");
  });

  it("the same code with the same load swings is 'same', and a 20 % speed-up is 'improved'", () => {
    const jitter = [0.03, -0.04, 0.02, 0.05, -0.03, 0.01, -0.02];
    expect(compare(rounds(10), rounds(10, jitter)).verdict).toBe("same");
    expect(compare(rounds(10), rounds(8)).verdict).toBe("improved");
  });

  it("noise that differs between the sides widens the margin and marks the figure noisy instead of failing it", () => {
    const jitter = [0.4, -0.3, 0.35, -0.25, 0.3, -0.35, 0.0];
    const c = compare(rounds(10), rounds(11.5, jitter));
    expect(c.margin).toBeGreaterThan(0.18);
    expect(c.noisy).toBe(true);
    expect(c.verdict).toBe("same");
  });

  it("the report fails only on a gated figure and prints medians, ranges, change and margin", () => {
    const fmt = (x: number) => `${x.toFixed(1)} µs`;
    const gated = report([{ name: "cpu", fmt, gated: true, base: rounds(10), head: rounds(13) }], { base: "base", head: "head" });
    const info = report([{ name: "wall", fmt, gated: false, base: rounds(10), head: rounds(13) }], { base: "base", head: "head" });
    expect(gated.failed).toBe(true);
    expect(info.failed).toBe(false);
    expect(gated.text).toContain("| cpu | 12.0 µs (9.0 µs–16.0 µs) | 15.6 µs (11.7 µs–20.8 µs) | +30.0 % | ±10.0 % | **REGRESSED** |");
    expect(info.text).toContain("regressed (not gated)");
  });

  it("a regression declared by a Bench-Accepted trailer is reported with its reason and does not fail the run", () => {
    const fmt = (x: number) => x.toFixed(1);
    const result = report([{ name: "cpu", fmt, gated: true, accepted: "gzip costs CPU", base: rounds(10), head: rounds(13) }], { base: "b", head: "h" });
    expect(result.failed).toBe(false);
    expect(result.text).toContain("| regressed, accepted: gzip costs CPU |");
  });

  it("a gated figure above its budget fails whatever the base did; at or below it, it passes", () => {
    const fmt = (x: number) => `${x}`;
    const over = report([{ name: "import files", fmt, gated: true, budget: 17, base: [30], head: [18] }], { base: "b", head: "h" });
    expect(over.failed).toBe(true);
    expect(over.text).toContain("**OVER BUDGET** (17)");
    const within = report([{ name: "import files", fmt, gated: true, budget: 17, base: [30], head: [17] }], { base: "b", head: "h" });
    expect(within.failed).toBe(false);
    expect(within.text).toContain("improved");
  });

  it("a regression or a noisy figure asks for more rounds before the verdict; a settled or ungated one does not", () => {
    const fmt = (x: number) => x.toFixed(1);
    const figure = (name: string, head: number[], extra: object = {}) => ({ name, fmt, gated: true, base: rounds(10), head, ...extra });
    const open = unsettled([
      figure("regressed", rounds(12)),
      figure("steady", rounds(10)),
      figure("noisy", rounds(11.5, [0.4, -0.3, 0.35, -0.25, 0.3, -0.35, 0.0])),
      figure("accepted", rounds(13), { accepted: "gzip costs CPU" }),
      figure("not gated", rounds(13), { gated: false }),
    ]);
    expect(open).toEqual(["regressed", "noisy"]);
  });

  it("the same code measured twice under a moving load is not a regression, even when the median moved past the margin", () => {
    // evaluate() uploading, measured on this machine with the same SDK code on both sides (µs per datapoint per
    // round, load average 7–9): the median ratio is 0.84 and the margin ±14 %, but one round went the other way.
    const base = [2151.8, 2363.2, 2013.9, 2661.4, 2228.4];
    const head = [1831.8, 1807.5, 2624.1, 2084.8, 1873.9];
    const measured = compare(base, head);
    expect(measured.change).toBeLessThan(-measured.margin);
    expect(measured.verdict).toBe("same");
    // The mirror image (head and base swapped: +19 %) asks for more rounds (noisy) and does not fail.
    const mirrored = compare(head, base);
    expect(mirrored.change).toBeGreaterThan(0.15);
    expect(mirrored.noisy || mirrored.suspect).toBe(true);
    expect(mirrored.verdict).toBe("same");
  });

  it("a real 20 % slowdown with one outlier round among eight still fails; with two it is only suspect", () => {
    const base = [10, 10, 10, 10, 10, 10, 10, 10];
    expect(compare(base, [12, 12.3, 9.5, 11.9, 12.4, 12.1, 11.8, 12.2]).verdict).toBe("regressed");
    const twoOutliers = [12, 12.3, 9.5, 9.8, 12.4, 12.1, 11.8, 12.2];
    const two = compare(base, twoOutliers);
    expect(two.verdict).toBe("same");
    expect(two.suspect).toBe(true);
    const { text, failed } = report([{ name: "cpu", fmt: (x: number) => x.toFixed(1), gated: true, base, head: twoOutliers }], { base: "b", head: "h" });
    expect(failed).toBe(false);
    expect(text).toContain("| same (worse beyond the margin, but not in nearly every round) |");
  });

  it("the sign test's rank is the one-sided 95 % bound: the minimum for 5–7 rounds, the second for 8–10", () => {
    expect([3, 5, 6, 7, 8, 9, 10, 12].map(signTestRank)).toEqual([0, 0, 0, 0, 1, 1, 1, 2]);
  });
});
