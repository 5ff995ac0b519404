/**
 * What a dataset write that did not fully succeed reports: the writes the server acknowledged (and only those), and
 * each write that failed. Thrown by `pushDataset`, `addFromEvents` and `addEvent`.
 */
import { HoneyHiveApiError } from "../api-client/honeyhive-api-error";

/** What one failed write was for. */
export type DatasetWriteAction = "create-dataset" | "add" | "change" | "remove" | "remove-duplicate" | "remove-dataset";

/** One write the server did not acknowledge (refused, failed, or never answered: it may or may not have landed). */
export interface DatasetWriteFailure {
  /** What the write was for. */
  readonly action: DatasetWriteAction;
  /** The row's external id (the dataset's name for `create-dataset`, its id for `remove-dataset`). */
  readonly key: string;
  /** Why it failed (never the API key). */
  readonly error: string;
  /** The HTTP status, when the server answered. */
  readonly status?: number;
}

/** The writes the server acknowledged, by external id. */
export interface AcknowledgedWrites {
  /** The dataset written to (undefined when it could not be found or created). */
  readonly datasetId: string | undefined;
  /** True when this call created the dataset. */
  readonly created: boolean;
  readonly added: string[];
  readonly changed: string[];
  readonly removed: string[];
  /** Extra copies of a row (two datapoints with one external id) deleted. */
  readonly duplicatesRemoved: number;
}

/**
 * Thrown when a dataset write failed or was cancelled. `written` counts only what the server acknowledged (nothing
 * is counted for a failed write); `failures` names every write that failed. Running the same call again finishes
 * the job: it reads what the server holds and writes only what is still missing.
 */
export class DatasetPushError extends HoneyHiveApiError {
  readonly written: AcknowledgedWrites;
  readonly failures: readonly DatasetWriteFailure[];

  /**
   * @param what - the call, e.g. `pushDataset() of "qa"`
   * @param reason - why it stopped when no write failed (cancelled, a read failed); by default the failures
   */
  constructor(what: string, written: AcknowledgedWrites, failures: readonly DatasetWriteFailure[], reason?: string) {
    const first = failures[0];
    const failed = first === undefined ? "" : `${failures.length} write(s) failed (first: ${first.action} "${first.key}": ${first.error})`;
    const why = [failed, reason].filter((part) => part !== undefined && part !== "").join("; ") || "it stopped";
    const done = `${written.added.length} added, ${written.changed.length} changed, ${written.removed.length} removed`;
    super(`${what}: ${why}; acknowledged by the server: ${done}. Run it again to finish`, first?.status);
    this.name = "DatasetPushError";
    this.written = written;
    this.failures = failures;
  }
}
