/**
 * What `loadDataset` remembers about an item it read from a file: the item as CPython's
 * `json.dumps(…, sort_keys=True)` prints it (number spelling kept: `1.0`, `-0.0`, `1e+16`, big integers) and
 * its custom id's text, so that its `EXT-` ids equal the Python SDK's for the same file. Kept on the item under
 * a non-enumerable registered symbol (invisible to spreads, `JSON.stringify` and the user's code, shared by
 * the ESM and CommonJS builds), with a snapshot that detects later changes to the item.
 */

const SOURCE = Symbol.for("honeyhive.datasetItemSource");

/** The Python form of an item read from a file. */
interface DatasetItemSource {
  /** `json.dumps(item, sort_keys=True)` as CPython prints it for the file's item. */
  readonly pythonJson: string;
  /** The custom id (`id` or `datapoint_id`) as Python's `str()` prints it, when there is one. */
  readonly customId?: string;
  /** `JSON.stringify(item)` at load time. */
  readonly snapshot: string;
}

/** Attaches `source` to `item`. */
export function setDatasetItemSource(item: object, source: DatasetItemSource): void {
  Object.defineProperty(item, SOURCE, { value: source, enumerable: false, writable: false, configurable: false });
}

/** The file form of `item`, or undefined when it was not read by `loadDataset` or has changed since. */
export function datasetItemSource(item: unknown): DatasetItemSource | undefined {
  if (typeof item !== "object" || item === null) return undefined;
  const source = (item as { [SOURCE]?: DatasetItemSource })[SOURCE];
  if (!source) return undefined;
  try {
    return JSON.stringify(item) === source.snapshot ? source : undefined;
  } catch {
    return undefined;
  }
}
