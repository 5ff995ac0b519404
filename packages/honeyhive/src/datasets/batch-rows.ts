/**
 * New rows as batches of `POST /v1/datasets/{id}/datapoints` (the route the Python SDK's `add_datapoints` uses):
 * each row flattened into one object whose fields a mapping sends to inputs, ground truth and history, every other
 * field (the row's metadata and its `external_id`) staying metadata. A batch carries only rows it can carry exactly:
 * a field name must mean the same in every row of its batch, and a row linked to an event (external id `event-…`)
 * needs `linked_event`, which the route cannot set; such rows are created one by one (decision record 0050).
 */
import { eventIdOfExternalId } from "@honeyhive/core/datasets/datapoint-from-event";
import type { AddDatapointsRequest, JsonObject } from "../api-client/types";
import { type DatasetEntry, EXTERNAL_ID_FIELD } from "./dataset-entry";

/** Most rows in one request. */
const MAX_ROWS = 500;
/** Most characters of rows in one request (the dev server takes 10 MB bodies by default). */
const MAX_CHARS = 2_000_000;
/** Open batches a row may join (rows whose fields clash with all of them are created one by one). */
const MAX_OPEN = 4;
/** The row field holding a row's history (its messages are appended to the datapoint's history). */
const HISTORY_FIELD = "history";

type Part = "inputs" | "ground_truth" | "history" | "metadata";

/** One batch request and the entries it creates, in order. */
export interface BatchChunk {
  readonly entries: DatasetEntry[];
  readonly body: AddDatapointsRequest;
}

interface OpenChunk {
  entries: DatasetEntry[];
  rows: JsonObject[];
  parts: Map<string, Part>;
  chars: number;
}

function define(row: JsonObject, name: string, value: unknown): void {
  Object.defineProperty(row, name, { value, enumerable: true, writable: true, configurable: true });
}

/** The entry as one flat row and the part each field goes to; undefined when a batch cannot carry it exactly. */
function flatRow(entry: DatasetEntry): { row: JsonObject; parts: Map<string, Part> } | undefined {
  if (eventIdOfExternalId(entry.key) !== undefined) return undefined;
  const row: JsonObject = {};
  const parts = new Map<string, Part>();
  const put = (name: string, value: unknown, part: Part): boolean => {
    if (parts.has(name)) return false;
    parts.set(name, part);
    define(row, name, value);
    return true;
  };
  for (const [name, value] of Object.entries(entry.inputs)) if (!put(name, value, "inputs")) return undefined;
  for (const [name, value] of Object.entries(entry.groundTruth)) if (!put(name, value, "ground_truth")) return undefined;
  if (entry.history.length > 0 && !put(HISTORY_FIELD, entry.history, "history")) return undefined;
  for (const [name, value] of Object.entries(entry.metadata)) if (!put(name, value, "metadata")) return undefined;
  if (!put(EXTERNAL_ID_FIELD, entry.key, "metadata")) return undefined;
  return { row, parts };
}

function fits(chunk: OpenChunk, parts: Map<string, Part>, chars: number): boolean {
  if (chunk.rows.length >= MAX_ROWS || (chunk.rows.length > 0 && chunk.chars + chars > MAX_CHARS)) return false;
  for (const [name, part] of parts) {
    const seen = chunk.parts.get(name);
    if (seen !== undefined && seen !== part) return false;
  }
  return true;
}

function closed(chunk: OpenChunk): BatchChunk {
  const names = (part: Part) => [...chunk.parts].filter(([, p]) => p === part).map(([name]) => name);
  return { entries: chunk.entries, body: { data: chunk.rows, mapping: { inputs: names("inputs"), ground_truth: names("ground_truth"), history: names("history") } } };
}

/** Splits new rows into batch requests, in order; `singles` are the rows to create one by one. */
export function batchChunks(entries: readonly DatasetEntry[]): { chunks: BatchChunk[]; singles: DatasetEntry[] } {
  const chunks: BatchChunk[] = [];
  const singles: DatasetEntry[] = [];
  let open: OpenChunk[] = [];
  for (const entry of entries) {
    const flat = flatRow(entry);
    if (flat === undefined) {
      singles.push(entry);
      continue;
    }
    const chars = JSON.stringify(flat.row).length;
    let chunk = open.find((c) => fits(c, flat.parts, chars));
    if (chunk === undefined) {
      const full = open.filter((c) => c.rows.length >= MAX_ROWS || c.chars + chars > MAX_CHARS);
      chunks.push(...full.map(closed));
      open = open.filter((c) => !full.includes(c));
      if (open.length >= MAX_OPEN) {
        singles.push(entry);
        continue;
      }
      chunk = { entries: [], rows: [], parts: new Map(), chars: 0 };
      open.push(chunk);
    }
    chunk.entries.push(entry);
    chunk.rows.push(flat.row);
    chunk.chars += chars;
    for (const [name, part] of flat.parts) chunk.parts.set(name, part);
  }
  chunks.push(...open.filter((c) => c.rows.length > 0).map(closed));
  return { chunks, singles };
}
