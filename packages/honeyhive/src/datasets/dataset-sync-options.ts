/**
 * The options of `pushDataset`, `pullDataset` and `diffDataset`, checked once: an unknown key warns naming the closest
 * key and is ignored (strict mode: thrown), as everywhere in the SDK.
 */
import { EVALUATION_UNKNOWN_OPTIONS, EvaluationConfigError } from "../config/evaluation-config-error";
import { checkUnknownOptions } from "../config/unknown-options";
import type { AttachmentOptions } from "../config/attachments-option";

/** Options of the dataset sync functions. */
export interface DatasetSyncOptions {
  /**
   * The item field holding each row's external id (kept in the datapoint's `metadata.external_id`).
   * @defaultValue the item's `id`/`datapoint_id` with the `EXT-` prefix (a row made from an event keeps its `event-…` id), else `EXT-` + a hash of the row
   */
  key?: string;
  /** `upsert` adds and updates; `replace` also removes datapoints the items no longer have. @defaultValue "upsert" */
  mode?: "upsert" | "replace";
  /** Cancels the sync between requests. */
  signal?: AbortSignal;
  /**
   * Images, audio and documents in the rows (`attachment()` values, data URIs, bytes): stored by reference, as the
   * tracer's `attachments` option says (`false` pushes them inline). @defaultValue the dev server's store for a client
   * of a loopback server; elsewhere rows are pushed as they are unless `store` or `presign` is given
   */
  attachments?: false | AttachmentOptions;
}

const SYNC_OPTION_KEYS = ["key", "mode", "signal", "attachments"] as const;

/** The checked options of `fn`. Throws {@link EvaluationConfigError} for a wrong value (and, strict, an unknown key). */
export function checkSyncOptions(fn: string, options: DatasetSyncOptions | undefined): DatasetSyncOptions {
  const given = options ?? {};
  if (typeof given !== "object") throw new EvaluationConfigError(`${fn}: options must be an object`);
  checkUnknownOptions(given, SYNC_OPTION_KEYS, fn, EVALUATION_UNKNOWN_OPTIONS);
  if (given.key !== undefined && (typeof given.key !== "string" || given.key === "")) throw new EvaluationConfigError(`${fn}: key must be a field name`);
  if (given.mode !== undefined && given.mode !== "upsert" && given.mode !== "replace") {
    throw new EvaluationConfigError(`${fn}: mode must be "upsert" or "replace" (got ${JSON.stringify(given.mode)})`);
  }
  return given;
}

/** A non-empty dataset name, or an {@link EvaluationConfigError}. */
export function checkDatasetName(fn: string, name: unknown): string {
  if (typeof name !== "string" || name.trim() === "") throw new EvaluationConfigError(`${fn}: the dataset name must be a non-empty string`);
  return name;
}
