/**
 * String helpers shared by the normalisers: truncation with a marker, lone-surrogate repair, and the
 * fixed marker values.
 */
import { noteInternalError } from "../internal/guard";


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
 * splits a surrogate pair. When `max` is too small to hold the marker the string is cut without one.
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

/** Truncates to `max` and repairs lone surrogates: the form of every string value we write. */
export function normalizeString(s: string, max: number): string {
  return toWellFormed(s.length > max ? truncateString(s, max) : s);
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
