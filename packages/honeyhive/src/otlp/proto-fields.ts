/**
 * Reading the framing of an encoded protobuf message: its fields one by one, each with its number, wire type and byte
 * range, without decoding values. What the spool's span count and the 413 split of an export body both walk. Pure;
 * never throws.
 */

/** One field of a message: its number, wire type, where its tag starts, where its value starts, where it ends. */
export interface ProtoField {
  readonly field: number;
  readonly wire: number;
  readonly start: number;
  /** For a length-delimited field (wire type 2): where its payload starts (after tag and length). */
  readonly valueStart: number;
  readonly end: number;
}

/** Wire type of a length-delimited field (a message, bytes, a string). */
export const WIRE_LEN = 2;

/** Reads a varint at `pos` before `end`; undefined when truncated or longer than 10 bytes. */
export function readVarint(bytes: Uint8Array, pos: number, end = bytes.length): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10 && pos + i < end; i++) {
    const byte = bytes[pos + i]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { value, next: pos + i + 1 };
    scale *= 128;
  }
  return undefined;
}

/** Where the value of a field of wire type `wire` starting at `pos` ends (and its payload starts), or undefined. */
function valueRange(bytes: Uint8Array, wire: number, pos: number, end: number): { valueStart: number; end: number } | undefined {
  if (wire === 0) {
    const skipped = readVarint(bytes, pos, end);
    return skipped && { valueStart: pos, end: skipped.next };
  }
  if (wire === 1) return { valueStart: pos, end: pos + 8 };
  if (wire === 5) return { valueStart: pos, end: pos + 4 };
  if (wire !== WIRE_LEN) return undefined;
  const length = readVarint(bytes, pos, end);
  return length && { valueStart: length.next, end: length.next + length.value };
}

/**
 * Calls `onField` for each field of the message in `bytes[start, end)`, in order. False when the message is malformed
 * (a truncated varint, an unknown wire type, a field running past `end`) or when `onField` returns false.
 */
export function walkFields(bytes: Uint8Array, start: number, end: number, onField: (field: ProtoField) => boolean): boolean {
  let pos = start;
  while (pos < end) {
    const tag = readVarint(bytes, pos, end);
    if (tag === undefined) return false;
    const wire = tag.value % 8;
    const range = valueRange(bytes, wire, tag.next, end);
    if (range === undefined || range.end > end) return false;
    if (!onField({ field: Math.floor(tag.value / 8), wire, start: pos, valueStart: range.valueStart, end: range.end })) return false;
    pos = range.end;
  }
  return pos === end;
}
