/**
 * What a server holds for a dataset name, read straight from its API (no SDK sync function in between): the datasets
 * of that name, each row's canonical form by external id, the external ids held more than once, and the content
 * version of all of it. The dataset tests compare what a call reported with this. Also the rows the tests push.
 */
import type { HoneyHive } from "../../packages/honeyhive/src/facade/honeyhive";
import type { Datapoint } from "../../packages/honeyhive/src/api-client/types";
import { entryOfDatapoint, type DatasetEntry } from "../../packages/honeyhive/src/datasets/dataset-entry";
import { versionOfEntries } from "../../packages/honeyhive/src/datasets/dataset-version";

/** A dataset name's content on the server. */
export interface HeldRows {
  /** Ids of the datasets with that name. */
  datasetIds: string[];
  /** Each external id's canonical row (the last copy when there are several). */
  byKey: Map<string, string>;
  /** External ids held more than once, sorted (one entry per extra copy). */
  duplicates: string[];
  /** Datapoints held, copies included. */
  count: number;
  /** The content version of every datapoint held (undefined when there is no such dataset). */
  version: string | undefined;
  entries: DatasetEntry[];
}

/** Reads dataset `name` through `client` (give it the server's own URL, not a faulty proxy). */
export async function heldRows(client: HoneyHive, name: string): Promise<HeldRows> {
  const listed = await client.api.datasets.list({ name });
  if (!listed.ok) throw new Error(listed.error);
  const datasets = listed.data.datasets.filter((d) => d.name === name);
  const ids = datasets.flatMap((d) => d.datapoints ?? []);
  let datapoints: Datapoint[] = [];
  if (ids.length > 0) {
    const read = await client.api.datapoints.list({ ids });
    if (!read.ok) throw new Error(read.error);
    datapoints = read.data.datapoints;
  }
  const entries = datapoints.map(entryOfDatapoint);
  const byKey = new Map<string, string>();
  const duplicates: string[] = [];
  for (const entry of entries) {
    if (byKey.has(entry.key)) duplicates.push(entry.key);
    byKey.set(entry.key, entry.canonical);
  }
  return {
    datasetIds: datasets.map((d) => d.id), byKey, duplicates: duplicates.sort(), count: entries.length,
    version: datasets.length > 0 ? versionOfEntries(entries) : undefined, entries,
  };
}

/** Rows `q<from>`…`q<to - 1>` with inputs, ground truth and metadata; `tag` changes their content. */
export function rowsOf(from: number, to: number, tag = ""): { qid: string; inputs: object; ground_truth: object; metadata: object }[] {
  return Array.from({ length: to - from }, (_, i) => {
    const n = from + i;
    return { qid: `q${n}`, inputs: { question: `what is ${n}+${n}?${tag}` }, ground_truth: { answer: String(2 * n) }, metadata: { source: "tests" } };
  });
}
