/**
 * A write whose answer never came (the connection dropped, a timeout, a 5xx from a proxy after the server applied it)
 * may have landed. Before a push reports such a write failed, it reads the dataset back: a row the server holds exactly
 * as it was to be written (or, for a removal, no longer holds) counts as written, and its failure is withdrawn. A write
 * the server refused (a 4xx) did not land, whatever the dataset holds, and stays failed.
 */
import { isTransientStatus } from "../transport/retry-policy";
import type { DatasetEntry } from "./dataset-entry";
import type { DatasetWriteFailure } from "./dataset-push-error";
import type { RemoteEntry } from "./remote-dataset";
import type { WriteTally } from "./write-datapoints";

/** Each key the dataset holds, with the canonical forms of its rows (more than one while a duplicate is there). */
function heldByKey(remote: readonly RemoteEntry[]): Map<string, Set<string>> {
  const held = new Map<string, Set<string>>();
  for (const entry of remote) {
    const forms = held.get(entry.key) ?? new Set<string>();
    forms.add(entry.canonical);
    held.set(entry.key, forms);
  }
  return held;
}

/** True when the server holds what `failure`'s write was to do; counts it in `tally` then. */
function landed(failure: DatasetWriteFailure, held: Map<string, Set<string>>, local: ReadonlyMap<string, DatasetEntry>, tally: WriteTally): boolean {
  if (!isTransientStatus(failure.status)) return false; // refused: not applied
  const wanted = local.get(failure.key)?.canonical;
  if (failure.action === "add" || failure.action === "change") {
    if (wanted === undefined || held.get(failure.key)?.has(wanted) !== true) return false;
    (failure.action === "add" ? tally.added : tally.changed).add(failure.key);
    return true;
  }
  if (failure.action === "remove" && !held.has(failure.key)) {
    tally.removed.add(failure.key);
    return true;
  }
  return false;
}

/**
 * Withdraws from `tally` the failures of writes the dataset, as read back (`remote`), shows applied, counting them as
 * written. Only the rows' writes are decided here (not a dataset's creation or removal).
 */
export function countLandedWrites(tally: WriteTally, remote: readonly RemoteEntry[], local: ReadonlyMap<string, DatasetEntry>): void {
  const held = heldByKey(remote);
  const still = tally.failures.filter((failure) => !landed(failure, held, local, tally));
  tally.failures.length = 0;
  for (const failure of still) tally.failures.push(failure);
}
