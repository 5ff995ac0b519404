/**
 * Runs a {@link WritePlan} against the API and counts only what the server acknowledged: new rows in batches of
 * `POST /v1/datasets/{id}/datapoints` (checked once per client by reading the first datapoint back; a server that
 * stores a batch row differently gets rows one by one from then on), the rest one request per row, 8 at a time.
 * Every failed write is recorded with its row; a delete answered 404 found the row gone already.
 */
import { eventIdOfExternalId } from "@honeyhive/core/datasets/datapoint-from-event";
import type { ApiClient } from "../api-client/create-api-client";
import type { ApiResult, JsonObject } from "../api-client/types";
import { runWorkerPool } from "../runtime/worker-pool";
import { isTransientStatus } from "../transport/retry-policy";
import { batchChunks, type BatchChunk } from "./batch-rows";
import { type DatasetEntry, EXTERNAL_ID_FIELD, entryOfDatapoint } from "./dataset-entry";
import type { AcknowledgedWrites, DatasetWriteAction, DatasetWriteFailure } from "./dataset-push-error";
import type { WritePlan } from "./write-plan";

/** Single writes in flight at once. */
const WRITE_CONCURRENCY = 8;
/** Batch requests in flight at once. */
const BATCH_CONCURRENCY = 2;

/** The writes a push has made so far (acknowledged only) and its failures. */
export class WriteTally {
  readonly added = new Set<string>();
  readonly changed = new Set<string>();
  readonly removed = new Set<string>();
  duplicatesRemoved = 0;
  readonly failures: DatasetWriteFailure[] = [];

  fail(action: DatasetWriteAction, key: string, result: Extract<ApiResult<unknown>, { ok: false }> | { error: string; status?: number }): void {
    this.failures.push(result.status === undefined ? { action, key, error: result.error } : { action, key, error: result.error, status: result.status });
  }

  /** Forgets the writes counted so far (they went to a dataset since deleted); failures are kept. */
  startOver(): void {
    this.added.clear();
    this.changed.clear();
    this.removed.clear();
    this.duplicatesRemoved = 0;
  }

  /** The acknowledged writes, as error and result report them. */
  written(datasetId: string | undefined, created: boolean): AcknowledgedWrites {
    const sorted = (keys: Set<string>) => [...keys].sort();
    return { datasetId, created, added: sorted(this.added), changed: sorted(this.changed), removed: sorted(this.removed), duplicatesRemoved: this.duplicatesRemoved };
  }
}

/** What one round changed on the server, by datapoint id (what a read-back need not fetch again). */
export interface RoundWrites {
  readonly created: Map<string, DatasetEntry>;
  readonly updated: Map<string, DatasetEntry>;
  readonly deleted: Set<string>;
  /** True when the signal stopped the round before every write started. */
  cancelled: boolean;
}

/** Per client: whether a batch row was read back as sent (`true`), or not (`false`); unknown until the first batch. */
const batchStoresRowsAsSent = new WeakMap<ApiClient, boolean>();

/** The body of `POST /v1/datapoints` / `PUT /v1/datapoints/{id}` for an entry (`linked_event` for a row made from an event). */
export function datapointBody(entry: DatasetEntry): { inputs: JsonObject } & JsonObject {
  const body: { inputs: JsonObject } & JsonObject = {
    inputs: entry.inputs as JsonObject,
    ground_truth: entry.groundTruth as JsonObject,
    history: entry.history as JsonObject[],
    metadata: { ...entry.metadata, [EXTERNAL_ID_FIELD]: entry.key } as JsonObject,
  };
  const eventId = eventIdOfExternalId(entry.key);
  if (eventId !== undefined) body.linked_event = eventId;
  return body;
}

function insertedIdOf(data: JsonObject): string | undefined {
  const result = data.result as { insertedId?: unknown; insertedIds?: unknown } | undefined;
  const id = result?.insertedId ?? (Array.isArray(result?.insertedIds) ? result.insertedIds[0] : undefined);
  return typeof id === "string" ? id : undefined;
}

/** Sends one batch; on success its rows are counted added. Returns the datapoint ids made, or undefined. */
async function sendBatch(api: ApiClient, datasetId: string, chunk: BatchChunk, tally: WriteTally, round: RoundWrites, signal?: AbortSignal): Promise<string[] | undefined> {
  const answer = await api.datasets.addDatapoints(datasetId, chunk.body, signal);
  const ids = answer.ok ? answer.data.datapoint_ids : undefined;
  if (!answer.ok || !Array.isArray(ids) || ids.length !== chunk.entries.length || !ids.every((id) => typeof id === "string")) {
    const failure = answer.ok ? { error: `the server answered ${Array.isArray(ids) ? ids.length : "no"} datapoint ids for ${chunk.entries.length} rows` } : answer;
    for (const entry of chunk.entries) tally.fail("add", entry.key, failure);
    return undefined;
  }
  chunk.entries.forEach((entry, i) => {
    round.created.set(ids[i]!, entry);
    tally.added.add(entry.key);
  });
  return ids;
}

/** Whether the server gives back the batch's first row as it was sent; undefined when it could not be read. */
async function storedAsSent(api: ApiClient, datapointId: string, entry: DatasetEntry, signal?: AbortSignal): Promise<boolean | undefined> {
  const read = await api.datapoints.get(datapointId, signal);
  if (!read.ok) return undefined;
  const stored = read.data.datapoint?.[0];
  return stored !== undefined && entryOfDatapoint(stored).canonical === entry.canonical;
}

/**
 * Creates rows in batches. The first batch of a client is read back: when its row differs from what was sent, the
 * batch's rows are written again one by one (`corrections`) and every later row goes one by one (returned). A read
 * that fails decides nothing (the next push reads again).
 */
async function createInBatches(api: ApiClient, datasetId: string, entries: DatasetEntry[], tally: WriteTally, round: RoundWrites, signal?: AbortSignal): Promise<{ singles: DatasetEntry[]; corrections: [string, DatasetEntry][] }> {
  if (batchStoresRowsAsSent.get(api) === false) return { singles: entries, corrections: [] };
  const { chunks, singles } = batchChunks(entries);
  let rest = chunks;
  if (batchStoresRowsAsSent.get(api) === undefined && chunks.length > 0) {
    const first = chunks[0]!;
    const ids = await sendBatch(api, datasetId, first, tally, round, signal);
    rest = chunks.slice(1);
    if (ids !== undefined) {
      const asSent = await storedAsSent(api, ids[0]!, first.entries[0]!, signal);
      if (asSent !== undefined) batchStoresRowsAsSent.set(api, asSent);
      if (asSent === false) return { singles: [...singles, ...rest.flatMap((c) => c.entries)], corrections: ids.map((id, i) => [id, first.entries[i]!]) };
    }
  }
  const outcome = await runWorkerPool(rest.length, BATCH_CONCURRENCY, (i) =>
    sendBatch(api, datasetId, rest[i]!, tally, round, signal).catch((error: unknown) => {
      for (const entry of rest[i]!.entries) tally.fail("add", entry.key, { error: String(error) });
      return undefined;
    }), signal);
  round.cancelled ||= outcome.cancelled;
  return { singles, corrections: [] };
}

/** One request's write: what it is for, and the call (which never throws: API results are values). */
interface SingleWrite {
  readonly action: DatasetWriteAction;
  readonly key: string;
  readonly run: () => Promise<void>;
}

function singleWrites(api: ApiClient, datasetId: string, plan: WritePlan, creates: DatasetEntry[], corrections: [string, DatasetEntry][], tally: WriteTally, round: RoundWrites, signal?: AbortSignal): SingleWrite[] {
  const create = (entry: DatasetEntry): SingleWrite => ({ action: "add", key: entry.key, run: async () => {
    const made = await api.datapoints.create({ ...datapointBody(entry), linked_datasets: [datasetId] }, signal);
    if (!made.ok) return tally.fail("add", entry.key, made);
    const id = insertedIdOf(made.data);
    if (id !== undefined) round.created.set(id, entry);
    tally.added.add(entry.key);
  } });
  const update = (datapointId: string, entry: DatasetEntry, counted: Set<string>, action: DatasetWriteAction): SingleWrite => ({ action, key: entry.key, run: async () => {
    const done = await api.datapoints.update(datapointId, datapointBody(entry), signal);
    if (!done.ok) return tally.fail(action, entry.key, done);
    round.updated.set(datapointId, entry);
    counted.add(entry.key);
  } });
  const remove = (key: string, datapointId: string, duplicate: boolean): SingleWrite => ({ action: duplicate ? "remove-duplicate" : "remove", key, run: async () => {
    let mayHaveDeleted = false; // an attempt may have deleted the row without saying so (isTransientStatus)
    const done = await api.datapoints.delete(datapointId, signal, (status) => {
      mayHaveDeleted ||= isTransientStatus(status);
    });
    if (!done.ok && done.status !== 404) return tally.fail(duplicate ? "remove-duplicate" : "remove", key, done);
    round.deleted.add(datapointId);
    // a 404 to a retry after an attempt that may have deleted the row: this call removed it (its answer was lost);
    // a 404 to the first attempt: another client removed it (two pushes at once), counted by that client
    if (!done.ok && !mayHaveDeleted) return;
    if (duplicate) tally.duplicatesRemoved += 1;
    else tally.removed.add(key);
  } });
  return [
    ...creates.map(create),
    ...corrections.map(([id, entry]) => update(id, entry, tally.added, "add")),
    ...plan.update.map((row) => update(row.datapointId, row.entry, tally.changed, "change")),
    ...plan.remove.map((row) => remove(row.key, row.datapointId, false)),
    ...plan.duplicates.map((row) => remove(row.key, row.datapointId, true)),
  ];
}

/** Runs the plan's writes against dataset `datasetId`; failures go to the tally, never thrown. */
export async function writePlan(api: ApiClient, datasetId: string, plan: WritePlan, tally: WriteTally, signal?: AbortSignal): Promise<RoundWrites> {
  const round: RoundWrites = { created: new Map(), updated: new Map(), deleted: new Set(), cancelled: false };
  const { singles, corrections } = await createInBatches(api, datasetId, plan.create, tally, round, signal);
  const writes = singleWrites(api, datasetId, plan, singles, corrections, tally, round, signal);
  const outcome = await runWorkerPool(writes.length, WRITE_CONCURRENCY, async (i) => {
    const write = writes[i]!;
    await write.run().catch((error: unknown) => tally.fail(write.action, write.key, { error: String(error) }));
  }, signal);
  round.cancelled ||= outcome.cancelled || signal?.aborted === true;
  return round;
}
