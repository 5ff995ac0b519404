/**
 * The metric values an event contributes to its datapoint's verdict and to the run's metric aggregates: every
 * top-level entry of the event's `metrics` whose value is a boolean or a finite number, keyed by
 * (metric_name, event_name, event_type). Non-scalar values (explanations, objects, arrays) contribute nothing.
 * The one reading used by the dev server's run summary (`results/run-metrics.ts`, from the stored event) and by
 * evaluate() (from each span of a datapoint's session as it ends, `spanMetrics`), so the CLI's verdict and the
 * server's are computed from the same values.
 */
import { unflattenAttributes } from "../values/unflatten";
import { numericValue } from "./aggregate";

/** The attribute prefix of an event's metrics on a span (`honeyhive_metrics.<name>`). */
export const METRICS_ATTRIBUTE_PREFIX = "honeyhive_metrics";

/** One scalar metric entry of an event: its name, the value as stored and its numeric form (booleans 1/0). */
export interface ScalarMetric {
  name: string;
  value: number | boolean;
  number: number;
}

/** The scalar metrics of an event's `metrics` object (see the module comment); none for anything but an object. */
export function scalarMetrics(metrics: unknown): ScalarMetric[] {
  if (typeof metrics !== "object" || metrics === null || Array.isArray(metrics)) return [];
  const out: ScalarMetric[] = [];
  for (const [name, value] of Object.entries(metrics)) {
    const number = numericValue(value);
    if (number !== undefined) out.push({ name, value: value as number | boolean, number });
  }
  return out;
}

/**
 * The event `metrics` object the server stores for a span's attributes: its `honeyhive_metrics.*` attributes
 * un-flattened (`values/unflatten.ts`, as the dev server's ingest does); undefined when it has none.
 */
export function spanMetricsObject(attributes: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  let bucket: Record<string, unknown> | undefined;
  const dotted = METRICS_ATTRIBUTE_PREFIX + ".";
  for (const key of Object.keys(attributes)) {
    if (key !== METRICS_ATTRIBUTE_PREFIX && !key.startsWith(dotted)) continue;
    (bucket ??= Object.create(null) as Record<string, unknown>)[key] = attributes[key];
  }
  return bucket === undefined ? undefined : unflattenAttributes(bucket, METRICS_ATTRIBUTE_PREFIX);
}

/**
 * The scalar metrics of a span as its event will have them: `scalarMetrics(spanMetricsObject(attributes))`.
 * Evaluators and `enrichSpan({ metrics })` write flat names (`honeyhive_metrics.<name>`, no further dot), whose
 * object is read here without being built; any other shape (a nested path, a value at the prefix itself, an index-like
 * name, which objects order first) takes the general path, so both give the same entries in the same order
 * (`test/verdict/span-metrics.test.ts` checks that with a property).
 */
export function spanMetrics(attributes: Readonly<Record<string, unknown>>): ScalarMetric[] {
  const dotted = METRICS_ATTRIBUTE_PREFIX + ".";
  let out: ScalarMetric[] | undefined;
  for (const key of Object.keys(attributes)) {
    if (!key.startsWith(METRICS_ATTRIBUTE_PREFIX)) continue;
    if (key.length === METRICS_ATTRIBUTE_PREFIX.length) return generalSpanMetrics(attributes);
    if (!key.startsWith(dotted)) continue;
    const name = key.slice(dotted.length);
    if (name.includes(".") || isIndexLike(name)) return generalSpanMetrics(attributes);
    const value = attributes[key];
    const number = numericValue(value);
    if (number !== undefined) (out ??= []).push({ name, value: value as number | boolean, number });
  }
  return out ?? [];
}

/** A name an object orders before the others (a canonical array index, "0".."4294967294"); digits-first is enough. */
function isIndexLike(name: string): boolean {
  const first = name.charCodeAt(0);
  return first >= 48 && first <= 57;
}

function generalSpanMetrics(attributes: Readonly<Record<string, unknown>>): ScalarMetric[] {
  const metrics = spanMetricsObject(attributes);
  return metrics === undefined ? [] : scalarMetrics(metrics);
}
