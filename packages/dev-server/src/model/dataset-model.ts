/**
 * Datasets and datapoints: building them from request bodies, splitting uploaded rows by a mapping,
 * and the response shapes (Python requires every Datapoint field; `GET /v1/datapoints/{id}` wraps one
 * datapoint in an array).
 */
import { newUuid } from "@honeyhive/core/ids/uuid";
import { invalid } from "../domain/validation-error";
import type { DatapointRecord, DatasetRecord } from "../domain/records";
import { getOwn, isPlainObject, setOwn, type JsonObject } from "../domain/json";
import { optArray, optObject, optString, optStringArray } from "../domain/validate";

const MAX_NAME = 200;

/** Builds a dataset from a `POST /v1/datasets` body. */
export function datasetFromBody(body: JsonObject, now: string): DatasetRecord {
  const id = newUuid();
  return {
    id,
    name: optString(body, "name", MAX_NAME) ?? `dataset-${id.slice(0, 8)}`,
    description: optString(body, "description") ?? null,
    datapoints: [...new Set(optStringArray(body, "datapoints") ?? [])],
    created_at: now,
    updated_at: now,
  };
}

/** Validates a dataset update body and returns the pure update. */
export function parseDatasetUpdate(body: JsonObject, now: string): (d: DatasetRecord) => DatasetRecord {
  const name = optString(body, "name", MAX_NAME);
  const description = optString(body, "description");
  const datapoints = optStringArray(body, "datapoints");
  return (d) => ({
    ...d,
    name: name ?? d.name,
    description: description ?? d.description,
    datapoints: datapoints ? [...new Set(datapoints)] : d.datapoints,
    updated_at: now,
  });
}

/** The API form of a dataset. */
export function apiDataset(d: DatasetRecord): JsonObject {
  return { id: d.id, _id: d.id, name: d.name, description: d.description, datapoints: d.datapoints,
    created_at: d.created_at, updated_at: d.updated_at };
}

function groundTruth(body: JsonObject): JsonObject | null {
  const value = getOwn(body, "ground_truth");
  if (value === undefined || value === null) return null;
  if (!isPlainObject(value)) throw invalid(`"ground_truth" must be an object or null`);
  return value;
}

/** Builds a datapoint from a `POST /v1/datapoints` body. */
export function datapointFromBody(body: JsonObject, now: string): DatapointRecord {
  const history = optArray(body, "history") ?? [];
  return {
    id: newUuid(),
    inputs: optObject(body, "inputs") ?? {},
    history,
    ground_truth: groundTruth(body),
    metadata: optObject(body, "metadata") ?? {},
    linked_event: optString(body, "linked_event", 200) ?? null,
    linked_datasets: [...new Set(optStringArray(body, "linked_datasets") ?? [])],
    created_at: now,
    updated_at: now,
  };
}

/** Validates a datapoint update body and returns the pure update (fields replace). */
export function parseDatapointUpdate(body: JsonObject, now: string): (d: DatapointRecord) => DatapointRecord {
  const inputs = optObject(body, "inputs");
  const history = optArray(body, "history");
  const hasGroundTruth = getOwn(body, "ground_truth") !== undefined;
  const truth = groundTruth(body);
  const metadata = optObject(body, "metadata");
  const linkedEvent = optString(body, "linked_event", 200);
  return (d) => ({
    ...d,
    inputs: inputs ?? d.inputs,
    history: history ?? d.history,
    ground_truth: hasGroundTruth ? truth : d.ground_truth,
    metadata: metadata ?? d.metadata,
    linked_event: linkedEvent ?? d.linked_event,
    updated_at: now,
  });
}

/** The API form of a datapoint (all the fields Python requires). */
export function apiDatapoint(d: DatapointRecord): JsonObject {
  return { id: d.id, _id: d.id, inputs: d.inputs, history: d.history, ground_truth: d.ground_truth,
    metadata: d.metadata, linked_event: d.linked_event, linked_datasets: d.linked_datasets,
    created_at: d.created_at, updated_at: d.updated_at };
}

/** A mapping of `POST /v1/datasets/{id}/datapoints`: which row keys go to inputs, ground truth, history. */
interface RowMapping {
  inputs: string[];
  ground_truth: string[];
  history: string[];
}

/** Validates the `mapping` object (every list optional, but the mapping itself required). */
export function parseMapping(value: unknown): RowMapping {
  if (!isPlainObject(value)) throw invalid(`"mapping" must be an object with inputs, ground_truth and history lists`);
  return {
    inputs: optStringArray(value, "inputs") ?? [],
    ground_truth: optStringArray(value, "ground_truth") ?? [],
    history: optStringArray(value, "history") ?? [],
  };
}

/** Splits one uploaded row by the mapping; unmapped keys go to metadata. */
export function datapointFromRow(row: unknown, index: number, mapping: RowMapping, datasetId: string, now: string): DatapointRecord {
  if (!isPlainObject(row)) throw invalid(`data[${index}] must be an object`);
  const inputs: JsonObject = {};
  const truth: JsonObject = {};
  const metadata: JsonObject = {};
  const history: unknown[] = [];
  for (const key of Object.keys(row)) {
    const value = row[key];
    if (mapping.inputs.includes(key)) setOwn(inputs, key, value);
    else if (mapping.ground_truth.includes(key)) setOwn(truth, key, value);
    else if (mapping.history.includes(key)) {
      if (Array.isArray(value)) history.push(...value);
      else history.push(value);
    } else setOwn(metadata, key, value);
  }
  return {
    id: newUuid(),
    inputs,
    history,
    ground_truth: mapping.ground_truth.length > 0 ? truth : null,
    metadata,
    linked_event: null,
    linked_datasets: [datasetId],
    created_at: now,
    updated_at: now,
  };
}
