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

/** Decodes a cursor made for `order`; undefined when absent; 400 when malformed or made for the other order. */
export function decodeCursor(text: unknown, order: "asc" | "desc"): EventCursor | undefined {
  if (text === undefined || text === null || text === "") return undefined;
  if (typeof text !== "string" || text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) {
    throw invalid("cursor is malformed: pass the next_cursor of a previous page unchanged");
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw invalid("cursor is malformed: pass the next_cursor of a previous page unchanged");
  }
  if (!Array.isArray(value) || value.length !== 3) throw invalid("cursor is malformed: pass the next_cursor of a previous page unchanged");
  const [tag, start, seq] = value as unknown[];
  const validStart = start === null || (typeof start === "number" && Number.isFinite(start));
  if ((tag !== "a" && tag !== "d") || !validStart || !Number.isSafeInteger(seq) || (seq as number) < 0) {
    throw invalid("cursor is malformed: pass the next_cursor of a previous page unchanged");
  }
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
  const malformed = () => invalid("cursor is malformed: pass the next_cursor of a previous page unchanged");
  if (text.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(text)) throw malformed();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw malformed();
  }
  if (!Array.isArray(value) || value.length !== 4 || value[0] !== "r" || value.slice(1).some((v) => typeof v !== "string")) {
    throw malformed();
  }
  if (value[1] !== sort) throw invalid("cursor belongs to a listing with another sort_by or sort_order");
  return { value: value[2] as string, id: value[3] as string };
}
