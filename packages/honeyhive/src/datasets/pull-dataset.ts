/**
 * `pullDataset` and `diffDataset`: a HoneyHive dataset as items a dataset file holds (and the lock that pins its
 * content version), and what pushing local items would change.
 */
import { EvaluationConfigError } from "../config/evaluation-config-error";
import type { DatasetItem } from "./dataset-item";
import type { DatasetEntry } from "./dataset-entry";
import { type DatasetLock, lockOfEntries } from "./dataset-lock";
import { checkDatasetName, checkSyncOptions } from "./dataset-sync-options";
import { type DatasetDiff, diffEntries, entryPairs, versionOfEntries } from "./dataset-version";
import type { DatasetSyncOptions } from "./dataset-sync-options";
import { datasetAttachments } from "./dataset-attachments";
import { type DatasetClient, type DatasetSource, localEntries } from "./push-dataset";
import { findDataset, loadDatasetEntries } from "./remote-dataset";
import { firstCopies } from "./write-plan";

/** A pulled dataset. */
export interface PulledDataset {
  readonly datasetId: string;
  readonly name: string;
  /** The rows, ready for `evaluate({ dataset })` or a dataset file (external id under the `key` field, `id` by default). */
  readonly items: DatasetItem[];
  /** Its content version on the server (`dsv-…`; extra copies of rows included). */
  readonly version: string;
  /** The lock pinning this content (what `honeyhive datasets pull --lock` writes). */
  readonly lock: DatasetLock;
  /**
   * External ids the server holds more than once (one entry per extra copy): `items` has each row once (its first
   * copy), so pushing them back removes the copies. Empty for a dataset without copies.
   */
  readonly duplicates: string[];
}

/** A row of a dataset file holding `entry`, its external id under `keyField`; empty fields left out. */
function itemOfEntry(entry: DatasetEntry, keyField: string): DatasetItem {
  const item: Record<string, unknown> = { [keyField]: entry.key, inputs: entry.inputs };
  if (Object.keys(entry.groundTruth).length > 0) item.ground_truth = entry.groundTruth;
  if (entry.history.length > 0) item.history = entry.history;
  if (Object.keys(entry.metadata).length > 0) item.metadata = entry.metadata;
  return item as unknown as DatasetItem;
}

/**
 * Reads the HoneyHive dataset `name` (the oldest dataset of that name) as dataset rows, each once (pushing them back
 * writes nothing, unless the server held extra copies of a row: see `duplicates`), with its content version and lock.
 * Throws `EvaluationConfigError` when there is no such dataset, `HoneyHiveApiError` when a request fails.
 *
 * @example
 * const { items, version } = await pullDataset(new HoneyHive(), "qa", { key: "qid" });
 */
export async function pullDataset(client: DatasetClient, name: string, options?: { key?: string; signal?: AbortSignal }): Promise<PulledDataset> {
  const { key = "id", signal } = checkSyncOptions("pullDataset()", options);
  checkDatasetName("pullDataset()", name);
  const found = await findDataset(client.api, { name }, signal);
  if (!found) throw new EvaluationConfigError(`pullDataset(): there is no dataset named "${name}"`);
  const remote = await loadDatasetEntries(client.api, found, signal);
  const { kept, duplicates } = firstCopies(remote.entries);
  return {
    datasetId: remote.id, name: remote.name, items: [...kept.values()].map((e) => itemOfEntry(e, key)),
    version: versionOfEntries(remote.entries), lock: lockOfEntries(remote, options?.key), duplicates: duplicates.map((d) => d.key),
  };
}

/** What pushing local rows would change on the server, with both content versions. */
export interface DatasetComparison extends DatasetDiff {
  /** External ids the server holds more than once (one entry per extra copy, which a push removes). */
  readonly duplicates: string[];
  /** The local rows' version. */
  readonly localVersion: string;
  /** The server's version (`undefined` when the dataset does not exist yet). */
  readonly remoteVersion: string | undefined;
  /** True when the server holds exactly the local rows (the two versions are equal). */
  readonly equal: boolean;
}

/**
 * Compares local rows (or a dataset file) with the HoneyHive dataset `name`: the external ids a `replace` push
 * would add, change and remove, the extra copies it would delete (attachments compared by reference, as a push
 * stores them), and whether the contents are equal. Writes nothing.
 */
export async function diffDataset(client: DatasetClient, name: string, source: DatasetSource, options?: Pick<DatasetSyncOptions, "key" | "signal" | "attachments">): Promise<DatasetComparison> {
  const { key, signal, attachments } = checkSyncOptions("diffDataset()", options);
  checkDatasetName("diffDataset()", name);
  const entries = await localEntries(source, key, datasetAttachments("diffDataset()", attachments, client.api));
  const found = await findDataset(client.api, { name }, signal);
  const remote = found ? (await loadDatasetEntries(client.api, found, signal)).entries : [];
  const { kept, duplicates } = firstCopies(remote);
  const localVersion = versionOfEntries(entries);
  const remoteVersion = found ? versionOfEntries(remote) : undefined;
  return { ...diffEntries(entryPairs([...kept.values()]), entryPairs(entries)), duplicates: duplicates.map((d) => d.key), localVersion, remoteVersion, equal: localVersion === remoteVersion };
}
