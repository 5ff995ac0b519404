import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { axisTickLabels } from "../../packages/dev-server/src/viewer/client/axis-ticks";

const TICKS = [0, 0.25, 0.5, 0.75, 1];

/** The waterfall's time axis labels: one unit and one precision per axis, distinct and evenly spaced. */
describe("axisTickLabels", () => {
  it("labels a 1.6 ms axis 0.0 … 1.6 ms instead of rounding 1.2 and 1.6 to whole milliseconds", () => {
    expect(axisTickLabels(1.6, TICKS)).toEqual(["0.0 ms", "0.4 ms", "0.8 ms", "1.2 ms", "1.6 ms"]);
    expect(axisTickLabels(1.6372, TICKS)).toEqual(["0.00 ms", "0.41 ms", "0.82 ms", "1.23 ms", "1.64 ms"]);
  });

  it("chooses the precision from the step, per unit", () => {
    expect(axisTickLabels(800, TICKS)).toEqual(["0 ms", "200 ms", "400 ms", "600 ms", "800 ms"]);
    expect(axisTickLabels(10, TICKS)).toEqual(["0.0 ms", "2.5 ms", "5.0 ms", "7.5 ms", "10.0 ms"]);
    expect(axisTickLabels(1000, TICKS)).toEqual(["0.00 s", "0.25 s", "0.50 s", "0.75 s", "1.00 s"]);
    expect(axisTickLabels(20_000, TICKS)).toEqual(["0 s", "5 s", "10 s", "15 s", "20 s"]);
    expect(axisTickLabels(300_000, TICKS)).toEqual(["0m 00s", "1m 15s", "2m 30s", "3m 45s", "5m 00s"]);
    expect(axisTickLabels(0, TICKS)).toEqual(["0 ms", "0 ms", "0 ms", "0 ms", "0 ms"]);
    expect(axisTickLabels(Number.NaN, TICKS)).toEqual(["—", "—", "—", "—", "—"]);
  });

  it("gives distinct labels of one unit and one precision that read back to evenly spaced values", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 59_999, noNaN: true }), (total) => {
        const labels = axisTickLabels(total, TICKS);
        expect(new Set(labels).size).toBe(TICKS.length);
        const parts = labels.map((l) => /^(\d+(?:\.(\d+))?) (ms|s)$/.exec(l)!);
        expect(parts.every((m) => m !== null)).toBe(true);
        expect(new Set(parts.map((m) => m[3])).size).toBe(1);
        expect(new Set(parts.map((m) => (m[2] ?? "").length)).size).toBe(1);
        const values = parts.map((m) => Number(m[1]));
        const half = 0.5 * 10 ** -(parts[0]![2] ?? "").length;
        const step = (values[4]! - values[0]!) / 4;
        for (let i = 1; i < values.length; i++) expect(Math.abs(values[i]! - values[i - 1]! - step)).toBeLessThanOrEqual(2 * half + 1e-9);
        // and within rounding of the true tick
        const scale = parts[0]![3] === "s" ? 1000 : 1;
        TICKS.forEach((p, i) => expect(Math.abs(values[i]! - (total * p) / scale)).toBeLessThanOrEqual(half + 1e-9));
      }),
    );
  });
});
