/**
 * A dataset file (JSON Lines, or one JSON array) read twice while its run goes, never held whole: a first pass checks
 * every row (a line, an array element) and computes what the run is created with (every datapoint id, the dataset's
 * `EXT-` id, its content version), then a second pass reads the rows again, in order, as the run asks for them. Ids
 * and version equal those of the same file read whole (`loadDataset`): each row goes through the same rules, and the
 * dataset id's hash is taken over the same text, a row at a time. A shard's second pass reads only its range: the rows
 * before it are split off unparsed, and the file is closed once the range's last row is read.
 */
import { nodeOnlyMessage } from "../runtime/runtime";
import { runtime } from "../runtime/platform";
import { EXT_PREFIX } from "@honeyhive/core/datasets/dataset-content";
import { describeError } from "../internal/safe-invoke";
import { DatasetFileError } from "./dataset-file-error";
import { CompactEntries } from "./compact-entries";
import { entryOfItem } from "./dataset-entry";
import { itemPythonForm } from "./item-python-form";
import type { DatasetItem } from "./dataset-item";
import { type FileRow, JsonArrayRows } from "./json-array-rows";
import { type DatasetFileFormat, parseJsonElement, parseJsonLine } from "./load-dataset";
import { itemDatapointId, preparedItem, type PreparedDatapoint } from "./prepare-dataset";
import { encodeUtf8 } from "../internal/utf8";

/** A dataset file whose rows are read on demand. */
export interface StreamedFileDataset {
  /** `EXT-` + the hash of the whole list, as for the file read whole. */
  readonly datasetId: string;
  /** Every datapoint id, in the file's order. */
  readonly ids: readonly string[];
  /** The content version of the whole file (undefined when the rows have none: see `inlineContent`). */
  readonly version: string | undefined;
  /** The positions the second pass reads: `start` (included) to `end` (excluded); every row unless a range was given. */
  readonly range: { readonly start: number; readonly end: number };
  /**
   * The datapoint at `position` (its row's 0-based index in the file), read when asked; positions must be asked in order,
   * within {@link range}. Undefined when the row is no longer the one the first pass read (the file changed during the
   * run).
   */
  at(position: number): Promise<PreparedDatapoint | undefined>;
}

/** Why a datapoint of a streamed file did not run. */
export const FILE_CHANGED = "not run: the dataset file changed while the run read it";

/** The two forms a streamed file takes: JSON Lines (a row per line) or one JSON array (a row per element). */
type StreamedFileFormat = DatasetFileFormat;

/** Splits a file's text, fed a piece at a time, into its rows. */
interface RowSplitter {
  push(text: string): FileRow[];
  end(): FileRow[];
  readonly lineReached: number;
}

/** The non-blank lines of JSON Lines text, each with its 1-based line number. */
class JsonLinesRows implements RowSplitter {
  private rest = "";
  lineReached = 0;

  push(text: string): FileRow[] {
    const lines = (this.rest + text).split("\n");
    this.rest = lines.pop()!;
    return lines.map((line) => ({ text: line, number: ++this.lineReached })).filter((row) => row.text.trim() !== "");
  }

  end(): FileRow[] {
    this.lineReached += 1;
    return this.rest.trim() === "" ? [] : [{ text: this.rest, number: this.lineReached }];
  }
}

/** The file's rows, a chunk at a time (UTF-8 checked, a leading byte-order mark dropped). */
async function* fileRows(path: string, format: StreamedFileFormat): AsyncGenerator<FileRow> {
  if (!runtime.node) throw new DatasetFileError(path, 1, nodeOnlyMessage("a dataset file", runtime.host));
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const rows: RowSplitter = format === "json" ? new JsonArrayRows(path) : new JsonLinesRows();
  let first = true;
  const decode = (bytes?: Uint8Array): string => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new DatasetFileError(path, rows.lineReached + 1, "the file is not valid UTF-8");
    }
  };
  let chunks: AsyncIterable<Uint8Array>;
  try {
    chunks = runtime.node.files.readChunks(path);
  } catch (error) {
    throw new DatasetFileError(path, 1, `cannot read the file (${describeError(error)})`);
  }
  for await (const chunk of readable(chunks, path)) {
    let text = decode(chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    yield* rows.push(text);
  }
  yield* rows.push(decode());
  yield* rows.end();
}

/** A row's text as the `index`-th datapoint, by the rule of the file's form. */
function parseRow(format: StreamedFileFormat, row: FileRow, path: string, index: number): DatasetItem {
  return format === "json" ? parseJsonElement(row.text, path, row.number, index) : parseJsonLine(row.text, path, row.number, index);
}

/** The chunks, a read error said as a {@link DatasetFileError}. */
async function* readable(chunks: AsyncIterable<Uint8Array>, path: string): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
  } catch (error) {
    throw new DatasetFileError(path, 1, `cannot read the file (${describeError(error)})`);
  }
}

/** What the first pass found: the ids, the dataset id and the entries of the content version. */
interface Scanned {
  ids: string[];
  datasetId: string;
  version: string | undefined;
}

/** The first pass: every line checked (a bad one throws, naming its line), ids and hashes computed, no row kept. */
async function scan(path: string, format: StreamedFileFormat, key: string | undefined): Promise<Scanned> {
  const hash = runtime.attachmentBytes.sha256(); // node:crypto (this path is Node-only)
  const ids: string[] = [];
  let entries: CompactEntries | undefined = new CompactEntries(); // kept compact (decision record 0094)
  for await (const row of fileRows(path, format)) {
    const index = ids.length;
    const item = parseRow(format, row, path, index);
    const form = itemPythonForm(item, `dataset[${index}]`);
    ids.push(itemDatapointId(form, index));
    hash?.update(encodeUtf8(`${index === 0 ? "[" : ", "}${form.json}`));
    entries = withEntry(entries, item, index, key);
  }
  if (ids.length === 0) throw new DatasetFileError(path, 1, "the dataset has no datapoints");
  hash?.update(encodeUtf8("]"));
  if (!hash) throw new DatasetFileError(path, 1, "this runtime has no incremental SHA-256");
  const version = entries && !entries.hasDuplicateKeys() ? entries.version() : undefined;
  entries?.release(); // its canonical texts' file is closed now, not when collected
  return { ids, datasetId: `${EXT_PREFIX}${hash.hex().slice(0, 16)}`, version };
}

/**
 * The version's entries with the row's (only its external id and canonical text kept); undefined once a row has none,
 * as for a file read whole (two rows with the same external id are found once every row is read).
 */
function withEntry(entries: CompactEntries | undefined, item: unknown, index: number, key: string | undefined): typeof entries {
  if (!entries) return undefined;
  try {
    const entry = entryOfItem(item, `dataset[${index}]`, key);
    entries.add(entry.key, entry.canonical);
    return entries;
  } catch {
    entries.release();
    return undefined;
  }
}

/**
 * Opens a dataset file of the given form for a run: the first pass now (throws {@link DatasetFileError} naming the
 * line of the first bad row, before anything runs), the second as {@link StreamedFileDataset.at} asks. `key`: the external id
 * field of a lock, for the content version. With `rangeOf` (a shard's positions, given the file's row count), the first
 * pass still checks every row and computes every id and the whole file's version; the second reads only that range.
 */
export async function streamFileDataset(
  path: string, format: StreamedFileFormat, key?: string, rangeOf?: (length: number) => { start: number; end: number },
): Promise<StreamedFileDataset> {
  const { ids, datasetId, version } = await scan(path, format, key);
  const asked = rangeOf?.(ids.length);
  const range = { start: Math.max(0, asked?.start ?? 0), end: Math.min(asked?.end ?? ids.length, ids.length) };
  const read = secondPass(path, format, ids, range.end);
  let reading: Promise<unknown> = Promise.resolve();
  const at = (position: number): Promise<PreparedDatapoint | undefined> => {
    const next = reading.then(() => (position >= range.start && position < range.end ? read(position) : undefined)).catch(() => undefined);
    reading = next;
    return next;
  };
  return { datasetId, ids, version, range, at };
}

/**
 * The second pass: the datapoint at a position (asked in order), its row parsed only then (the rows before it are split
 * off unparsed) and checked against the first pass's id. The file is closed once the row before `end` is read.
 */
function secondPass(path: string, format: StreamedFileFormat, ids: readonly string[], end: number): (position: number) => Promise<PreparedDatapoint | undefined> {
  let rows: AsyncGenerator<FileRow> | undefined;
  let last: { position: number; datapoint: PreparedDatapoint | undefined } | undefined; // a position is asked once per trial
  let next = 0;
  return async (position) => {
    if (last?.position === position) return last.datapoint;
    rows ??= fileRows(path, format);
    let row: IteratorResult<FileRow> | undefined;
    while (next <= position) {
      row = await rows.next();
      next += 1;
      if (row.done) return undefined;
    }
    if (next >= end) await rows.return(undefined).catch(() => undefined); // the range's last row: close the file now
    if (!row || row.done) return undefined;
    const item = parseRow(format, row.value, path, position);
    const id = itemDatapointId(itemPythonForm(item, `dataset[${position}]`), position);
    last = { position, datapoint: id === ids[position] ? preparedItem(item as unknown as Record<string, unknown>, position, id) : undefined };
    return last.datapoint;
  };
}
