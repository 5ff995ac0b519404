import type { ApiClient } from "../api-client/create-api-client";
import type { Datapoint } from "../api-client/types";
import { EvaluationConfigError } from "../config/evaluation-config-error";
import { externalIdOfText, withExtPrefix } from "./ext-ids";
import { type ItemPythonForm, itemPythonForm, listPythonJson } from "./item-python-form";
import { runWorkerPool } from "../runtime/worker-pool";
import { entryOfDatapoint } from "./dataset-entry";
import { contentOfEntries, type DatasetContent } from "./dataset-version";

/** One datapoint ready to run. */
export interface PreparedDatapoint {
  index: number;
  datapointId: string;
  inputs: Record<string, unknown>;
  groundTruth: unknown;
  metadata?: Record<string, unknown>;
  /** Its split (`metadata.split`, or an inline row's `split`), when it has one. */
  split?: string;
}

/** A dataset ready to run: its id (`EXT-…` for inline datasets) and its datapoints in order. */
export interface PreparedDataset {
  datasetId: string;
  external: boolean;
  datapoints: PreparedDatapoint[];
  /** Its content version and datapoint hashes (see `datasets/dataset-version.ts`), when they can be computed. */
  content?: DatasetContent;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Validates an inline dataset and gives it the Python SDK's EXT ids: `EXT-` + sha256 of `json.dumps(list,
 * sort_keys=True)` for the dataset, of `json.dumps(item, sort_keys=True) + str(index)` for each item, or the
 * item's custom id (`id`/`datapoint_id`) with the `EXT-` prefix. Items read by `loadDataset` hash as their
 * file spells them; other items as JavaScript values (an integral number prints as a Python int, so `1.0`
 * written in code hashes as `1`). Throws {@link EvaluationConfigError} for an empty list, items without an
 * `inputs` object, items JSON cannot represent, and object or array custom ids.
 */
export function prepareInlineDataset(items: unknown): PreparedDataset {
  return preparedFromForms(items as Record<string, unknown>[], inlineItemForms(items));
}

/**
 * Validates an inline dataset (see {@link prepareInlineDataset}) and gives each item's Python form, in order: what
 * {@link preparedFromForms} and the dataset's content version (`inlineContent`) both read, computed once per run.
 */
export function inlineItemForms(items: unknown): ItemPythonForm[] {
  if (!Array.isArray(items)) throw new EvaluationConfigError("dataset must be an array of { inputs, ground_truth } items (or the path of a dataset file)");
  if (items.length === 0) throw new EvaluationConfigError("dataset is empty: give at least one { inputs } item");
  const forms: ItemPythonForm[] = [];
  for (let index = 0; index < items.length; index++) {
    const item: unknown = items[index];
    if (!isPlainObject(item)) throw new EvaluationConfigError(`dataset[${index}] must be an object with an "inputs" object`);
    if (!isPlainObject(item.inputs)) throw new EvaluationConfigError(`dataset[${index}] has no "inputs" object`);
    forms.push(itemPythonForm(item, `dataset[${index}]`));
  }
  return forms;
}

/** The prepared dataset of items {@link inlineItemForms} validated, from their Python `forms`. */
export function preparedFromForms(items: readonly Record<string, unknown>[], forms: readonly ItemPythonForm[]): PreparedDataset {
  const datasetId = externalIdOfText(listPythonJson(forms));
  const datapoints = items.map((item, index) => preparedItem(item, index, itemDatapointId(forms[index]!, index)));
  return { datasetId, external: true, datapoints };
}

/** The external datapoint id of the `index`-th item of a local dataset: its custom id, else its Python form's hash. */
export function itemDatapointId(form: ItemPythonForm, index: number): string {
  return form.customId !== undefined ? withExtPrefix(form.customId) : externalIdOfText(`${form.json}${index}`);
}

/** A local dataset item (already checked to have an `inputs` object) ready to run at `index` as `datapointId`. */
export function preparedItem(item: Record<string, unknown>, index: number, datapointId: string): PreparedDatapoint {
  const prepared: PreparedDatapoint = {
    index,
    datapointId,
    inputs: item.inputs as Record<string, unknown>,
    groundTruth: item.ground_truth !== undefined ? item.ground_truth : item.ground_truths,
  };
  if (isPlainObject(item.metadata)) prepared.metadata = item.metadata;
  const split = item.split ?? prepared.metadata?.split;
  if (typeof split === "string") prepared.split = split;
  return prepared;
}

/** A stored datapoint ready to run at dataset index `index`, or undefined when it has no id. */
export function preparedDatapoint(datapoint: Datapoint, index: number): PreparedDatapoint | undefined {
  if (!datapoint || typeof datapoint.id !== "string") return undefined;
  const prepared: PreparedDatapoint = {
    index,
    datapointId: datapoint.id,
    inputs: isPlainObject(datapoint.inputs) ? datapoint.inputs : {},
    groundTruth: datapoint.ground_truth ?? undefined,
  };
  if (isPlainObject(datapoint.metadata)) prepared.metadata = datapoint.metadata;
  if (typeof prepared.metadata?.split === "string") prepared.split = prepared.metadata.split;
  return prepared;
}

/**
 * Loads a HoneyHive dataset: `GET /v1/datasets?dataset_id=`, then its datapoints (`GET /v1/datapoints` in
 * batches of 100; per id `GET /v1/datapoints/{id}` when listing fails). Unloadable datapoints are skipped;
 * throws when the dataset is missing, empty or none of its datapoints loads.
 */
export async function loadRemoteDataset(api: ApiClient, datasetId: string, signal?: AbortSignal): Promise<PreparedDataset> {
  const ids = await remoteDatapointIds(api, datasetId, signal);
  const byId = await fetchDatapoints(api, ids, signal);
  const datapoints: PreparedDatapoint[] = [];
  const loaded: Datapoint[] = [];
  for (const id of ids) {
    const dp = byId.get(id);
    const prepared = dp ? preparedDatapoint(dp, datapoints.length) : undefined;
    if (prepared) datapoints.push(prepared);
    if (prepared) loaded.push(dp!);
  }
  if (datapoints.length === 0) throw new EvaluationConfigError(`none of the ${ids.length} datapoints of dataset "${datasetId}" could be loaded`);
  return { datasetId, external: false, datapoints, content: contentOfEntries(loaded.map(entryOfDatapoint)) };
}

/** The dataset's datapoint ids, in order; throws when the dataset is missing or empty. */
export async function remoteDatapointIds(api: ApiClient, datasetId: string, signal?: AbortSignal): Promise<string[]> {
  const listed = await api.datasets.list({ dataset_id: datasetId }, signal);
  if (!listed.ok) throw new EvaluationConfigError(`could not load dataset "${datasetId}": ${listed.error}`);
  const dataset = (listed.data.datasets ?? []).find((d) => d.id === datasetId) ?? listed.data.datasets?.[0];
  if (!dataset) throw new EvaluationConfigError(`dataset "${datasetId}" was not found`);
  const ids = (dataset.datapoints ?? []).filter((id): id is string => typeof id === "string");
  if (ids.length === 0) throw new EvaluationConfigError(`dataset "${datasetId}" has no datapoints`);
  return ids;
}

/**
 * The datapoints by id: one bulk listing, then one request per id the listing missed (8 at a time). The ids the server
 * answered for without the datapoint (404, or an empty answer) are added to `absent` when given; an id whose read
 * failed (no answer, 5xx) is in neither.
 */
export async function fetchDatapoints(api: ApiClient, ids: string[], signal?: AbortSignal, absent?: Set<string>): Promise<Map<string, Datapoint>> {
  const byId = new Map<string, Datapoint>();
  const bulk = await api.datapoints.list({ ids }, signal);
  if (bulk.ok) for (const dp of bulk.data.datapoints) if (dp && typeof dp.id === "string") byId.set(dp.id, dp);
  const missing = ids.filter((id) => !byId.has(id));
  await runWorkerPool(missing.length, 8, async (i) => {
    const one = await api.datapoints.get(missing[i]!, signal);
    const dp = one.ok ? one.data.datapoint?.[0] : undefined;
    if (dp && typeof dp.id === "string") byId.set(missing[i]!, dp);
    else if (one.ok || one.status === 404) absent?.add(missing[i]!); // the server answered: it has no such datapoint
  }, signal);
  return byId;
}
