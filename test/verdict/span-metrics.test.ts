import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scalarMetrics, spanMetrics, spanMetricsObject } from "../../packages/core/src/verdict/event-metrics";

/** The definition spanMetrics must equal: the stored event's metrics object, read for scalars. */
const byObject = (attributes: Record<string, unknown>) => {
  const metrics = spanMetricsObject(attributes);
  return metrics === undefined ? [] : scalarMetrics(metrics);
};

describe("spanMetrics: a span's scalar metrics as the stored event has them", () => {
  it("flat names are read in attribute order, skipping non-scalars and unrelated keys", () => {
    const attributes = {
      "honeyhive_metrics.exact": true, "honeyhive_inputs.x": 1, "honeyhive_metrics.magnitude": 0.5,
      "honeyhive_metrics.note": "text", "honeyhive_metricsX.other": 3, "honeyhive_metrics.nan": Number.NaN,
    };
    expect(spanMetrics(attributes)).toEqual([
      { name: "exact", value: true, number: 1 },
      { name: "magnitude", value: 0.5, number: 0.5 },
    ]);
  });

  it("nested paths, a value at the prefix and index-like names read as the object reads them", () => {
    expect(spanMetrics({ "honeyhive_metrics.a": 1, "honeyhive_metrics.a.b": 2 })).toEqual([]); // a: { _value, b }
    expect(spanMetrics({ honeyhive_metrics: 4 })).toEqual([{ name: "_value", value: 4, number: 4 }]);
    expect(spanMetrics({ "honeyhive_metrics.z": 1, "honeyhive_metrics.2": 2 }).map((m) => m.name)).toEqual(["2", "z"]);
  });

  it("equals the object's reading for any attributes (property)", () => {
    const segment = fc.constantFrom("a", "b", "0", "1", "07", "_value", "__proto__", "", "x.y", "score");
    const key = fc.oneof(
      { arbitrary: segment.map((name) => `honeyhive_metrics.${name}`), weight: 6 },
      { arbitrary: fc.array(segment, { minLength: 2, maxLength: 3 }).map((parts) => `honeyhive_metrics.${parts.join(".")}`), weight: 2 },
      { arbitrary: fc.constant("honeyhive_metrics"), weight: 1 },
      { arbitrary: fc.constantFrom("honeyhive_metricsx", "honeyhive_inputs.a", "other"), weight: 1 },
    );
    const value = fc.oneof(
      { arbitrary: fc.oneof(fc.boolean(), fc.integer(), fc.double()), weight: 6 },
      { arbitrary: fc.oneof(fc.string(), fc.constant(undefined), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 })), weight: 2 },
    );
    fc.assert(fc.property(fc.array(fc.tuple(key, value), { maxLength: 8 }), (entries) => {
      const attributes: Record<string, unknown> = {};
      for (const [k, v] of entries) attributes[k] = v;
      expect(spanMetrics(attributes)).toEqual(byObject(attributes));
    }), { numRuns: 2000 });
  });
});
