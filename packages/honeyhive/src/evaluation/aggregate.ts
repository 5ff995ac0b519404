import { aggregate } from "@honeyhive/core/verdict/aggregate";
import type { MetricValue } from "./evaluator-output";
import type { DatapointResult, MetricAggregate } from "./types";

/**
 * Aggregates one metric's values with the shared aggregation functions (`src/verdict/aggregate.ts`);
 * booleans count as 1/0, strings and non-finite numbers only count.
 */
export function aggregateValues(values: readonly MetricValue[], missing = 0): MetricAggregate {
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
    missing,
  };
}

/** The values of one event metric key (metric name, event name, event type) and the datapoint runs that have one. */
interface EventMetricKey {
  name: string;
  eventName: string;
  eventType: string;
  values: MetricValue[];
  datapoints: Set<DatapointResult>;
}

/**
 * The datapoints' event metrics (`DatapointResult.eventMetrics`) by key, as the server's run summary groups them:
 * one key per (metric name, event name, event type), every value counted. Each is listed under its metric name, or,
 * when that name is also an evaluator's or another key's, as `name (event_type event_name)`.
 */
function eventMetricKeys(datapoints: readonly DatapointResult[], taken: ReadonlySet<string>): Map<string, EventMetricKey> {
  const keys = new Map<string, EventMetricKey>();
  for (const datapoint of datapoints) {
    for (const m of datapoint.eventMetrics ?? []) {
      const id = JSON.stringify([m.name, m.eventName, m.eventType]);
      let key = keys.get(id);
      if (!key) keys.set(id, (key = { name: m.name, eventName: m.eventName, eventType: m.eventType, values: [], datapoints: new Set() }));
      key.values.push(m.value);
      key.datapoints.add(datapoint);
    }
  }
  const perName = new Map<string, number>();
  for (const key of keys.values()) perName.set(key.name, (perName.get(key.name) ?? 0) + 1);
  const labelled = new Map<string, EventMetricKey>();
  for (const key of keys.values()) {
    const plain = !taken.has(key.name) && perName.get(key.name) === 1;
    labelled.set(plain ? key.name : `${key.name} (${key.eventType} ${key.eventName})`, key);
  }
  return labelled;
}

/**
 * Aggregates per metric over datapoint results: the evaluators' metrics (`metricNames`, present even when no
 * datapoint has a value) first, then the others in first-seen order, then the metrics the function wrote on the
 * session's events (see {@link eventMetricKeys}). Only score metrics are aggregated (the `<name>_explanation`
 * entries are left out when they are strings). Each aggregate counts the datapoint runs that ran without a value
 * (`missing`).
 */
export function aggregateMetrics(datapoints: readonly DatapointResult[], metricNames: readonly string[] = []): Record<string, MetricAggregate> {
  const byName = new Map<string, MetricValue[]>(metricNames.map((name) => [name, []]));
  for (const datapoint of datapoints) {
    for (const [name, value] of Object.entries(datapoint.metrics)) {
      if (name.endsWith("_explanation") && typeof value === "string") continue;
      let list = byName.get(name);
      if (!list) byName.set(name, (list = []));
      list.push(value);
    }
  }
  const out: Record<string, MetricAggregate> = {};
  const ran = datapoints.filter((d) => d.status !== "not_run");
  for (const [name, values] of byName) out[name] = aggregateValues(values, ran.filter((d) => !Object.prototype.hasOwnProperty.call(d.metrics, name)).length);
  for (const [label, key] of eventMetricKeys(datapoints, new Set(byName.keys()))) {
    out[label] = aggregateValues(key.values, ran.filter((d) => !key.datapoints.has(d)).length);
  }
  return out;
}
