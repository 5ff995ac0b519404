/**
 * Metrics (`/v1/metrics`) as the dev server stores and answers them: the fields of HoneyHive's `MetricItem`, checked on
 * create and update, with the spec's defaults filled in on create.
 */
import type { JsonObject } from "../domain/json";
import { invalid } from "../domain/validation-error";
import { filterArray, flag, list, numberIn, object, oneOf, readFields, text, type FieldRule } from "./group-fields";

/** The metric types HoneyHive knows. */
const METRIC_TYPES = ["PYTHON", "LLM", "HUMAN", "COMPOSITE"] as const;

const THRESHOLD_KEYS = new Set(["min", "max", "pass_when", "passing_categories"]);

/** `threshold`: `{min?, max?, pass_when?, passing_categories?}` or null. */
const threshold: FieldRule = (value, key) => {
  const checked = object(true)(value, key) as JsonObject | null;
  if (checked === null) return null;
  const extra = Object.keys(checked).filter((k) => !THRESHOLD_KEYS.has(k));
  if (extra.length > 0) throw invalid(`"${key}" has unknown field${extra.length > 1 ? "s" : ""} ${extra.join(", ")}`);
  return checked;
};

/** `scale`: a positive integer, or null. */
const scale: FieldRule = (value, key) => {
  if (value !== null && !Number.isSafeInteger(value)) throw invalid(`"${key}" must be a positive integer or null`);
  return numberIn(1, Number.MAX_SAFE_INTEGER, true)(value, key);
};

/** The editable fields of a metric and their rules. */
const METRIC_FIELDS: Readonly<Record<string, FieldRule>> = {
  name: text(200),
  type: oneOf(...METRIC_TYPES),
  criteria: text(),
  description: text(100_000, true),
  return_type: oneOf("float", "boolean", "string", "categorical"),
  enabled_in_prod: flag,
  needs_ground_truth: flag,
  sampling_percentage: numberIn(0, 100),
  model_provider: text(200, true),
  model_name: text(200, true),
  scale,
  threshold,
  categories: list(1000, true),
  child_metrics: list(1000, true),
  filters: filterArray,
};

/** The legacy update's fields: the editable ones and the metric's `id`. */
const LEGACY_UPDATE_FIELDS: Readonly<Record<string, FieldRule>> = { ...METRIC_FIELDS, id: text(200) };

/** A metric definition from a body (`what` names it in messages; 400 on a missing or malformed field), with the spec's defaults. */
export function metricDefinition(body: JsonObject, what: string): JsonObject {
  const fields = readFields(body, METRIC_FIELDS, ["name", "type", "criteria"], what);
  return {
    description: "",
    return_type: "float",
    enabled_in_prod: false,
    needs_ground_truth: false,
    sampling_percentage: 10,
    filters: { filterArray: [] },
    ...fields,
  };
}

/** A new metric from a create body (400 on a missing or malformed field), with the spec's defaults. */
export function metricFromBody(body: JsonObject, id: string, now: string): JsonObject & { id: string } {
  return { ...metricDefinition(body, "a metric"), id, created_at: now, updated_at: null };
}

/** The metric types HoneyHive runs on its own evaluation workers: user code, a model call, a combination of metrics. */
const SERVER_RUN_TYPES: ReadonlySet<unknown> = new Set(["PYTHON", "LLM", "COMPOSITE"]);

/**
 * Why the dev server refuses a metric definition (undefined: it stores it). HoneyHive runs an enabled PYTHON, LLM or
 * COMPOSITE metric on its evaluation workers, on every event its filters match; the dev server runs no metric, so
 * storing one enabled would promise scores that never come. A disabled definition (the default) is stored: it runs
 * nowhere until it is enabled. HUMAN metrics are scored by people (queues, feedback) and are always stored.
 */
export function serverRunRefusal(metric: JsonObject): string | undefined {
  if (metric.enabled_in_prod !== true || !SERVER_RUN_TYPES.has(metric.type)) return undefined;
  return `the dev server runs no server-side metric: an enabled ${String(metric.type)} metric would score events on ` +
    `HoneyHive's evaluation workers, and never here. Store it with "enabled_in_prod": false, or score in your process ` +
    `with evaluate() and its evaluators`;
}

/** The changes of an update body (`legacy`: the deprecated `PUT /v1/metrics`, whose body names the metric's `id`). */
export function metricChanges(body: JsonObject, legacy: boolean): JsonObject {
  const fields = readFields(body, legacy ? LEGACY_UPDATE_FIELDS : METRIC_FIELDS, legacy ? ["id"] : [], "a metric update");
  delete fields.id;
  return fields;
}

/** The body of `POST /v1/metrics/run`: `{ metric, event }` with a valid metric. */
export function checkRunBody(body: JsonObject): { metric: JsonObject; event: JsonObject } {
  const { metric, event } = readFields(body, { metric: object(), event: object() }, ["metric", "event"], "a metric run") as {
    metric: JsonObject;
    event: JsonObject;
  };
  readFields(metric, METRIC_FIELDS, ["name", "type", "criteria"], "the metric to run");
  return { metric, event };
}
