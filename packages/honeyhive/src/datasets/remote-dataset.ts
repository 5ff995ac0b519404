/**
 * A HoneyHive dataset's content as canonical entries: the dataset found by name (or id), its datapoints read, each
 * keyed by the external id in its metadata (`EXT-<datapoint id>` for a datapoint created elsewhere). Reading is
 * strict: a datapoint that cannot be read fails the call (a sync that took it for missing would write it twice); a
 * datapoint deleted meanwhile is left out. Of several datasets with one name, the oldest is the dataset of that name
 * (decision record 0049).
 */
import type { ApiClient } from "../api-client/create-api-client";
import { HoneyHiveApiError } from "../api-client/honeyhive-api-error";
import type { Datapoint, Dataset } from "../api-client/types";
import { runWorkerPool } from "../runtime/worker-pool";
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

/** Reads of single datapoints in flight at once. */
const READ_CONCURRENCY = 8;

function createdAt(dataset: Dataset): string {
  return typeof dataset.created_at === "string" ? dataset.created_at : "";
}

/** The dataset of a name among several: the oldest (creation time, then id: every client picks the same one). */
export function canonicalDataset(datasets: readonly Dataset[]): Dataset | undefined {
  let best: Dataset | undefined;
  for (const d of datasets) {
    if (best === undefined) best = d;
    else {
      const order = createdAt(d).localeCompare(createdAt(best)) || (d.id < best.id ? -1 : d.id > best.id ? 1 : 0);
      if (order < 0) best = d;
    }
  }
  return best;
}

/** Every dataset named exactly `name`. Throws {@link HoneyHiveApiError} when listing fails. */
export async function datasetsNamed(api: ApiClient, name: string, signal?: AbortSignal): Promise<Dataset[]> {
  const listed = await api.datasets.list({ name }, signal);
  if (!listed.ok) throw new HoneyHiveApiError(listed.error, listed.status);
  return (listed.data.datasets ?? []).filter((d) => d.name === name);
}

/** The dataset named `name` (the oldest of that name), or the dataset with that id; undefined when there is none. */
export async function findDataset(api: ApiClient, query: { name: string } | { id: string }, signal?: AbortSignal): Promise<Dataset | undefined> {
  if ("name" in query) return canonicalDataset(await datasetsNamed(api, query.name, signal));
  const listed = await api.datasets.list({ dataset_id: query.id }, signal);
  if (!listed.ok) throw new HoneyHiveApiError(listed.error, listed.status);
  return (listed.data.datasets ?? []).find((d) => d.id === query.id);
}

/** The datapoints with these ids that exist; throws when one could not be read (other than gone: 404). */
async function readDatapoints(api: ApiClient, ids: readonly string[], signal?: AbortSignal): Promise<Map<string, Datapoint>> {
  const byId = new Map<string, Datapoint>();
  const listed = await api.datapoints.list({ ids }, signal);
  if (!listed.ok) throw new HoneyHiveApiError(`reading the dataset's datapoints: ${listed.error}`, listed.status);
  for (const dp of listed.data.datapoints) if (dp && typeof dp.id === "string") byId.set(dp.id, dp);
  const missing = ids.filter((id) => !byId.has(id));
  let failure: HoneyHiveApiError | undefined;
  await runWorkerPool(missing.length, READ_CONCURRENCY, async (i) => {
    const one = await api.datapoints.get(missing[i]!, signal);
    const dp = one.ok ? one.data.datapoint?.[0] : undefined;
    if (dp && typeof dp.id === "string") byId.set(missing[i]!, dp);
    else if (!one.ok && one.status !== 404) failure ??= new HoneyHiveApiError(`reading datapoint ${missing[i]}: ${one.error}`, one.status);
  }, signal);
  if (failure) throw failure;
  if (signal?.aborted) throw new HoneyHiveApiError("reading the dataset was cancelled");
  return byId;
}

/**
 * The content of `dataset`: its datapoints as canonical entries, in the dataset's order. `known` gives the content of
 * datapoints the caller knows already (it has just written them): those are not read again.
 */
export async function loadDatasetEntries(api: ApiClient, dataset: Dataset, signal?: AbortSignal, known?: ReadonlyMap<string, DatasetEntry>): Promise<RemoteDataset> {
  const ids = (dataset.datapoints ?? []).filter((id): id is string => typeof id === "string");
  const toRead = known ? ids.filter((id) => !known.has(id)) : ids;
  const byId = toRead.length > 0 ? await readDatapoints(api, toRead, signal) : new Map<string, Datapoint>();
  const entries: RemoteEntry[] = [];
  for (const id of ids) {
    const entry = known?.get(id);
    if (entry) entries.push({ ...entry, datapointId: id });
    else {
      const datapoint = byId.get(id);
      if (datapoint) entries.push({ ...entryOfDatapoint(datapoint), datapointId: id });
    }
  }
  return { id: dataset.id, name: dataset.name ?? dataset.id, entries };
}

/** Reads dataset `datasetId` again (its datapoint list, and the content of datapoints not in `known`). */
export async function readDatasetAgain(api: ApiClient, datasetId: string, known: ReadonlyMap<string, DatasetEntry>, signal?: AbortSignal): Promise<RemoteDataset> {
  const dataset = await findDataset(api, { id: datasetId }, signal);
  if (!dataset) throw new HoneyHiveApiError(`dataset ${datasetId} is gone`, 404);
  return loadDatasetEntries(api, dataset, signal, known);
}
