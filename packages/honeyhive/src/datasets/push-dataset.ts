/**
 * `pushDataset`: makes a HoneyHive dataset hold what the items (or a dataset file) hold, writing only what
 * differs: one create per new row, one update per changed row, and (mode `replace`) one delete per row gone.
 */
import type { ApiClient } from "../api-client/create-api-client";
import { HoneyHiveApiError } from "../api-client/honeyhive-api-error";
import type { ApiResult, JsonObject } from "../api-client/types";
import { loadDataset } from "./load-dataset";
import { runWorkerPool } from "../runtime/worker-pool";
import { type DatasetAttachments, datasetAttachments } from "./dataset-attachments";
import { type DatasetEntry, EXTERNAL_ID_FIELD, entriesOfItems } from "./dataset-entry";
import { checkDatasetName, checkSyncOptions, type DatasetSyncOptions } from "./dataset-sync-options";
import { type DatasetDiff, diffEntries, entryPairs, versionOfEntries } from "./dataset-version";
import { findDataset, loadDatasetEntries, type RemoteDataset, type RemoteEntry } from "./remote-dataset";

/** What `pushDataset` did. */
export interface DatasetPushResult {
  readonly datasetId: string;
  /** True when the dataset did not exist and was created. */
  readonly created: boolean;
  /** External ids written: created, updated, removed (`removed` stays empty in mode `upsert`). */
  readonly added: string[];
  readonly changed: string[];
  readonly removed: string[];
  /** Rows already equal on the server (not written). */
  readonly unchanged: number;
  /** The server's content version after the push (`dsv-…`). */
  readonly version: string;
}

/** Anything holding the REST client: a `HoneyHive` instance. */
export interface DatasetClient {
  readonly api: ApiClient;
}

/** Dataset items, or the path of a file `loadDataset` reads. */
export type DatasetSource = readonly unknown[] | string;

/** The items of `source` as canonical entries (their attachments by reference when `attachments` is given). */
export async function localEntries(source: DatasetSource, key: string | undefined, attachments?: DatasetAttachments): Promise<DatasetEntry[]> {
  const items = typeof source === "string" ? await loadDataset(source) : source;
  return entriesOfItems(attachments ? await attachments.extractItems(items) : items, key);
}

function checked<T>(result: ApiResult<T>, what: string): T {
  if (!result.ok) throw new HoneyHiveApiError(`${what}: ${result.error}`, result.status);
  return result.data;
}

function datapointBody(entry: DatasetEntry): { inputs: JsonObject } & JsonObject {
  return {
    inputs: entry.inputs as JsonObject,
    ground_truth: entry.groundTruth as JsonObject,
    history: entry.history as JsonObject[],
    metadata: { ...entry.metadata, [EXTERNAL_ID_FIELD]: entry.key } as JsonObject,
  };
}

async function openDataset(api: ApiClient, name: string, signal?: AbortSignal): Promise<{ remote: RemoteDataset; created: boolean }> {
  const found = await findDataset(api, { name }, signal);
  if (found) return { remote: await loadDatasetEntries(api, found, signal), created: false };
  const made = checked(await api.datasets.create({ name }, signal), `creating dataset "${name}"`);
  const id = (made.result as { insertedId?: unknown } | undefined)?.insertedId;
  if (typeof id !== "string") throw new HoneyHiveApiError(`creating dataset "${name}": the server returned no dataset id`);
  return { remote: { id, name, entries: [] }, created: true };
}

/** The writes that turn `remote` into `local`; every write is one request, 8 at a time. */
async function writeDiff(api: ApiClient, datasetId: string, diff: DatasetDiff, local: Map<string, DatasetEntry>, remote: Map<string, RemoteEntry>, signal?: AbortSignal): Promise<void> {
  const writes: (() => Promise<unknown>)[] = [
    ...diff.added.map((key) => async () => checked(await api.datapoints.create({ ...datapointBody(local.get(key)!), linked_datasets: [datasetId] }, signal), `adding "${key}"`)),
    ...diff.changed.map((key) => async () => checked(await api.datapoints.update(remote.get(key)!.datapointId, datapointBody(local.get(key)!), signal), `updating "${key}"`)),
    ...diff.removed.map((key) => async () => checked(await api.datapoints.delete(remote.get(key)!.datapointId, signal), `removing "${key}"`)),
  ];
  const outcome = await runWorkerPool(writes.length, 8, (i) => writes[i]!(), signal);
  if (outcome.cancelled) throw new HoneyHiveApiError("the dataset push was cancelled");
}

/**
 * Pushes dataset items (or a `.jsonl`/`.json` file `loadDataset` reads) to the HoneyHive dataset `name`, creating
 * it when missing. Rows are matched by external id (the `key` field, kept in `metadata.external_id`): pushing the
 * same rows again writes nothing, a changed row is one update, a new row one create, and in mode `replace` a row
 * gone from the items is one delete (mode `upsert`, the default, never deletes). Images, audio and documents in the
 * rows are uploaded to the attachment store and kept in the datapoints by reference (option `attachments`). Throws `EvaluationConfigError` for
 * invalid items or options and `HoneyHiveApiError` when a request fails.
 *
 * @example
 * const client = new HoneyHive();
 * const pushed = await pushDataset(client, "qa", "evals/qa.jsonl", { key: "qid", mode: "replace" });
 * console.log(pushed.version, pushed.added.length, pushed.changed.length, pushed.removed.length);
 */
export async function pushDataset(client: DatasetClient, name: string, source: DatasetSource, options?: DatasetSyncOptions): Promise<DatasetPushResult> {
  const { key, mode = "upsert", signal, attachments: option } = checkSyncOptions("pushDataset()", options);
  checkDatasetName("pushDataset()", name);
  const attachments = datasetAttachments("pushDataset()", option, client.api);
  const entries = await localEntries(source, key, attachments);
  const { remote, created } = await openDataset(client.api, name, signal);
  const remoteByKey = new Map(remote.entries.map((e) => [e.key, e]));
  const full = diffEntries(entryPairs(remote.entries), entryPairs(entries));
  const diff = mode === "replace" ? full : { ...full, removed: [] };
  const byKey = new Map(entries.map((e) => [e.key, e]));
  await attachments?.upload([...diff.added, ...diff.changed].map((k) => byKey.get(k)!), signal); // before any row names them
  await writeDiff(client.api, remote.id, diff, byKey, remoteByKey, signal);
  const after = new Map<string, DatasetEntry>(remoteByKey);
  for (const gone of diff.removed) after.delete(gone);
  for (const entry of entries) after.set(entry.key, entry);
  const unchanged = entries.length - diff.added.length - diff.changed.length;
  return { datasetId: remote.id, created, ...diff, unchanged, version: versionOfEntries([...after.values()]) };
}
