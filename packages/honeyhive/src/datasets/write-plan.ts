/**
 * The writes that make a stored dataset hold the local rows: the rows to create, update and (mode `replace`) remove,
 * and the extra copies to delete where two datapoints carry one external id. Of such copies the first in the
 * dataset's order is kept, so every client that reads the same dataset removes the same copies (decision record 0049).
 */
import type { DatasetEntry } from "./dataset-entry";
import type { RemoteEntry } from "./remote-dataset";

/** One stored datapoint to write over or delete. */
export interface StoredRow {
  readonly key: string;
  readonly datapointId: string;
}

/** What a push writes in one round. */
export interface WritePlan {
  readonly create: DatasetEntry[];
  readonly update: (StoredRow & { readonly entry: DatasetEntry })[];
  /** Rows the local side no longer has (mode `replace`). */
  readonly remove: StoredRow[];
  /** Extra copies of a row. */
  readonly duplicates: StoredRow[];
}

/** The stored entries, each external id once (its first copy in the dataset's order), and the extra copies. */
export function firstCopies(remote: readonly RemoteEntry[]): { kept: Map<string, RemoteEntry>; duplicates: StoredRow[] } {
  const kept = new Map<string, RemoteEntry>();
  const duplicates: StoredRow[] = [];
  for (const entry of remote) {
    if (kept.has(entry.key)) duplicates.push({ key: entry.key, datapointId: entry.datapointId });
    else kept.set(entry.key, entry);
  }
  return { kept, duplicates };
}

/** The writes turning `remote` into `local` (`upsert` never removes a row, but always removes extra copies). */
export function planWrites(remote: readonly RemoteEntry[], local: ReadonlyMap<string, DatasetEntry>, mode: "upsert" | "replace"): WritePlan {
  const { kept, duplicates } = firstCopies(remote);
  const create: DatasetEntry[] = [];
  const update: (StoredRow & { entry: DatasetEntry })[] = [];
  for (const [key, entry] of local) {
    const stored = kept.get(key);
    if (stored === undefined) create.push(entry);
    else if (stored.canonical !== entry.canonical) update.push({ key, datapointId: stored.datapointId, entry });
  }
  const remove: StoredRow[] = [];
  if (mode === "replace") for (const [key, stored] of kept) if (!local.has(key)) remove.push({ key, datapointId: stored.datapointId });
  return { create, update, remove, duplicates };
}

/** True when the plan writes nothing. */
export function isEmptyPlan(plan: WritePlan): boolean {
  return plan.create.length === 0 && plan.update.length === 0 && plan.remove.length === 0 && plan.duplicates.length === 0;
}
