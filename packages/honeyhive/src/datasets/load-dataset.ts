/**
 * `loadDataset(path)`: reads a dataset file (a JSON array, or JSON Lines with one object per line) without
 * losing how its numbers are written, so its `EXT-` ids equal the Python SDK's for the same file.
 */
import { nodeOnlyMessage } from "../runtime/runtime";
import { runtime } from "../runtime/platform";
import { isLosslessNumber, parse } from "lossless-json";
import { describeError } from "../internal/safe-invoke";
import { customIdText } from "./custom-id";
import { DatasetFileError } from "./dataset-file-error";
import { setDatasetItemSource } from "./dataset-source";
import { lineAt, linesAt, positionInMessage, topLevelElementOffsets } from "./json-text-positions";
import { pythonJsonDumps } from "./python-json";
import type { DatasetItem } from "./dataset-item";
import { decodeUtf8Strict } from "../internal/utf8";

/** The two file formats. */
export type DatasetFileFormat = "json" | "jsonl";

const JSON_LINES_EXTENSIONS = new Set([".jsonl", ".ndjson"]);
// Python's json.loads keeps the last of duplicate keys; lossless-json would throw.
const PARSE_OPTIONS = { onDuplicateKey: ({ newValue }: { newValue: unknown }) => newValue };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isLosslessNumber(value);
}

/** The lossless tree as ordinary values (numbers as JavaScript numbers; `__proto__` stays an own key). */
function toPlain(value: unknown): unknown {
  if (isLosslessNumber(value)) return Number(value.value);
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    Object.defineProperty(out, key, { value: toPlain(entry), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function toItem(tree: unknown, file: string, line: number, index: number, format: DatasetFileFormat): DatasetItem {
  const what = format === "jsonl" ? "the line" : `datapoint ${index}`;
  if (!isPlainObject(tree)) throw new DatasetFileError(file, line, `${what} is not a JSON object (expected { "inputs": { … } })`);
  if (!isPlainObject(tree.inputs)) throw new DatasetFileError(file, line, `${what} has no "inputs" object`);
  const customId = customIdText(tree, (problem) => new DatasetFileError(file, line, `${what}: ${problem}`));
  try {
    const item = toPlain(tree) as DatasetItem;
    setDatasetItemSource(item, { pythonJson: pythonJsonDumps(tree), snapshot: JSON.stringify(item), ...(customId !== undefined ? { customId } : {}) });
    return item;
  } catch (error) {
    // e.g. nesting too deep for the call stack
    throw new DatasetFileError(file, line, `${what} cannot be read: ${describeError(error)}`);
  }
}

function parseJson(text: string, file: string, lineOffset: number): unknown {
  try {
    return parse(text, null, PARSE_OPTIONS);
  } catch (error) {
    const message = describeError(error).replace(/^SyntaxError: /, "");
    const position = positionInMessage(message);
    throw new DatasetFileError(file, lineOffset + (position === undefined ? 1 : lineAt(text, position)), `invalid JSON: ${message}`);
  }
}

function parseJsonArray(text: string, file: string): DatasetItem[] {
  const tree = parseJson(text, file, 0);
  if (!Array.isArray(tree)) throw new DatasetFileError(file, 1, "a JSON dataset file must hold an array of { \"inputs\": { … } } objects");
  const lines = linesAt(text, topLevelElementOffsets(text));
  return tree.map((element: unknown, index) => toItem(element, file, lines[index] ?? 1, index, "json"));
}

/**
 * One line of a JSON Lines dataset file (1-based `lineNumber`) as the `index`-th datapoint; throws
 * {@link DatasetFileError} naming the file and line. The one rule for files read whole and files streamed.
 */
export function parseJsonLine(line: string, file: string, lineNumber: number, index: number): DatasetItem {
  return toItem(parseJson(line, file, lineNumber - 1), file, lineNumber, index, "jsonl");
}

/**
 * One element of a JSON array dataset file, starting on 1-based line `lineNumber`, as the `index`-th datapoint; throws
 * {@link DatasetFileError} naming the file and line, as the file read whole does.
 */
export function parseJsonElement(element: string, file: string, lineNumber: number, index: number): DatasetItem {
  return toItem(parseJson(element, file, lineNumber - 1), file, lineNumber, index, "json");
}

function parseJsonLines(text: string, file: string): DatasetItem[] {
  const items: DatasetItem[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    items.push(parseJsonLine(line, file, i + 1, items.length));
  });
  return items;
}

/**
 * Parses dataset file text. `format` defaults from the text: an array is JSON, anything else JSON Lines.
 * Throws {@link DatasetFileError} (naming `file` and the line) for invalid JSON, a line or element that is
 * not an object, a missing `inputs` object, an object or array as custom id, or an empty dataset.
 */
export function parseDatasetText(text: string, file: string, format?: DatasetFileFormat): DatasetItem[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const kind = format ?? (body.trimStart().startsWith("[") ? "json" : "jsonl");
  const items = kind === "json" ? parseJsonArray(body, file) : parseJsonLines(body, file);
  if (items.length === 0) throw new DatasetFileError(file, 1, "the dataset has no datapoints");
  return items;
}

/**
 * Reads a dataset file as datapoints (the `honeyhive` entry point's `loadDataset`, `lazy-api.ts`, documents it). Throws
 * {@link DatasetFileError} naming the file and line for any problem.
 */
export async function loadDataset(path: string): Promise<DatasetItem[]> {
  let bytes: Uint8Array;
  if (!runtime.node) throw new DatasetFileError(String(path), 1, nodeOnlyMessage("loadDataset()", runtime.host));
  try {
    bytes = await runtime.node.files.readFile(path);
  } catch (error) {
    throw new DatasetFileError(path, 1, `cannot read the file (${describeError(error)})`);
  }
  return parseDatasetFile(bytes, path);
}

/** {@link loadDataset} for callers that must know the datapoints synchronously (a test file declaring its tests). */
export function loadDatasetSync(path: string): DatasetItem[] {
  let bytes: Uint8Array;
  if (!runtime.node) throw new DatasetFileError(String(path), 1, nodeOnlyMessage("loadDatasetSync()", runtime.host));
  try {
    bytes = runtime.node.files.readFileSync(path);
  } catch (error) {
    throw new DatasetFileError(path, 1, `cannot read the file (${describeError(error)})`);
  }
  return parseDatasetFile(bytes, path);
}

function parseDatasetFile(bytes: Uint8Array, path: string): DatasetItem[] {
  let text: string;
  try {
    text = decodeUtf8Strict(bytes);
  } catch {
    throw new DatasetFileError(path, 1, "the file is not valid UTF-8");
  }
  return parseDatasetText(text, path, fileFormatOf(path));
}

/** The form of a dataset file by its name: `.jsonl`/`.ndjson` JSON Lines, `.json` a JSON array, otherwise unknown. */
export function fileFormatOf(path: string): DatasetFileFormat | undefined {
  const extension = extensionOf(path);
  return JSON_LINES_EXTENSIONS.has(extension) ? "jsonl" : extension === ".json" ? "json" : undefined;
}

/** The file extension with its dot, lowercase ("" when none). */
function extensionOf(path: string): string {
  const base = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot).toLowerCase() : "";
}
