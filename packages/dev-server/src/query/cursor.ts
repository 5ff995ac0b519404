/**
 * Opaque page cursors for keyset pagination: `next_cursor` of one page, sent back as `cursor`, starts the
 * next page right after the last event returned, whatever was written in between. The text is base64url of a
 * small JSON array; a cursor is only valid for the order it was made for.
 */
import { invalid } from "../domain/validation-error";
import type { EventCursor, RunCursor } from "../domain/records";

const MAX_CURSOR_LENGTH = 200;

/** Encodes a position in `order` as an opaque cursor. */
export function encodeCursor(position: EventCursor, order: "asc" | "desc"): string {
  return Buffer.from(JSON.stringify([order === "asc" ? "a" : "d", position.start, position.seq])).toString("base64url");
}

const MALFORMED = "cursor is malformed: pass the next_cursor of a previous page unchanged";

/** The JSON array inside a cursor's base64url text; 400 when the text is too long, not base64url, or not an array. */
function cursorPayload(text: string, maxLength: number): unknown[] {
  if (text.length > maxLength || !/^[A-Za-z0-9_-]+$/.test(text)) throw invalid(MALFORMED);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw invalid(MALFORMED);
  }
  if (!Array.isArray(value)) throw invalid(MALFORMED);
  return value as unknown[];
}

function isEventPosition(start: unknown, seq: unknown): boolean {
  const validStart = start === null || (typeof start === "number" && Number.isFinite(start));
  return validStart && Number.isSafeInteger(seq) && (seq as number) >= 0;
}

/** Decodes a cursor made for `order`; undefined when absent; 400 when malformed or made for the other order. */
export function decodeCursor(text: unknown, order: "asc" | "desc"): EventCursor | undefined {
  if (text === undefined || text === null || text === "") return undefined;
  if (typeof text !== "string") throw invalid(MALFORMED);
  const value = cursorPayload(text, MAX_CURSOR_LENGTH);
  const [tag, start, seq] = value;
  if (value.length !== 3 || (tag !== "a" && tag !== "d") || !isEventPosition(start, seq)) throw invalid(MALFORMED);
  if (tag !== (order === "asc" ? "a" : "d")) throw invalid("cursor belongs to a listing in the other order");
  return { start: start as number | null, seq: seq as number };
}

/** Encodes a run listing position; the cursor is tied to the listing's sort column and order. */
export function encodeRunCursor(position: RunCursor, sort: string): string {
  return Buffer.from(JSON.stringify(["r", sort, position.value, position.id])).toString("base64url");
}

/** Decodes a run listing cursor made for `sort` (e.g. "created_at:desc"); 400 when malformed or foreign. */
export function decodeRunCursor(text: string | null, sort: string): RunCursor | undefined {
  if (text === null || text === "") return undefined;
  const value = cursorPayload(text, 1000);
  if (value.length !== 4 || value[0] !== "r" || value.slice(1).some((v) => typeof v !== "string")) throw invalid(MALFORMED);
  if (value[1] !== sort) throw invalid("cursor belongs to a listing with another sort_by or sort_order");
  return { value: value[2] as string, id: value[3] as string };
}
