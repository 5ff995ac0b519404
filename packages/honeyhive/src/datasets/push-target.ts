/**
 * The dataset a push of a name writes to. HoneyHive does not keep dataset names unique, so two pushes of a new
 * dataset at once may each create one: after creating, a push lists the name again and writes to the oldest dataset
 * of that name, deleting the one it made when another is older. Every client picks the same one (decision record 0049).
 */
import type { ApiClient } from "../api-client/create-api-client";
import type { Dataset } from "../api-client/types";
import { canonicalDataset, datasetsNamed } from "./remote-dataset";
import type { WriteTally } from "./write-datapoints";

/** Where a push writes, and whether this call created that dataset. */
export interface PushTarget {
  readonly dataset: Dataset;
  readonly created: boolean;
}

/** Deletes a dataset this call created and does not use; a failure is recorded, never thrown. */
export async function removeOwnDataset(api: ApiClient, datasetId: string, tally: WriteTally, signal?: AbortSignal): Promise<void> {
  const removed = await api.datasets.delete(datasetId, signal);
  if (!removed.ok && removed.status !== 404) tally.fail("remove-dataset", datasetId, removed);
}

/**
 * The dataset named `name` to push to: the oldest of that name, else a new one. Undefined when creating it failed
 * (recorded in the tally).
 */
export async function openPushTarget(api: ApiClient, name: string, tally: WriteTally, signal?: AbortSignal): Promise<PushTarget | undefined> {
  const existing = canonicalDataset(await datasetsNamed(api, name, signal));
  if (existing) return { dataset: existing, created: false };
  const made = await api.datasets.create({ name }, signal);
  const id = made.ok ? (made.data.result as { insertedId?: unknown } | undefined)?.insertedId : undefined;
  if (!made.ok || typeof id !== "string") {
    tally.fail("create-dataset", name, made.ok ? { error: "the server returned no dataset id" } : made);
    return undefined;
  }
  const named = await datasetsNamed(api, name, signal);
  const mine = named.find((d) => d.id === id) ?? { id, name, datapoints: [] };
  const canonical = canonicalDataset([...named.filter((d) => d.id !== id), mine])!;
  if (canonical.id === id) return { dataset: mine, created: true };
  await removeOwnDataset(api, id, tally, signal);
  return { dataset: canonical, created: false };
}
