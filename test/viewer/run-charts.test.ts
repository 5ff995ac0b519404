import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distribution, histogram, percentiles } from "../../packages/dev-server/src/viewer/server/run-charts";

/** Chart data of the run page: histogram bins and duration percentiles. */
describe("histogram", () => {
  it("puts every finite value in exactly one bin, the maximum in the last", () => {
    fc.assert(fc.property(fc.array(fc.double({ noNaN: false }), { maxLength: 300 }), (values) => {
      const finite = values.filter(Number.isFinite);
      const { counts, min, max } = histogram(values);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(finite.length);
      if (finite.length > 0) {
        expect(min).toBe(Math.min(...finite));
        expect(max).toBe(Math.max(...finite));
        if (min !== max) expect(counts[counts.length - 1]).toBeGreaterThan(0);
      }
    }));
  });

  it("bins known values", () => {
    expect(histogram([0, 0.05, 0.5, 1], 10).counts).toEqual([2, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(histogram([3, 3, 3])).toEqual({ min: 3, max: 3, counts: [3] });
  });

  it("keeps -0 as the minimum and bins subnormal and near-overflow spans (found by the property above)", () => {
    expect(Object.is(histogram([0, -0]).min, -0)).toBe(true);
    const tiny = histogram([0, 5e-324], 4);
    expect(tiny.counts).toEqual([1, 0, 0, 1]);
    expect(histogram([-1.7e308, 1.7e308], 4).counts).toEqual([1, 0, 0, 1]);
  });

  it("counts a boolean metric's true and false values", () => {
    expect(distribution({ metric_type: "boolean", values: [1, 0, 1] })).toEqual({ kind: "boolean", true_count: 2, false_count: 1 });
  });
});

describe("percentiles", () => {
  it("are ordered and come from the data (nearest rank)", () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1e7, noNaN: true })), { maxLength: 200 }), (durations) => {
      const p = percentiles(durations);
      const present = durations.filter((d): d is number => d !== null);
      if (present.length === 0) {
        expect(p).toBeNull();
        return;
      }
      expect(p!.count).toBe(present.length);
      expect(p!.p50 <= p!.p90 && p!.p90 <= p!.p95 && p!.p95 <= p!.p99 && p!.p99 <= p!.max).toBe(true);
      for (const v of [p!.p50, p!.p99]) expect(present).toContain(v);
    }));
    expect(percentiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ count: 10, p50: 5, p90: 9, p95: 10, p99: 10, max: 10 });
  });
});
