/**
 * Content versions of datasets. HoneyHive datasets have no versions, so a version is derived from content:
 * `dsv-` + the first 16 hex digits of sha256 over CPython's `json.dumps(entries, sort_keys=True)`, where the
 * entries are the canonical datapoints ({@link DatasetEntry}) sorted by external id (code point order).
 */
import { versionOfEntries as coreVersionOfEntries } from "@honeyhive/core/datasets/dataset-content";
import { runtime } from "../runtime/platform";
import { compareCodePoints } from "./python-json";
import { type DatasetEntry, entriesOfItems } from "./dataset-entry";
import { checkUnknownOptions } from "../config/unknown-options";
import { EVALUATION_UNKNOWN_OPTIONS } from "../config/evaluation-config-error";

/** The content version of canonical entries (their order does not matter): core's rule, with the runtime's SHA-256. */
export function versionOfEntries(entries: readonly DatasetEntry[]): string {
  return coreVersionOfEntries(entries, (text) => runtime.sha256Hex(text));
}

/**
 * The content version of dataset items (as `loadDataset` reads them, or inline `{ inputs, ground_truth }` items):
 * the same `dsv-…` value the server's copy has after `pushDataset` with the same `key`. Row order does not
 * change it; any change to a row's inputs, ground truth, history, metadata, split or external id does. Throws
 * `EvaluationConfigError` for an invalid item or two items with the same external id.
 *
 * @example
 * const version = datasetVersion(await loadDataset("evals/qa.jsonl"), { key: "qid" });
 */
export function datasetVersion(items: readonly unknown[], options: { key?: string } = {}): string {
  checkUnknownOptions(options, ["key"], "datasetVersion()", EVALUATION_UNKNOWN_OPTIONS);
  return versionOfEntries(entriesOfItems(items, options.key));
}

/** What differs between two sets of canonical entries, by external id (each list sorted). */
export interface DatasetDiff {
  /** External ids only the new side has. */
  readonly added: string[];
  /** External ids both sides have with different content. */
  readonly changed: string[];
  /** External ids only the old side has. */
  readonly removed: string[];
}

/** The difference from `before` to `after` (`(external id, content hash)` pairs), as external ids. */
export function diffEntries(before: Iterable<readonly [string, string]>, after: Iterable<readonly [string, string]>): DatasetDiff {
  const old = new Map(before);
  const added: string[] = [];
  const changed: string[] = [];
  for (const [key, hash] of after) {
    const was = old.get(key);
    if (was === undefined) added.push(key);
    else if (was !== hash) changed.push(key);
    old.delete(key);
  }
  const sort = (list: string[]) => list.sort(compareCodePoints);
  return { added: sort(added), changed: sort(changed), removed: sort([...old.keys()]) };
}

/** An entry's content hash: the first 16 hex digits of sha256 over its canonical JSON (what lock files keep). */
export function entryHash(entry: DatasetEntry): string {
  return runtime.sha256Hex(entry.canonical).slice(0, 16);
}

/** `(external id, content hash)` pairs of entries, for {@link diffEntries}. */
export function entryPairs(entries: readonly DatasetEntry[]): [string, string][] {
  return entries.map((e) => [e.key, entryHash(e)]);
}

/** A dataset's content as a pinned run checks it: its version and each datapoint's content hash. */
export interface DatasetContent {
  readonly version: string;
  /** `(external id, content hash)` pairs. */
  readonly hashes: [string, string][];
}

/** The {@link DatasetContent} of entries. */
export function contentOfEntries(entries: readonly DatasetEntry[]): DatasetContent {
  let hashes: [string, string][] | undefined;
  // the hashes only when a pinned run checks its drift (a sha256 per datapoint)
  return { version: versionOfEntries(entries), get hashes() { return (hashes ??= entryPairs(entries)); } };
}
