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

/** The values of one event metric key (metric name, event name, event type), and how many datapoint runs that ran have one. */
interface EventMetricKey {
  name: string;
  eventName: string;
  eventType: string;
  values: MetricValue[];
  ranWith: number;
}

/** What one pass over the datapoint runs gathers for {@link aggregateMetrics}. */
interface MetricTally {
  /** The datapoint runs that ran (not "not run"). */
  ran: number;
  /** The score values by metric name, in first-seen order (the evaluators' names first). */
  byName: Map<string, MetricValue[]>;
  /** By metric name: the runs that ran with the name among their metrics. */
  ranWith: Map<string, number>;
  /** The event metrics by key (see {@link eventMetricLabels}). */
  eventKeys: Map<string, EventMetricKey>;
}

function tallyScores(t: MetricTally, metrics: Readonly<Record<string, MetricValue>>, ran: boolean): void {
  for (const [name, value] of Object.entries(metrics)) {
    if (ran) t.ranWith.set(name, (t.ranWith.get(name) ?? 0) + 1);
    if (name.endsWith("_explanation") && typeof value === "string") continue;
    let list = t.byName.get(name);
    if (!list) t.byName.set(name, (list = []));
    list.push(value);
  }
}

function tallyEventMetrics(t: MetricTally, eventMetrics: DatapointResult["eventMetrics"], ran: boolean): void {
  const seen = new Set<EventMetricKey>();
  for (const m of eventMetrics ?? []) {
    const id = JSON.stringify([m.name, m.eventName, m.eventType]);
    let key = t.eventKeys.get(id);
    if (!key) t.eventKeys.set(id, (key = { name: m.name, eventName: m.eventName, eventType: m.eventType, values: [], ranWith: 0 }));
    key.values.push(m.value);
    if (ran && !seen.has(key)) key.ranWith += 1;
    seen.add(key);
  }
}

/**
 * The event metric keys by label, as the server's run summary groups them: one key per (metric name, event name,
 * event type), every value counted. Each is listed under its metric name, or, when that name is also an evaluator's or
 * another key's, as `name (event_type event_name)`.
 */
function eventMetricLabels(keys: Map<string, EventMetricKey>, taken: ReadonlySet<string>): Map<string, EventMetricKey> {
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
 * Aggregates per metric over datapoint results, read once in order: the evaluators' metrics (`metricNames`, present
 * even when no datapoint has a value) first, then the others in first-seen order, then the metrics the function wrote
 * on the session's events (`DatapointResult.eventMetrics`, see {@link eventMetricLabels}). Only score metrics are
 * aggregated (the `<name>_explanation` entries are left out when they are strings). Each aggregate counts the datapoint
 * runs that ran without a value (`missing`).
 */
export function aggregateMetrics(datapoints: Iterable<DatapointResult>, metricNames: readonly string[] = []): Record<string, MetricAggregate> {
  const t: MetricTally = { ran: 0, byName: new Map(metricNames.map((name) => [name, []])), ranWith: new Map(), eventKeys: new Map() };
  for (const d of datapoints) {
    const ran = d.status !== "not_run";
    if (ran) t.ran += 1;
    tallyScores(t, d.metrics, ran);
    if (d.eventMetrics !== undefined) tallyEventMetrics(t, d.eventMetrics, ran);
  }
  const out: Record<string, MetricAggregate> = {};
  for (const [name, values] of t.byName) out[name] = aggregateValues(values, t.ran - (t.ranWith.get(name) ?? 0));
  for (const [label, key] of eventMetricLabels(t.eventKeys, new Set(t.byName.keys()))) out[label] = aggregateValues(key.values, t.ran - key.ranWith);
  return out;
}
