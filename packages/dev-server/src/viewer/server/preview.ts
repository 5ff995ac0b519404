/**
 * Bounded previews of stored values for list and table cells: the viewer never ships a 5 MB output to
 * show one table cell. Values are compact JSON (strings as they are), cut at a character budget.
 */
import type { ValuePreview } from "../shared/wire-types";
export type { ValuePreview };

/** A value cut for display in a list cell. */

/** Default budget of a table cell preview. */
export const PREVIEW_CHARS = 300;

function fullText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

/** A preview of `value` within `maxChars` characters (never splits a surrogate pair). */
export function previewValue(value: unknown, maxChars = PREVIEW_CHARS): ValuePreview {
  const text = fullText(value);
  if (text.length <= maxChars) return { text, truncated: false, length: text.length };
  let cut = maxChars;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return { text: text.slice(0, cut), truncated: true, length: text.length };
}

/** A string cut to `maxChars` characters, or null. */
export function clipText(value: string | null | undefined, maxChars: number): string | null {
  if (value === null || value === undefined) return null;
  return value.length <= maxChars ? value : `${value.slice(0, maxChars)}…`;
}

