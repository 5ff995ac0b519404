/**
 * A HoneyHive dataset's content as canonical entries: the dataset found by name (or id), its datapoints fetched,
 * each keyed by the external id in its metadata (`EXT-<datapoint id>` for a datapoint created elsewhere).
 */
import type { ApiClient } from "../api-client/create-api-client";
import { HoneyHiveApiError } from "../api-client/honeyhive-api-error";
import type { Dataset } from "../api-client/types";
import { fetchDatapoints } from "./prepare-dataset";
import { type DatasetEntry, entryOfDatapoint } from "./dataset-entry";

/** A stored datapoint in canonical form, with its HoneyHive id. */
export interface RemoteEntry extends DatasetEntry {
  readonly datapointId: string;
}

/** A stored dataset and its content. */
export interface RemoteDataset {
  readonly id: string;
  readonly name: string;
  readonly entries: RemoteEntry[];
}

/** The dataset named `name` (exact match), or undefined. Throws {@link HoneyHiveApiError} when listing fails. */
export async function findDataset(api: ApiClient, query: { name: string } | { id: string }, signal?: AbortSignal): Promise<Dataset | undefined> {
  const listed = await api.datasets.list("id" in query ? { dataset_id: query.id } : { name: query.name }, signal);
  if (!listed.ok) throw new HoneyHiveApiError(listed.error, listed.status);
  const all = listed.data.datasets ?? [];
  return "id" in query ? all.find((d) => d.id === query.id) : all.find((d) => d.name === query.name);
}

/** The content of `dataset`: its datapoints as canonical entries, in the dataset's order. */
export async function loadDatasetEntries(api: ApiClient, dataset: Dataset, signal?: AbortSignal): Promise<RemoteDataset> {
  const ids = (dataset.datapoints ?? []).filter((id): id is string => typeof id === "string");
  const byId = ids.length > 0 ? await fetchDatapoints(api, ids, signal) : new Map();
  const entries: RemoteEntry[] = [];
  for (const id of ids) {
    const datapoint = byId.get(id);
    if (datapoint) entries.push({ ...entryOfDatapoint(datapoint), datapointId: id });
  }
  return { id: dataset.id, name: dataset.name ?? dataset.id, entries };
}
