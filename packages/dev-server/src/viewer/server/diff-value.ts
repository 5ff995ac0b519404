/**
 * Values shipped to the browser for a diff, capped: a 5 MB output is sent as its first
 * {@link DIFF_CHARS} characters (marked truncated), never whole.
 */
import type { DiffValue } from "../shared/wire-types";

/** Most characters of one side of a diff sent to the browser. */
export const DIFF_CHARS = 100_000;

function textOf(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value, null, 2) ?? "";
  } catch {
    return "";
  }
}

/** `value` capped at `maxChars` characters of its text form. */
export function diffValue(value: unknown, maxChars = DIFF_CHARS): DiffValue {
  const text = textOf(value);
  if (text.length <= maxChars) return value === undefined || value === null ? { text, truncated: false, length: 0 } : { value, text, truncated: false, length: text.length };
  let cut = maxChars;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return { text: text.slice(0, cut), truncated: true, length: text.length };
}
