import { aggregate } from "../verdict/aggregate";
import type { MetricValue } from "./evaluator-output";
import type { DatapointResult, MetricAggregate } from "./types";

/**
 * Aggregates one metric's values with the shared aggregation functions (`src/verdict/aggregate.ts`);
 * booleans count as 1/0, strings and non-finite numbers only count.
 */
export function aggregateValues(values: readonly MetricValue[]): MetricAggregate {
  const numbers = values
    .map((v) => (typeof v === "boolean" ? Number(v) : v))
    .filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const some = numbers.length > 0;
  return {
    average: aggregate(numbers, "average"),
    min: aggregate(numbers, "min"),
    max: aggregate(numbers, "max"),
    median: aggregate(numbers, "median"),
    p90: aggregate(numbers, "p90"),
    p95: aggregate(numbers, "p95"),
    p99: aggregate(numbers, "p99"),
    sum: some ? aggregate(numbers, "sum") : null,
    count: values.length,
  };
}

/**
 * Aggregates per metric over datapoint results, in first-seen metric order. Only score metrics are
 * aggregated (the `<name>_explanation` entries are left out when they are strings).
 */
export function aggregateMetrics(datapoints: readonly DatapointResult[]): Record<string, MetricAggregate> {
  const byName = new Map<string, MetricValue[]>();
  for (const datapoint of datapoints) {
    for (const [name, value] of Object.entries(datapoint.metrics)) {
      if (name.endsWith("_explanation") && typeof value === "string") continue;
      let list = byName.get(name);
      if (!list) byName.set(name, (list = []));
      list.push(value);
    }
  }
  const out: Record<string, MetricAggregate> = {};
  for (const [name, values] of byName) out[name] = aggregateValues(values);
  return out;
}
