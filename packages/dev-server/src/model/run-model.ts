/**
 * Experiment runs: building a run from `POST /v1/runs`, the `PUT /v1/runs/{id}` merge (metadata merged,
 * event ids unioned), and the RunObject response shape the Python SDK validates.
 */
import { newUuid } from "@honeyhive/core/ids/uuid";
import { invalid } from "../domain/validation-error";
import type { ProjectRecord, RunRecord } from "../domain/records";
import { getOwn, mergeObjects, type JsonObject } from "../domain/json";
import { normalizeId } from "../domain/ids";
import { optArray, optObject, optString, optStringArray, optUuid } from "../domain/validate";

/** Run statuses the API accepts. */
const RUN_STATUSES = ["pending", "running", "completed", "failed", "cancelled"] as const;

function status(body: JsonObject): string | undefined {
  const value = optString(body, "status", 50);
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (!(RUN_STATUSES as readonly string[]).includes(lower)) {
    throw invalid(`"status" must be one of: ${RUN_STATUSES.join(", ")}`);
  }
  return lower;
}

function ids(body: JsonObject, key: string): string[] | undefined {
  return optStringArray(body, key)?.map((id) => normalizeId(id) ?? id);
}

function union(a: readonly string[], b: readonly string[] | undefined): string[] {
  return b ? [...new Set([...a, ...b])] : [...a];
}

/** External (`EXT-`) dataset ids are never stored as `dataset_id`: they move to `metadata.offline_dataset_id`. */
function splitDataset(body: JsonObject, metadata: JsonObject): { dataset_id: string | null; metadata: JsonObject } {
  const value = getOwn(body, "dataset_id");
  if (value === undefined || value === null) return { dataset_id: null, metadata };
  if (typeof value !== "string") throw invalid(`"dataset_id" must be a string or null`);
  if (value.startsWith("EXT-")) return { dataset_id: null, metadata: mergeObjects(metadata, { offline_dataset_id: value }) };
  return { dataset_id: value === "" ? null : value, metadata };
}

/** Builds a run from a `POST /v1/runs` body. */
export function runFromBody(body: JsonObject, now: string): RunRecord {
  const id = optUuid(body, "run_id") ?? optUuid(body, "id") ?? newUuid();
  const dataset = splitDataset(body, optObject(body, "metadata") ?? {});
  return {
    id,
    name: optString(body, "name", 1000) ?? `experiment-${id.slice(0, 8)}`,
    description: optString(body, "description") ?? null,
    status: status(body) ?? "pending",
    metadata: dataset.metadata,
    results: optObject(body, "results") ?? {},
    metrics: optObject(body, "metrics") ?? {},
    configuration: optObject(body, "configuration") ?? {},
    event_ids: union([], ids(body, "event_ids")),
    session_ids: union([], ids(body, "session_ids")),
    datapoint_ids: union([], optStringArray(body, "datapoint_ids")),
    evaluators: optArray(body, "evaluators") ?? [],
    passing_ranges: optObject(body, "passing_ranges") ?? {},
    dataset_id: dataset.dataset_id,
    created_at: now,
    updated_at: now,
  };
}

/** A validated `PUT /v1/runs/{id}` body, applied by {@link applyRunUpdate}. */
type RunUpdate = (current: RunRecord) => RunRecord;

/** Validates an update body and returns the pure update: metadata/results/configuration/passing_ranges merged, ids unioned. */
export function parseRunUpdate(body: JsonObject, now: string): RunUpdate {
  const name = optString(body, "name", 1000);
  const description = optString(body, "description");
  const newStatus = status(body);
  const merged = {
    metadata: optObject(body, "metadata"),
    results: optObject(body, "results"),
    metrics: optObject(body, "metrics"),
    configuration: optObject(body, "configuration"),
    passing_ranges: optObject(body, "passing_ranges"),
  };
  const eventIds = ids(body, "event_ids");
  const sessionIds = ids(body, "session_ids");
  const datapointIds = optStringArray(body, "datapoint_ids");
  const evaluators = optArray(body, "evaluators");
  return (current) => ({
    ...current,
    name: name ?? current.name,
    description: description ?? current.description,
    status: newStatus ?? current.status,
    metadata: merged.metadata ? mergeObjects(current.metadata, merged.metadata) : current.metadata,
    results: merged.results ? mergeObjects(current.results, merged.results) : current.results,
    metrics: merged.metrics ? mergeObjects(current.metrics, merged.metrics) : current.metrics,
    configuration: merged.configuration ? mergeObjects(current.configuration, merged.configuration) : current.configuration,
    passing_ranges: merged.passing_ranges ? mergeObjects(current.passing_ranges, merged.passing_ranges) : current.passing_ranges,
    event_ids: union(current.event_ids, eventIds),
    session_ids: union(current.session_ids, sessionIds),
    datapoint_ids: union(current.datapoint_ids, datapointIds),
    evaluators: evaluators ?? current.evaluators,
    updated_at: now,
  });
}

/** The RunObject of the API (every field the Python SDK requires, plus the TS-era extras). */
export function apiRun(run: RunRecord, project: ProjectRecord, datasetName: string | null): JsonObject {
  return {
    id: run.id,
    run_id: run.id,
    name: run.name,
    description: run.description,
    status: run.status,
    metadata: run.metadata,
    results: run.results,
    metrics: run.metrics,
    event_ids: run.event_ids,
    session_ids: run.session_ids,
    datapoint_ids: run.datapoint_ids,
    configuration: run.configuration,
    evaluators: run.evaluators,
    passing_ranges: run.passing_ranges,
    is_active: true,
    created_at: run.created_at,
    updated_at: run.updated_at,
    scope_type: "project",
    scope_id: project.id,
    project_id: project.id,
    dataset_id: run.dataset_id,
    dataset_name: datasetName,
  };
}

/** Every session id a run claims explicitly (`event_ids` and `session_ids`). */
export function runSessionIds(run: RunRecord): string[] {
  return union(run.event_ids, run.session_ids);
}
