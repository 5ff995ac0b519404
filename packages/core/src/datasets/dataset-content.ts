/**
 * The handles of datasets as code, one definition for the SDK (`pushDataset`, `pullDataset`, `datasetVersion`,
 * `honeyhive datasets diff`) and the dev server's viewer: a datapoint's external id (`metadata.external_id`, else
 * `EXT-<its id>`), its split (`metadata.split`), its canonical entry (external id, inputs, ground truth, history and
 * metadata without the external id, printed as CPython's `json.dumps(entry, sort_keys=True)`) and a dataset's
 * content version: `dsv-` + the first 16 hex digits of sha256 over the entries' canonical texts sorted by external id
 * (code point order), joined as a Python list. Pure: the caller gives the SHA-256.
 */
import { compareCodePoints, pythonJsonDumps } from "./python-json";

/** The metadata field that holds a pushed datapoint's external id on the server. */
export const EXTERNAL_ID_FIELD = "external_id";
/** The metadata field that holds a datapoint's split. */
export const SPLIT_FIELD = "split";
/** Prefix the backend uses to recognise external (not stored) datasets and datapoints. */
export const EXT_PREFIX = "EXT-";
/** Prefix of a dataset content version. */
export const DATASET_VERSION_PREFIX = "dsv-";

/** One datapoint in canonical form. */
export interface DatasetEntry {
  /** The external id: the `key` field's text, else `EXT-<custom id>` (`event-…` ids as they are), else `EXT-` + a hash of the item. */
  readonly key: string;
  readonly inputs: Record<string, unknown>;
  /** Always an object (`{}` when the item has none). */
  readonly groundTruth: Record<string, unknown>;
  readonly history: readonly Record<string, unknown>[];
  /** Metadata without {@link EXTERNAL_ID_FIELD}; an item's top-level `split` is kept here. */
  readonly metadata: Record<string, unknown>;
  /** `json.dumps({ground_truth, history, inputs, key, metadata}, sort_keys=True)`. */
  readonly canonical: string;
}

/** A datapoint as the API stores it (the fields the entry reads). */
export interface StoredDatapointFields {
  readonly id: unknown;
  readonly inputs?: unknown;
  readonly ground_truth?: unknown;
  readonly history?: unknown;
  readonly metadata?: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A custom id with the `EXT-` prefix (kept when it already has it). */
export function withExtPrefix(custom: string): string {
  return custom.startsWith(EXT_PREFIX) ? custom : `${EXT_PREFIX}${custom}`;
}

/** `metadata` without {@link EXTERNAL_ID_FIELD} (a fresh object; own keys only, `__proto__` kept as data). */
export function withoutExternalId(metadata: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isPlainObject(metadata)) return out;
  for (const [name, value] of Object.entries(metadata)) {
    if (name !== EXTERNAL_ID_FIELD) Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The canonical entry of these parts. */
export function datasetEntry(key: string, inputs: Record<string, unknown>, groundTruth: Record<string, unknown>, history: Record<string, unknown>[], metadata: Record<string, unknown>): DatasetEntry {
  const canonical = pythonJsonDumps({ ground_truth: groundTruth, history, inputs, key, metadata });
  return { key, inputs, groundTruth, history, metadata, canonical };
}

/** The external id of a stored datapoint: its metadata's, else (a datapoint created elsewhere) `EXT-<its id>`. */
export function externalIdOfDatapoint(datapoint: StoredDatapointFields): string {
  const external = isPlainObject(datapoint.metadata) ? datapoint.metadata[EXTERNAL_ID_FIELD] : undefined;
  return typeof external === "string" && external !== "" ? external : withExtPrefix(String(datapoint.id));
}

/** The split of a stored datapoint (`metadata.split`), if it has one. */
export function splitOfDatapoint(datapoint: StoredDatapointFields): string | undefined {
  const split = isPlainObject(datapoint.metadata) ? datapoint.metadata[SPLIT_FIELD] : undefined;
  return typeof split === "string" && split !== "" ? split : undefined;
}

/** The canonical entry of a stored datapoint, keyed by {@link externalIdOfDatapoint} (what a pulled row carries as `id`). */
export function entryOfStoredDatapoint(datapoint: StoredDatapointFields): DatasetEntry {
  const inputs = isPlainObject(datapoint.inputs) ? datapoint.inputs : {};
  const truth = isPlainObject(datapoint.ground_truth) ? datapoint.ground_truth : {};
  const history = Array.isArray(datapoint.history) ? datapoint.history.filter(isPlainObject) : [];
  return datasetEntry(externalIdOfDatapoint(datapoint), inputs, truth, history, withoutExternalId(datapoint.metadata));
}

/** The content version of canonical entries (their order does not matter), given a SHA-256 (lowercase hex of UTF-8). */
export function versionOfEntries(entries: readonly DatasetEntry[], sha256Hex: (text: string) => string): string {
  const sorted = [...entries].sort((a, b) => compareCodePoints(a.key, b.key));
  const text = `[${sorted.map((e) => e.canonical).join(", ")}]`;
  return `${DATASET_VERSION_PREFIX}${sha256Hex(text).slice(0, 16)}`;
}
