/**
 * String helpers shared by the normalisers: truncation with a marker, lone-surrogate repair, and the
 * fixed marker values.
 */
import { noteInternalError } from "../internal/guard";
import { utf8Length } from "../otlp/proto-writer";
import { looksLikePayload } from "@honeyhive/core/attachments/base64-runs";
import { decodeUtf8, utf8Encoder } from "../internal/utf8";

/** Written in place of a value that is one of its own ancestors. */
export const MARKER_CIRCULAR = "[Circular]";
/** Written in place of a container nested deeper than `maxDepth`. */
export const MARKER_MAX_DEPTH = "[MaxDepth]";
/** Key segment (under the prefix) of the attribute counting the entries left out by `maxAttributes`. */
export const TRUNCATED_KEY = "_truncated";
/** Longest key segment kept as-is; longer object keys are truncated like strings. */
export const MAX_KEY_SEGMENT_LENGTH = 1024;

const MAX_ERROR_MESSAGE_LENGTH = 200;

interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

const NATIVE_WELL_FORMED = typeof (String.prototype as Partial<WellFormedString>).isWellFormed === "function";

function repairSurrogates(s: string): string {
  let out = "";
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    out += s.slice(start, i) + "\ufffd";
    start = i + 1;
  }
  return start === 0 ? s : out + s.slice(start);
}

/** Replaces lone UTF-16 surrogates with U+FFFD, so the string encodes to valid UTF-8. Same length. */
export function toWellFormed(s: string): string {
  if (NATIVE_WELL_FORMED) {
    const w = s as unknown as WellFormedString;
    return w.isWellFormed() ? s : w.toWellFormed();
  }
  return repairSurrogates(s);
}

/**
 * Cuts `s` to at most `max` code units, ending in `…[truncated N chars]` (N = code units dropped). Never
 * splits a surrogate pair. When `max` is too small to hold the marker the string is cut without one. Used for
 * object keys and marker texts only; values are cut by UTF-8 bytes ({@link truncateUtf8}).
 */
export function truncateString(s: string, max: number): string {
  if (s.length <= max) return s;
  let keep = max - ("…[truncated " + s.length + " chars]").length;
  const marked = keep >= 0;
  if (!marked) keep = max;
  if (keep > 0) {
    const c = s.charCodeAt(keep - 1);
    if (c >= 0xd800 && c <= 0xdbff) keep--;
  }
  const head = s.slice(0, keep);
  return marked ? head + "…[truncated " + (s.length - keep) + " chars]" : head;
}

/** The marker ending a value cut by {@link truncateUtf8}: `…[truncated N bytes]`. */
function bytesMarker(droppedBytes: number): string {
  return "…[truncated " + droppedBytes + " bytes]";
}

/**
 * `value` cut to at most `maxBytes` UTF-8 bytes, marker included: its beginning (whole characters, lone surrogates
 * as U+FFFD) followed by `…[truncated N bytes]`, N = bytes dropped of a value of `size` bytes (its own size unless
 * the caller already dropped some). The one cut of every value the SDK writes, in the normaliser and at export.
 * The kept part is a fresh copy (decoded from at most `maxBytes` bytes), so a 100 MB input is never kept alive
 * by it nor copied whole. The marker is always written: when `maxBytes` cannot hold it (below 40 bytes), the result
 * is the marker alone.
 */
export function truncateUtf8(value: string, maxBytes: number, size = utf8Length(value)): string {
  if (size <= maxBytes) return value;
  const encoder = utf8Encoder();
  let room = Math.max(0, maxBytes - utf8Length(bytesMarker(size)));
  let buffer = new Uint8Array(room);
  let kept = encoder.encodeInto(value, buffer).written;
  // the marker's digit count may shrink once the kept bytes are known
  const shorter = Math.max(0, maxBytes - utf8Length(bytesMarker(size - kept)));
  if (shorter > room) {
    room = shorter;
    buffer = new Uint8Array(room);
    kept = encoder.encodeInto(value, buffer).written;
  }
  return decodeUtf8(buffer.subarray(0, kept)) + bytesMarker(size - kept);
}

/**
 * A name (of a span, a span event or a session) within `maxBytes` UTF-8 bytes: itself when it fits, else cut by
 * {@link truncateUtf8} as attribute values are, so a huge name never makes its span or session too large to send.
 */
export function boundedName(name: string, maxBytes: number): string {
  return name.length * 3 > maxBytes && utf8Length(name) > maxBytes ? truncateUtf8(name, maxBytes) : name;
}

/** Values cut since the outermost {@link startCutCount}; read and restored by {@link endCutCount}. */
let cuts = 0;

/** Starts counting the values one normaliser call cuts; returns what {@link endCutCount} needs. Nested calls count their own. */
export function startCutCount(): number {
  const outer = cuts;
  cuts = 0;
  return outer;
}

/** The values cut since the matching {@link startCutCount} (`outer` is its result); restores the outer count. */
export function endCutCount(outer: number): number {
  const mine = cuts;
  cuts = outer;
  return mine;
}

/** Counts one value cut by the JSON bound. */
export function noteCut(): void {
  cuts++;
}

/** Longest string kept whole as a payload: the base64 of the largest attachment (32 MB) plus a data-URI prefix. */
const MAX_PAYLOAD_CHARS = Math.ceil((32 * 1024 * 1024) / 3) * 4 + 256;

/**
 * The form of every string value we write: at most `maxBytes` UTF-8 bytes (cut by {@link truncateUtf8}, counted),
 * lone surrogates replaced by U+FFFD. Strings of at most `maxBytes / 3` code units are only checked for surrogates.
 * A longer data URI or bare base64 string (up to 32 MB of bytes) is kept whole: the attachment stage of the export
 * pipeline replaces it by a reference before the export budget applies (which cuts it as before if it was not).
 */
export function normalizeString(s: string, maxBytes: number): string {
  if (s.length * 3 > maxBytes && (s.length > maxBytes || utf8Length(s) > maxBytes)) {
    // a data URI or bare base64 stays whole for the attachment stage (the export budget cuts it if not extracted)
    if (s.length <= MAX_PAYLOAD_CHARS && looksLikePayload(s)) return toWellFormed(s);
    cuts++;
    return truncateUtf8(s, maxBytes);
  }
  return toWellFormed(s);
}

/** Normalises one object key segment (bounded length, well-formed). Dots are kept as-is. */
export function normalizeKey(key: string): string {
  return toWellFormed(key.length > MAX_KEY_SEGMENT_LENGTH ? truncateString(key, MAX_KEY_SEGMENT_LENGTH) : key);
}

/**
 * `"[Unreadable: <message>]"` for a value whose reading threw `error`. Runs no user code beyond one read
 * of `error.message`; never throws.
 */
export function unreadableMarker(error: unknown): string {
  let message = "unknown error";
  try {
    if (typeof error === "string") message = error;
    else if (typeof error === "object" && error !== null) {
      const m = (error as { message?: unknown }).message;
      if (typeof m === "string") message = m;
    } else if (typeof error !== "function" && typeof error !== "symbol") message = String(error);
  } catch (error) {
    noteInternalError(error); // the message getter threw too; keep the generic text
  }
  return "[Unreadable: " + normalizeString(message, MAX_ERROR_MESSAGE_LENGTH) + "]";
}
