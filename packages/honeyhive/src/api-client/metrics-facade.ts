/**
 * The `HoneyHive` class's `metrics` group with the 1.x client's names: `getMetrics`, `createMetric`, `updateMetric`,
 * `deleteMetric`, plus `runMetric`. 1.x metric bodies (camelCase, lowercase types `custom | model | human |
 * composite`, the code or prompt in `codeSnippet` / `prompt`, `passWhen`, `eventName` / `eventType`) are converted to
 * the current API's fields; `task` (1.x's project) is dropped: the key decides the project.
 */
import { snakeKeys } from "./case-keys";
import type { ApiClient } from "./create-api-client";
import { unwrap, unwrapList } from "./facade-helpers";
import type { CreateMetricRequest, Metric, RunMetricRequest, RunMetricResponse, UpdateMetricRequest } from "./group-types";
import type { JsonObject } from "./types";
import { pickKeys } from "./v1-bodies";

/** The 1.x metric types and the current API's names for them. */
const LEGACY_TYPES: Readonly<Record<string, string>> = { custom: "PYTHON", model: "LLM", human: "HUMAN", composite: "COMPOSITE" };

const METRIC_KEYS = [
  "name", "type", "criteria", "description", "return_type", "enabled_in_prod", "needs_ground_truth", "sampling_percentage",
  "model_provider", "model_name", "scale", "threshold", "categories", "child_metrics", "filters",
] as const;

/** An event-name or event-type filter of a 1.x metric. */
function legacyFilters(body: JsonObject): JsonObject | undefined {
  const filterArray = (["event_name", "event_type"] as const)
    .filter((field) => typeof body[field] === "string")
    .map((field) => ({ field, operator: "is", value: body[field], type: "string" }));
  return filterArray.length > 0 ? { filterArray } : undefined;
}

/** A metric body in the current API's fields, from either its own form or 1.x's. */
export function wireMetric(body: unknown): JsonObject {
  const given = snakeKeys((body ?? {}) as JsonObject);
  const out = pickKeys(given, METRIC_KEYS);
  if (typeof out.type === "string") out.type = LEGACY_TYPES[out.type.toLowerCase()] ?? out.type.toUpperCase();
  const criteria = given.code_snippet ?? given.prompt;
  if (out.criteria === undefined && typeof criteria === "string") out.criteria = criteria;
  if (given.pass_when !== undefined) out.threshold = { ...((out.threshold as JsonObject | null | undefined) ?? {}), pass_when: given.pass_when };
  if (out.filters === undefined) {
    const filters = legacyFilters(given);
    if (filters) out.filters = filters;
  }
  return out;
}

/** A 1.x metric body: camelCase fields and 1.x's names are accepted. */
export type LegacyMetricBody = (Partial<CreateMetricRequest> | JsonObject) & JsonObject;

/** The `metrics` group of {@link HoneyHive}. */
export interface MetricsGroup {
  /** `getMetrics(projectName?)` as in 1.x (the project is accepted and ignored), or `getMetrics({ type, id })`: the metrics. */
  getMetrics(query?: string | { type?: string; id?: string }): Promise<Metric[]>;
  /** `createMetric(metric)` → `{ inserted, metric_id }`. */
  createMetric(body: CreateMetricRequest | LegacyMetricBody): Promise<JsonObject>;
  /** `updateMetric({ metricId, ...changes })` as in 1.x, or `updateMetric(metricId, changes)`. */
  updateMetric(a: string | LegacyMetricBody, b?: string | UpdateMetricRequest | LegacyMetricBody): Promise<JsonObject>;
  /** Deletes a metric. */
  deleteMetric(metricId: string): Promise<JsonObject>;
  /** Runs a PYTHON or LLM metric on one event server-side (the dev server refuses with 501: it runs no server-side metric). */
  runMetric(body: RunMetricRequest): Promise<RunMetricResponse>;
}

/** Builds the `metrics` group on a client. */
export function metricsGroup(api: ApiClient): MetricsGroup {
  return {
    getMetrics: async (query) => unwrapList<Metric>(await api.metrics.list(typeof query === "object" && query !== null ? query : {}), "metrics"),
    createMetric: async (body) => unwrap(await api.metrics.create(wireMetric(body) as unknown as CreateMetricRequest)),
    updateMetric: async (a, b) => {
      const body = (typeof a === "string" ? b : a) as JsonObject | undefined;
      const metricId = typeof a === "string" ? a : typeof b === "string" ? b : String(body?.metricId ?? body?.metric_id ?? body?.id);
      return unwrap(await api.metrics.update(metricId, wireMetric(body) as UpdateMetricRequest));
    },
    deleteMetric: async (metricId) => unwrap(await api.metrics.delete(metricId)),
    runMetric: async (body) => unwrap(await api.metrics.run({ ...body, metric: wireMetric(body?.metric) as unknown as RunMetricRequest["metric"] })),
  };
}
