/**
 * Extraction from one string value (an attribute: a data URI, bare base64, or JSON holding either): each base64 run
 * of at least the threshold is decoded in slices, typed by its bytes, hashed, offered to the upload queue and
 * replaced by a marker (its URI, or the placeholder text with a store that keeps no bytes); a run over the size
 * limit is replaced by `[<type> <size> not kept: over the attachment limit]` without being decoded. JSON values are
 * then parsed (small now) and the parts that held a payload become GenAI `uri` parts.
 */
import { type Base64Run, Base64RunScanner, findBase64Runs } from "@honeyhive/core/attachments/base64-runs";
import { type AttachmentReference, attachmentReference, droppedText, placeholderText } from "@honeyhive/core/attachments/reference";
import { toReferenceParts } from "@honeyhive/core/attachments/reference-parts";
import { SNIFF_BYTES, sniffMime } from "@honeyhive/core/attachments/sniff-mime";
import { decodeAndHash, decodeHead, decodedSize } from "./decode-base64";
import { TurnBudget } from "./turn-budget";
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

/** Base64 characters that decode to `bytes` bytes. */
export function base64Chars(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/** The type the run's first bytes show (only those are decoded). */
function headMime(value: string, run: Base64Run): string {
  return sniffMime(decodeHead(value, run.start, Math.min(run.end, run.start + base64Chars(SNIFF_BYTES))));
}

/** Characters the run scanner reads per step (a turn of the event loop runs steps until its time budget is spent). */
const SCAN_STEP_CHARS = 4 * 1024;

/** The runs of `value`, scanned in steps, yielding when a turn's budget is spent. */
async function scanRuns(value: string, minChars: number): Promise<Base64Run[]> {
  const scanner = new Base64RunScanner(value, minChars);
  const budget = new TurnBudget();
  while (!scanner.advance(SCAN_STEP_CHARS)) await budget.spend();
  return scanner.runs;
}

/** One run's marker text and reference (none when it was too large). */
async function extractRun(value: string, run: Base64Run, limits: ExtractionLimits, uploads: UploadQueue): Promise<{ marker: string; ref?: AttachmentReference }> {
  if (decodedSize(run.end - run.start) > limits.maxBytes) return { marker: droppedText(headMime(value, run), decodedSize(run.end - run.start)) };
  const { bytes, sha256 } = await decodeAndHash(value, run.start, run.end);
  const ref = attachmentReference(sha256, sniffMime(bytes.subarray(0, SNIFF_BYTES)), bytes.length, run.claimedMime, run.name);
  uploads.offer(ref, bytes);
  return { marker: uploads.placeholders ? placeholderText(ref) : ref.uri, ref };
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
  if (value.length > base64Chars(limits.maxBytes) + SCAN_SLACK_CHARS) return droppedWhole(value);
  const runs = value.length < SCAN_STEP_CHARS ? findBase64Runs(value, base64Chars(limits.thresholdBytes)) : await scanRuns(value, base64Chars(limits.thresholdBytes));
  if (runs.length === 0) return { value, references: [], tooLarge: 0 };
  const pieces: string[] = [];
  const references: AttachmentReference[] = [];
  const markers = new Map<string, AttachmentReference>();
  let tooLarge = 0;
  let at = 0;
  for (const run of runs) {
    const { marker, ref } = await extractRun(value, run, limits, uploads);
    pieces.push(value.slice(at, run.from), marker);
    at = run.end;
    if (ref) {
      references.push(ref);
      markers.set(marker, ref);
    } else tooLarge++;
  }
  pieces.push(value.slice(at));
  return { value: referenceParts(pieces.join(""), markers), references, tooLarge };
}
