/**
 * Extraction from one string value (an attribute: a data URI, bare base64, or JSON holding either, or JSON holding
 * bytes as an index map `{"0":137,"1":80,...}` or a Buffer object `{"type":"Buffer","data":[137,80,...]}`, as
 * `JSON.stringify` prints a `Uint8Array` and a `Buffer`): each base64 run of at
 * least the threshold is decoded in slices, typed by its bytes, hashed, offered to the upload queue and replaced by a
 * marker (its URI, or the placeholder text when the bytes are not kept: a store that keeps none, a full queue); an
 * index map is replaced by the marker as a JSON string; a payload over the size limit is replaced by `[<type> <size>
 * not kept: over the attachment limit]` (a base64 run without being decoded). JSON values are then parsed (small now)
 * and the parts that held a payload become GenAI `uri` parts (or the placeholder text). An upload still running leaves
 * its URI in place; {@link ExtractedValue.withPlaceholders} gives the value again with the URIs of uploads that then
 * failed as placeholders (decision record 0055).
 */
import { type Base64Run, Base64RunScanner, findBase64Runs, findExplicitRuns } from "@honeyhive/core/attachments/base64-runs";
import { type ByteIndexMap, ByteIndexMapScanner } from "@honeyhive/core/attachments/byte-index-maps";
import { type AttachmentReference, attachmentReference, droppedText, placeholderText } from "@honeyhive/core/attachments/reference";
import { type OnReferencePart, toReferenceParts } from "@honeyhive/core/attachments/reference-parts";
import { SNIFF_BYTES, sniffMime } from "@honeyhive/core/attachments/sniff-mime";
import { decodeAndHash, decodeHead, decodedSize, hashBytes } from "./decode-base64";
import { TurnBudget } from "./turn-budget";
import { base64Chars, holdsExplicitAttachment } from "./payload-check";
import type { UploadOutcome, UploadQueue } from "./upload-queue";

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
  /** Every payload's reference (with the name its part gave), whether its bytes are kept or not. */
  readonly references: AttachmentReference[];
  /** Payloads over `maxBytes`, dropped. */
  readonly tooLarge: number;
  /** Whether the bytes of each URI `value` names are stored (true) or being uploaded (a promise); the others are placeholders. */
  readonly outcomes: ReadonlyMap<string, Exclude<UploadOutcome, false>>;
  /** `value` with the URIs in `lost` (bytes that were not stored after all) replaced by their placeholder text. */
  withPlaceholders(lost: ReadonlySet<string>): string;
}

export { base64Chars, holdsExplicitAttachment };

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

/** Where extraction offers bytes, and what each offer said. */
interface Offers {
  readonly uploads: UploadQueue;
  readonly outcomes: Map<string, Exclude<UploadOutcome, false>>;
}

/** The marker of a reference: its URI while its bytes are (being) stored, else the placeholder text. */
function offered(ref: AttachmentReference, bytes: Uint8Array, offers: Offers): { marker: string; ref: AttachmentReference } {
  const outcome = offers.uploads.offer(ref, bytes);
  if (outcome === false) return { marker: placeholderText(ref), ref };
  offers.outcomes.set(ref.uri, outcome);
  return { marker: ref.uri, ref };
}

/** One run's marker text and reference (none when it was too large). */
async function extractRun(value: string, run: Base64Run, limits: ExtractionLimits, offers: Offers): Promise<{ marker: string; ref?: AttachmentReference }> {
  if (decodedSize(run.end - run.start) > limits.maxBytes) return { marker: droppedText(headMime(value, run), decodedSize(run.end - run.start)) };
  const { bytes, sha256 } = await decodeAndHash(value, run.start, run.end);
  return offered(attachmentReference(sha256, sniffMime(bytes.subarray(0, SNIFF_BYTES)), bytes.length, run.claimedMime, run.name), bytes, offers);
}

/** One payload's replacement text, marker and reference (none when it was too large). */
async function extractPayload(value: string, payload: Payload, limits: ExtractionLimits, offers: Offers): Promise<{ text: string; marker: string; ref?: AttachmentReference }> {
  if ("run" in payload) {
    const done = await extractRun(value, payload.run, limits, offers);
    return { text: done.marker, ...done };
  }
  const { bytes, size } = payload.map;
  const mime = sniffMime(bytes.subarray(0, SNIFF_BYTES));
  const done = size > limits.maxBytes ? { marker: droppedText(mime, size) } : offered(attachmentReference(await hashBytes(bytes), mime, size), bytes, offers);
  return { text: JSON.stringify(done.marker), ...done };
}

function looksLikeJson(value: string): boolean {
  const first = value.trimStart()[0];
  return first === "[" || first === "{";
}

/** `value` with its JSON parts turned into reference parts (unchanged when it is not JSON). */
function referenceParts(value: string, markers: ReadonlyMap<string, AttachmentReference>, onPart?: OnReferencePart): string {
  if (!looksLikeJson(value)) return value;
  try {
    return JSON.stringify(toReferenceParts(JSON.parse(value), markers, onPart));
  } catch {
    return value; // not JSON after all: the markers stand in the text
  }
}

/** `marked` (a value with its markers) again, with the URI markers in `lost` turned into placeholders. */
function placeholdersFor(marked: string, markers: ReadonlyMap<string, AttachmentReference>, lost: ReadonlySet<string>): string {
  let text = marked;
  const changed = new Map(markers);
  for (const uri of lost) {
    const ref = markers.get(uri);
    if (ref === undefined) continue;
    const placeholder = placeholderText(ref);
    text = text.split(uri).join(placeholder);
    changed.delete(uri);
    changed.set(placeholder, ref);
  }
  return referenceParts(text, changed);
}

/** Characters beyond the largest payload a value may have and still be scanned (its JSON around the payload). */
const SCAN_SLACK_CHARS = 64 * 1024;

/** Most characters an index map takes per byte (`"12345678":255,`): a JSON value may hold one of `maxBytes`. */
const INDEX_MAP_CHARS_PER_BYTE = 15;

/** The longest value scanned: one holding a payload of `maxBytes` (as base64, or in JSON as an index map). */
function longestScanned(value: string, maxBytes: number): number {
  return (looksLikeJson(value) ? INDEX_MAP_CHARS_PER_BYTE * maxBytes : base64Chars(maxBytes)) + SCAN_SLACK_CHARS;
}

/** The runs of `value`: those of at least `minChars` characters, and explicit attachments of any length. */
async function findRuns(value: string, minChars: number): Promise<Base64Run[]> {
  const runs = value.length < minChars ? [] : value.length < SCAN_STEP_CHARS ? findBase64Runs(value, minChars) : await scanRuns(value, minChars);
  if (!holdsExplicitAttachment(value)) return runs;
  const found = new Set(runs.map((run) => run.start));
  const explicit = findExplicitRuns(value).filter((run) => !found.has(run.start));
  return explicit.length === 0 ? runs : [...runs, ...explicit].sort((a, b) => a.start - b.start);
}

/** The payloads of `value`, in order. */
async function findPayloads(value: string, limits: ExtractionLimits): Promise<Payload[]> {
  const minChars = base64Chars(limits.thresholdBytes);
  const runs = await findRuns(value, minChars);
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
  return unchanged(droppedText(mime, value.length), 1);
}

const NO_OUTCOMES: ReadonlyMap<string, true> = new Map<string, true>();

/** A value extraction left as it is (`tooLarge` payloads dropped). */
function unchanged(value: string, tooLarge: number): ExtractedValue {
  return { value, references: [], tooLarge, outcomes: NO_OUTCOMES, withPlaceholders: () => value };
}

/** Extracts the payloads of `value`; resolves to it unchanged when it holds none. Never rejects. */
export async function extractValue(value: string, limits: ExtractionLimits, uploads: UploadQueue): Promise<ExtractedValue> {
  if (value.length > longestScanned(value, limits.maxBytes)) return droppedWhole(value);
  const payloads = await findPayloads(value, limits);
  if (payloads.length === 0) return unchanged(value, 0);
  const offers: Offers = { uploads, outcomes: new Map() };
  const pieces: string[] = [];
  const found: AttachmentReference[] = [];
  const markers = new Map<string, AttachmentReference>();
  let tooLarge = 0;
  let at = 0;
  for (const payload of payloads) {
    const { text, marker, ref } = await extractPayload(value, payload, limits, offers);
    pieces.push(value.slice(at, payload.from), text);
    at = payload.end;
    if (ref) {
      found.push(ref);
      markers.set(marker, ref);
    } else tooLarge++;
  }
  pieces.push(value.slice(at));
  const marked = pieces.join("");
  const named = new Map<string, AttachmentReference>();
  const result = referenceParts(marked, markers, (part) => void (part.name !== undefined && named.set(part.uri, part)));
  const references = found.map((ref) => named.get(ref.uri) ?? ref);
  return { value: result, references, tooLarge, outcomes: offers.outcomes, withPlaceholders: (lost) => placeholdersFor(marked, markers, lost) };
}
