/**
 * Extraction from one string value (an attribute: a data URI, bare base64, or JSON holding either, or JSON holding
 * bytes as an index map `{"0":137,"1":80,...}` or a Buffer object `{"type":"Buffer","data":[137,80,...]}`, as
 * `JSON.stringify` prints a `Uint8Array` and a `Buffer`): each base64 run of at
 * least the threshold is decoded in slices, typed by its bytes, hashed, offered to the upload queue and replaced by a
 * marker (its URI, or the placeholder text with a store that keeps no bytes); an index map is replaced by the marker
 * as a JSON string; a payload over the size limit is replaced by `[<type> <size> not kept: over the attachment
 * limit]` (a base64 run without being decoded). JSON values are then parsed (small now) and the parts that held a
 * payload become GenAI `uri` parts.
 */
import { type Base64Run, Base64RunScanner, findBase64Runs } from "@honeyhive/core/attachments/base64-runs";
import { type ByteIndexMap, ByteIndexMapScanner } from "@honeyhive/core/attachments/byte-index-maps";
import { type AttachmentReference, attachmentReference, droppedText, placeholderText } from "@honeyhive/core/attachments/reference";
import { toReferenceParts } from "@honeyhive/core/attachments/reference-parts";
import { SNIFF_BYTES, sniffMime } from "@honeyhive/core/attachments/sniff-mime";
import { decodeAndHash, decodeHead, decodedSize, hashBytes } from "./decode-base64";
import { TurnBudget } from "./turn-budget";
import { base64Chars } from "./base64-length";
import type { UploadQueue } from "./upload-queue";

/** The extraction rule's limits. */
export interface ExtractionLimits {
  /** Smallest payload extracted, in bytes (decoded). */
  readonly thresholdBytes: number;
  /** Largest payload extracted, in bytes (decoded); larger ones are dropped, counted. */
  readonly maxBytes: number;
}

/** What extraction made of one value. */
export interface ExtractedValue {
  readonly value: string;
  readonly references: AttachmentReference[];
  /** Payloads over `maxBytes`, dropped. */
  readonly tooLarge: number;
}

export { base64Chars };

/** The type the run's first bytes show (only those are decoded). */
function headMime(value: string, run: Base64Run): string {
  return sniffMime(decodeHead(value, run.start, Math.min(run.end, run.start + base64Chars(SNIFF_BYTES))));
}

/** Characters the index-map scanner reads per step. */
const INDEX_MAP_STEP_CHARS = 8 * 1024;

/** Characters the run scanner reads per step (a turn of the event loop runs steps until its time budget is spent). */
const SCAN_STEP_CHARS = 4 * 1024;

/** The runs of `value`, scanned in steps, yielding when a turn's budget is spent. */
async function scanRuns(value: string, minChars: number): Promise<Base64Run[]> {
  const scanner = new Base64RunScanner(value, minChars);
  const budget = new TurnBudget();
  while (!scanner.advance(SCAN_STEP_CHARS)) await budget.spend();
  return scanner.runs;
}

/** The index maps of `value` (JSON only), scanned in steps, yielding when a turn's budget is spent. */
async function scanIndexMaps(value: string, limits: ExtractionLimits): Promise<ByteIndexMap[]> {
  if (!looksLikeJson(value)) return [];
  const scanner = new ByteIndexMapScanner(value, limits.thresholdBytes, limits.maxBytes);
  const budget = new TurnBudget();
  while (!scanner.advance(INDEX_MAP_STEP_CHARS)) await budget.spend();
  return scanner.maps;
}

/** A payload found in a value: a base64 run or an index map of bytes, and the text `[from, end)` it replaces. */
type Payload = { readonly from: number; readonly end: number } & ({ readonly run: Base64Run } | { readonly map: ByteIndexMap });

/** The marker of a reference: its URI, or the placeholder text with a store that keeps no bytes. */
function offered(ref: AttachmentReference, bytes: Uint8Array, uploads: UploadQueue): { marker: string; ref: AttachmentReference } {
  uploads.offer(ref, bytes);
  return { marker: uploads.placeholders ? placeholderText(ref) : ref.uri, ref };
}

/** One run's marker text and reference (none when it was too large). */
async function extractRun(value: string, run: Base64Run, limits: ExtractionLimits, uploads: UploadQueue): Promise<{ marker: string; ref?: AttachmentReference }> {
  if (decodedSize(run.end - run.start) > limits.maxBytes) return { marker: droppedText(headMime(value, run), decodedSize(run.end - run.start)) };
  const { bytes, sha256 } = await decodeAndHash(value, run.start, run.end);
  return offered(attachmentReference(sha256, sniffMime(bytes.subarray(0, SNIFF_BYTES)), bytes.length, run.claimedMime, run.name), bytes, uploads);
}

/** One payload's replacement text, marker and reference (none when it was too large). */
async function extractPayload(value: string, payload: Payload, limits: ExtractionLimits, uploads: UploadQueue): Promise<{ text: string; marker: string; ref?: AttachmentReference }> {
  if ("run" in payload) {
    const done = await extractRun(value, payload.run, limits, uploads);
    return { text: done.marker, ...done };
  }
  const { bytes, size } = payload.map;
  const mime = sniffMime(bytes.subarray(0, SNIFF_BYTES));
  const done = size > limits.maxBytes ? { marker: droppedText(mime, size) } : offered(attachmentReference(await hashBytes(bytes), mime, size), bytes, uploads);
  return { text: JSON.stringify(done.marker), ...done };
}

function looksLikeJson(value: string): boolean {
  const first = value.trimStart()[0];
  return first === "[" || first === "{";
}

/** `value` with its JSON parts turned into reference parts (unchanged when it is not JSON). */
function referenceParts(value: string, markers: ReadonlyMap<string, AttachmentReference>): string {
  if (!looksLikeJson(value)) return value;
  try {
    return JSON.stringify(toReferenceParts(JSON.parse(value), markers));
  } catch {
    return value; // not JSON after all: the markers stand in the text
  }
}

/** Characters beyond the largest payload a value may have and still be scanned (its JSON around the payload). */
const SCAN_SLACK_CHARS = 64 * 1024;

/** Most characters an index map takes per byte (`"12345678":255,`): a JSON value may hold one of `maxBytes`. */
const INDEX_MAP_CHARS_PER_BYTE = 15;

/** The longest value scanned: one holding a payload of `maxBytes` (as base64, or in JSON as an index map). */
function longestScanned(value: string, maxBytes: number): number {
  return (looksLikeJson(value) ? INDEX_MAP_CHARS_PER_BYTE * maxBytes : base64Chars(maxBytes)) + SCAN_SLACK_CHARS;
}

/** The payloads of `value`, in order. */
async function findPayloads(value: string, limits: ExtractionLimits): Promise<Payload[]> {
  const minChars = base64Chars(limits.thresholdBytes);
  const runs = value.length < SCAN_STEP_CHARS ? findBase64Runs(value, minChars) : await scanRuns(value, minChars);
  const maps = value.length < minChars ? [] : await scanIndexMaps(value, limits);
  const payloads: Payload[] = [...runs.map((run) => ({ from: run.from, end: run.end, run })), ...maps.map((map) => ({ from: map.from, end: map.end, map }))];
  return maps.length > 0 && runs.length > 0 ? payloads.sort((a, b) => a.from - b.from) : payloads;
}

/**
 * A value too long to hold an extractable payload (a 200 MB string): not scanned whole; replaced by the dropped text,
 * typed by the first payload its beginning shows.
 */
function droppedWhole(value: string): ExtractedValue {
  const head = findBase64Runs(value, base64Chars(SNIFF_BYTES), 0, Math.min(value.length, SCAN_SLACK_CHARS))[0];
  const mime = head ? headMime(value, head) : "text/plain";
  return { value: droppedText(mime, value.length), references: [], tooLarge: 1 };
}

/** Extracts the payloads of `value`; resolves to it unchanged when it holds none. Never rejects. */
export async function extractValue(value: string, limits: ExtractionLimits, uploads: UploadQueue): Promise<ExtractedValue> {
  if (value.length > longestScanned(value, limits.maxBytes)) return droppedWhole(value);
  const payloads = await findPayloads(value, limits);
  if (payloads.length === 0) return { value, references: [], tooLarge: 0 };
  const pieces: string[] = [];
  const references: AttachmentReference[] = [];
  const markers = new Map<string, AttachmentReference>();
  let tooLarge = 0;
  let at = 0;
  for (const payload of payloads) {
    const { text, marker, ref } = await extractPayload(value, payload, limits, uploads);
    pieces.push(value.slice(at, payload.from), text);
    at = payload.end;
    if (ref) {
      references.push(ref);
      markers.set(marker, ref);
    } else tooLarge++;
  }
  pieces.push(value.slice(at));
  return { value: referenceParts(pieces.join(""), markers), references, tooLarge };
}
