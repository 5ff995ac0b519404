/**
 * Dataset lock files: a dataset's content version and each datapoint's content hash by external id, so a pinned
 * run can say what changed since (added, changed, removed), not only that something did.
 */
import { EvaluationConfigError } from "../config/evaluation-config-error";
import type { DatasetEntry } from "./dataset-entry";
import { entryPairs, versionOfEntries } from "./dataset-version";

/** The content of a lock file (`honeyhive datasets pull --lock`). */
export interface DatasetLock {
  /** The dataset's HoneyHive id. */
  readonly dataset_id: string;
  readonly name: string;
  /** The content version (`dsv-…`). */
  readonly version: string;
  /** The item field holding external ids when the dataset was pulled with one. */
  readonly key?: string;
  /** Content hash (16 hex digits of sha256 over the canonical entry) by external id. */
  readonly datapoints: Readonly<Record<string, string>>;
}

/** The lock of a stored dataset's entries. */
export function lockOfEntries(dataset: { id: string; name: string; entries: readonly DatasetEntry[] }, key?: string): DatasetLock {
  const datapoints: Record<string, string> = {};
  for (const [external, hash] of entryPairs(dataset.entries)) {
    Object.defineProperty(datapoints, external, { value: hash, enumerable: true, writable: true, configurable: true });
  }
  return { dataset_id: dataset.id, name: dataset.name, version: versionOfEntries(dataset.entries), ...(key !== undefined ? { key } : {}), datapoints };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks a parsed lock file. Throws {@link EvaluationConfigError} naming `where` when it is not a lock. */
export function checkDatasetLock(value: unknown, where: string): DatasetLock {
  const ok = isPlainObject(value) && typeof value.version === "string" && value.version.startsWith("dsv-") && isPlainObject(value.datapoints)
    && Object.values(value.datapoints).every((h) => typeof h === "string");
  if (!ok) throw new EvaluationConfigError(`${where} is not a dataset lock ({ "version": "dsv-…", "datapoints": { … } })`);
  return value as unknown as DatasetLock;
}
