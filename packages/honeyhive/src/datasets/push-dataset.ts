/**
 * `pushDataset`: makes a HoneyHive dataset hold what the items (or a dataset file) hold, writing only what
 * differs (new rows in batches, one update per changed row, one delete per row gone in mode `replace`), then reading
 * the dataset back until it holds the rows: a write another client made meanwhile (a second push of the same rows)
 * is found and its extra copies removed. What it reports is what the server acknowledged.
 */
import type { ApiClient } from "../api-client/create-api-client";
import { HoneyHiveApiError } from "../api-client/honeyhive-api-error";
import type { Dataset } from "../api-client/types";
import { loadDataset } from "./load-dataset";
import { type DatasetAttachments, datasetAttachments } from "./dataset-attachments";
import { type DatasetEntry, entriesOfItems } from "./dataset-entry";
import { DatasetPushError } from "./dataset-push-error";
import { checkDatasetName, checkSyncOptions, type DatasetSyncOptions } from "./dataset-sync-options";
import { versionOfEntries } from "./dataset-version";
import { openPushTarget, type PushTarget, removeOwnDataset } from "./push-target";
import { canonicalDataset, datasetsNamed, loadDatasetEntries, readDatasetAgain, type RemoteDataset } from "./remote-dataset";
import { WriteTally, writePlan } from "./write-datapoints";
import { countLandedWrites } from "./landed-writes";
import { isEmptyPlan, planWrites } from "./write-plan";
import { OneAtATimePerKey } from "../internal/one-at-a-time-per-key";

/** What `pushDataset` did: every count is of writes the server acknowledged. */
export interface DatasetPushResult {
  readonly datasetId: string;
  /** True when the dataset did not exist and this call created it. */
  readonly created: boolean;
  /** External ids written: created, updated, removed (`removed` stays empty in mode `upsert`). */
  readonly added: string[];
  readonly changed: string[];
  /**
   * External ids of the rows this call deleted, including a row whose DELETE was answered 404 after an earlier attempt
   * of it may have landed (its answer lost). A 404 to the first attempt means another client removed the row (two
   * pushes at once): it is that client's to count.
   */
  readonly removed: string[];
  /**
   * Extra copies of rows (datapoints sharing one external id, e.g. from two pushes at once) deleted, by the rule of
   * `removed` for a DELETE answered 404.
   */
  readonly duplicatesRemoved: number;
  /** Local rows the server held already as they are (not written). */
  readonly unchanged: number;
  /** The content version of the dataset as read back from the server after the push (`dsv-…`). */
  readonly version: string;
}

/** Anything holding the REST client: a `HoneyHive` instance. */
export interface DatasetClient {
  readonly api: ApiClient;
}

/** Dataset items, or the path of a file `loadDataset` reads. */
export type DatasetSource = readonly unknown[] | string;

/** Write-and-read-back rounds before a push gives up on a dataset others keep changing. */
const MAX_ROUNDS = 3;

/** The items of `source` as canonical entries (their attachments by reference when `attachments` is given). */
export async function localEntries(source: DatasetSource, key: string | undefined, attachments?: DatasetAttachments): Promise<DatasetEntry[]> {
  const items = typeof source === "string" ? await loadDataset(source) : source;
  return entriesOfItems(attachments ? await attachments.extractItems(items) : items, key);
}

interface PushJob {
  readonly api: ApiClient;
  readonly name: string;
  readonly local: ReadonlyMap<string, DatasetEntry>;
  readonly mode: "upsert" | "replace";
  readonly attachments: DatasetAttachments | undefined;
  readonly tally: WriteTally;
  readonly signal: AbortSignal | undefined;
}

/** Writes and reads `dataset` back until it holds the local rows; returns what it holds. Throws on a failed write. */
async function syncInto(job: PushJob, dataset: Dataset, fail: (reason?: string) => DatasetPushError): Promise<RemoteDataset> {
  const { api, tally, signal } = job;
  let remote = await loadDatasetEntries(api, dataset, signal);
  const known = new Map<string, DatasetEntry>(remote.entries.map((e) => [e.datapointId, e]));
  for (let round = 0; ; round++) {
    const plan = planWrites(remote.entries, job.local, job.mode);
    if (isEmptyPlan(plan)) return remote;
    if (round === MAX_ROUNDS) throw fail("the dataset kept changing while it was pushed (another client writing it?)");
    await job.attachments?.upload([...plan.create, ...plan.update.map((u) => u.entry)], signal); // before any row names them
    const writes = await writePlan(api, dataset.id, plan, tally, signal);
    if (writes.cancelled) throw fail("it was cancelled");
    for (const [id, entry] of [...writes.created, ...writes.updated]) known.set(id, entry);
    for (const id of writes.deleted) known.delete(id);
    if (tally.failures.length === 0) remote = await readDatasetAgain(api, dataset.id, known, signal);
    else remote = await readBackAfterFailures(job, dataset.id, known, fail);
  }
}

/**
 * After failed writes: the dataset read back, with the failed writes it shows applied (their answers were lost)
 * counted as written (`landed-writes.ts`). Throws the push's error when a failure remains or the read fails.
 */
async function readBackAfterFailures(job: PushJob, datasetId: string, known: ReadonlyMap<string, DatasetEntry>, fail: (reason?: string) => DatasetPushError): Promise<RemoteDataset> {
  const failed = new Set(job.tally.failures.map((f) => f.key));
  const unchanged = new Map([...known].filter(([, entry]) => !failed.has(entry.key))); // a failed update's row is read again
  let remote: RemoteDataset;
  try {
    remote = await readDatasetAgain(job.api, datasetId, unchanged, job.signal);
  } catch {
    throw fail(); // the failures stand as they were reported
  }
  countLandedWrites(job.tally, remote.entries, job.local);
  if (job.tally.failures.length > 0) throw fail();
  return remote;
}

/** The push: into the dataset of the name; when another dataset of the name turns out older, once more into it. */
async function push(job: PushJob): Promise<DatasetPushResult> {
  let target: PushTarget | undefined;
  const fail = (reason?: string) => new DatasetPushError(`pushDataset() of "${job.name}"`, job.tally.written(target?.dataset.id, target?.created === true), job.tally.failures, reason);
  try {
    for (let pass = 0; ; pass++) {
      const opened: PushTarget | undefined = await openPushTarget(job.api, job.name, job.tally, job.signal);
      if (opened === undefined) throw fail();
      target = opened;
      const remote = await syncInto(job, opened.dataset, fail);
      const canonical = canonicalDataset(await datasetsNamed(job.api, job.name, job.signal));
      if (canonical === undefined || canonical.id === opened.dataset.id || !opened.created || pass === 1) {
        if (job.tally.failures.length > 0) throw fail();
        return result(job, opened.dataset.id, target.created, remote);
      }
      // an older dataset of this name appeared while pushing into the one this call made (two pushes created one
      // each in the same instant): push into the older instead; what was written into this call's one goes with it
      await removeOwnDataset(job.api, opened.dataset.id, job.tally, job.signal);
      job.tally.startOver();
    }
  } catch (error) {
    if (error instanceof DatasetPushError || !(error instanceof HoneyHiveApiError)) throw error;
    throw fail(error.message);
  }
}

function result(job: PushJob, datasetId: string, created: boolean, remote: RemoteDataset): DatasetPushResult {
  const written = job.tally.written(datasetId, created);
  const touched = new Set([...written.added, ...written.changed]);
  let unchanged = 0;
  for (const key of job.local.keys()) if (!touched.has(key)) unchanged += 1;
  return {
    datasetId, created, added: written.added, changed: written.changed, removed: written.removed,
    duplicatesRemoved: written.duplicatesRemoved, unchanged, version: versionOfEntries(remote.entries),
  };
}

/** Pushes of one name through one client run one after another (the later one then finds the rows written). */
const pushesInFlight = new WeakMap<ApiClient, OneAtATimePerKey>();

function oneAtATime<T>(api: ApiClient, name: string, run: () => Promise<T>): Promise<T> {
  const byName = pushesInFlight.get(api) ?? new OneAtATimePerKey();
  pushesInFlight.set(api, byName);
  return byName.after(name, run);
}

/**
 * Pushes dataset items (or a `.jsonl`/`.json` file `loadDataset` reads) to the HoneyHive dataset `name`, creating
 * it when missing. Rows are matched by external id (the `key` field, kept in `metadata.external_id`): pushing the
 * same rows again writes nothing, a changed row is one update, new rows are created in batches, and in mode
 * `replace` a row gone from the items is one delete (mode `upsert`, the default, never deletes). Images, audio and
 * documents in the rows are uploaded to the attachment store and kept in the datapoints by reference (option
 * `attachments`). The dataset is read back after writing: the result's counts are the writes the server
 * acknowledged, and its version is the content the server holds. Two pushes of one name at once (processes or
 * calls) end with one dataset holding each row once. Throws `EvaluationConfigError` for invalid items or options,
 * and `DatasetPushError` (a `HoneyHiveApiError`) when a request fails: its `written` counts what the server
 * acknowledged, its `failures` name each failed write, and pushing again finishes the job.
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
  const local = new Map(entries.map((e) => [e.key, e]));
  return oneAtATime(client.api, name, () => push({ api: client.api, name, local, mode, attachments, tally: new WriteTally(), signal }));
}
