/**
 * Pinned dataset versions: `evaluate({ datasetVersion })` refuses to start when the dataset's content no longer has
 * the pinned version, and says how many datapoints were added, changed and removed since (when pinned by a lock).
 */
import { EvaluationConfigError } from "../config/evaluation-config-error";
import { checkDatasetLock, type DatasetLock } from "./dataset-lock";
import { type DatasetContent, diffEntries } from "./dataset-version";
import { readDatasetLock } from "./lock-file";

/** A pin as evaluate() takes it: a `dsv-…` version, the path of a lock file, or a lock. */
export type DatasetPin = string | DatasetLock;

/** A pin read: the version, and the datapoint hashes when it came from a lock. */
export interface DatasetPinRead {
  readonly version: string;
  /** The item field holding external ids (a lock pulled with `--key`). */
  readonly key?: string;
  readonly datapoints?: Readonly<Record<string, string>>;
}

/** Reads `datasetVersion`. Throws {@link EvaluationConfigError} for a value that is no version, lock or lock file. */
export async function readDatasetPin(pin: unknown): Promise<DatasetPinRead | undefined> {
  if (pin === undefined || pin === null) return undefined;
  if (typeof pin === "string") {
    if (/^dsv-[0-9a-f]{16}$/.test(pin)) return { version: pin };
    if (pin.startsWith("dsv-")) throw new EvaluationConfigError(`datasetVersion "${pin}" is not a dataset version (dsv- and 16 hex digits)`);
    return readDatasetLock(pin);
  }
  return checkDatasetLock(pin, "datasetVersion");
}

/** The drift message of a pinned run, or undefined when the content still has the pinned version. */
export function datasetDrift(pin: DatasetPinRead, content: DatasetContent, datasetId: string): string | undefined {
  if (pin.version === content.version) return undefined;
  const head = `dataset "${datasetId}" no longer has the pinned version ${pin.version} (it has ${content.version})`;
  if (!pin.datapoints) return `${head}: its content changed since (pin a lock file from "honeyhive datasets pull --lock" to see what changed)`;
  const diff = diffEntries(Object.entries(pin.datapoints), content.hashes);
  return `${head}: ${diff.added.length} datapoint(s) added, ${diff.changed.length} changed, ${diff.removed.length} removed since`;
}

/**
 * Checks a pinned run before it starts: throws {@link EvaluationConfigError} when the content drifted, unless
 * `allowDrift`; then the drift message is returned for a warning.
 */
export function checkDatasetPin(pin: DatasetPinRead | undefined, content: DatasetContent | undefined, datasetId: string, allowDrift: boolean): string | undefined {
  if (!pin) return undefined;
  if (!content) throw new EvaluationConfigError(`datasetVersion: the content version of dataset "${datasetId}" cannot be computed (every ground truth must be an object)`);
  const drift = datasetDrift(pin, content, datasetId);
  if (drift !== undefined && !allowDrift) throw new EvaluationConfigError(`${drift}; pin the new version or pass allowDatasetDrift: true to run on it anyway`);
  return drift;
}
