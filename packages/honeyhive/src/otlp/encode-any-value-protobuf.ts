import type { AttributeValue, Attributes } from "@opentelemetry/api";
import { isInt64 } from "./is-int64";
import { type KeyEntry, cacheKeyValue, keyEntry } from "./encode-kv-cache";
import { type ProtoWriter, utf8Length, varintSize, writeUtf8 } from "./proto-writer";
import { registerModuleCache } from "../internal/process-state";

const TWO_32 = 4294967296;
const MAX_CACHED_KV_BYTES = 256;

/** Size of the int64 varint of an integer in int64 range. */
function int64Size(value: number): number {
  if (value < 0) return 10;
  if (value < TWO_32) return varintSize(value);
  const hi = Math.floor(value / TWO_32);
  return hi < 0x08 ? 5 : hi < 0x400 ? 6 : hi < 0x20000 ? 7 : hi < 0x1000000 ? 8 : 9;
}

/**
 * Writes a string-valued KeyValue up to its string bytes: its length, the key field, and the AnyValue and
 * string_value headers for a string of `n` UTF-8 bytes.
 */
function writeStringKvHeader(w: ProtoWriter, field: Uint8Array, n: number): void {
  const av = 1 + varintSize(n) + n;
  w.varint(field.length + 1 + varintSize(av) + av);
  w.raw(field);
  w.byte(0x12);
  w.varint(av);
  w.byte(0x0a);
  w.varint(n);
}

/**
 * Writes a string-valued KeyValue body (length prefix onwards) assuming the value is ASCII, which lets
 * every length be known before the bytes are written. Returns false (having written garbage past the
 * start, which the caller rewinds) when the value turned out not to be ASCII.
 */
function writeAsciiStringKv(w: ProtoWriter, field: Uint8Array, value: string): boolean {
  const n = value.length;
  writeStringKvHeader(w, field, n);
  const buf = w.buf;
  const pos = w.pos;
  if (n < 16) {
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) return false;
      buf[pos + i] = c;
    }
    w.pos = pos + n;
    return true;
  }
  const written = writeUtf8(buf, value, pos, 3 * n);
  w.pos = pos + written;
  return written === n;
}

/** Writes a string-valued KeyValue body with exact UTF-8 lengths (the non-ASCII path). */
function writeUtf8StringKv(w: ProtoWriter, field: Uint8Array, value: string): void {
  const n = utf8Length(value);
  writeStringKvHeader(w, field, n);
  w.pos += writeUtf8(w.buf, value, w.pos, n);
}

/** Writes a number-valued KeyValue body: intValue for integers in int64 range, doubleValue otherwise. */
function writeNumberKv(w: ProtoWriter, field: Uint8Array, value: number): void {
  const isInt = isInt64(value);
  const av = isInt ? 1 + int64Size(value) : 9;
  w.varint(field.length + 2 + av);
  w.raw(field);
  w.byte(0x12);
  w.byte(av);
  if (isInt) {
    w.byte(0x18);
    w.int64(value);
  } else {
    w.byte(0x21);
    w.double(value);
  }
}

/** Writes an array-valued KeyValue body (ArrayValue of AnyValues). */
function writeArrayKv(w: ProtoWriter, field: Uint8Array, value: readonly unknown[]): void {
  const kvStart = w.beginLength(1);
  w.raw(field);
  w.ensure(4);
  w.byte(0x12);
  const avStart = w.beginLength(1);
  w.byte(0x2a);
  const arrStart = w.beginLength(1);
  for (let i = 0; i < value.length; i++) writeArrayElement(w, value[i]);
  w.endLength(arrStart, 1);
  w.endLength(avStart, 1);
  w.endLength(kvStart, 1);
}

/** Writes one `ArrayValue.values` element (field 1): an AnyValue; null/undefined become an empty AnyValue. */
function writeArrayElement(w: ProtoWriter, value: unknown): void {
  w.ensure(24);
  w.byte(0x0a);
  switch (typeof value) {
    case "string": {
      const n = utf8Length(value);
      w.varint(1 + varintSize(n) + n);
      w.byte(0x0a);
      w.varint(n);
      w.ensure(n);
      w.pos += writeUtf8(w.buf, value, w.pos, n);
      return;
    }
    case "number":
      if (isInt64(value)) {
        w.byte(1 + int64Size(value));
        w.byte(0x18);
        w.int64(value);
      } else {
        w.byte(9);
        w.byte(0x21);
        w.double(value);
      }
      return;
    case "boolean":
      w.byte(2);
      w.byte(0x10);
      w.byte(value ? 1 : 0);
      return;
    default:
      w.byte(0);
  }
}

/**
 * Writes one attribute as a length-delimited `KeyValue` field with tag byte `tag` (it differs per parent
 * message). Values that are not attribute values (undefined, null, plain objects) are skipped.
 */
function writeEntryValue(w: ProtoWriter, tag: number, entry: KeyEntry, value: AttributeValue | null | undefined): void {
  const type = typeof value;
  if (type !== "string" && type !== "number" && type !== "boolean") {
    if (!Array.isArray(value)) return;
    const { field } = entry;
    w.ensure(field.length + 8);
    w.byte(tag);
    writeArrayKv(w, field, value);
    return;
  }
  const field = entry.field;
  const repeated = entry.lastValue === value;
  if (repeated && entry.arena !== undefined) {
    w.ensure(1);
    w.byte(tag);
    w.rawRange(entry.arena, entry.start + 1, entry.end);
    return;
  }
  w.ensure(field.length + 32 + (type === "string" ? 3 * (value as string).length : 0));
  w.byte(tag);
  const start = w.pos;
  if (type === "string") {
    if (!writeAsciiStringKv(w, field, value as string)) {
      w.pos = start;
      writeUtf8StringKv(w, field, value as string);
    }
  } else if (type === "number") writeNumberKv(w, field, value as number);
  else {
    w.varint(field.length + 4);
    w.raw(field);
    w.byte(0x12);
    w.byte(2);
    w.byte(0x10);
    w.byte(value ? 1 : 0);
  }
  const size = w.pos - start;
  if (size > MAX_CACHED_KV_BYTES) {
    // Never keep large values alive (or copy them) just for the cache.
    entry.lastValue = undefined;
    entry.arena = undefined;
  } else if (!repeated) {
    entry.lastValue = value;
    entry.arena = undefined;
  } else {
    cacheKeyValue(entry, w.buf, start - 1, w.pos);
  }
}

/**
 * The key entries of the previous attributes object, by position: spans of one kind share their key order,
 * so the entry is usually found with one (pointer) comparison instead of a Map lookup (attribute keys
 * read back from an object are internalized strings). Measured: encoding 630 → 600 ns per bench span.
 */
const MAX_SLOTS = 64;
const slotKeys: string[] = [];
const slotEntries: KeyEntry[] = [];
registerModuleCache("otlp/any-value-slots", {
  clear: () => {
    slotKeys.length = 0;
    slotEntries.length = 0;
  },
  size: () => slotEntries.length,
});

/** Writes every attribute of `attributes` as repeated KeyValue fields with tag byte `tag`. */
export function writeAttributes(w: ProtoWriter, tag: number, attributes: Attributes | undefined): void {
  if (attributes === undefined) return;
  // A run of cached KeyValues that are adjacent in their arena, not copied yet: copied in one go.
  let runArena: Uint8Array | undefined;
  let runStart = 0;
  let runEnd = 0;
  let i = 0;
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined || value === null) continue;
    let entry: KeyEntry;
    if (i < MAX_SLOTS) {
      if (slotKeys[i] === key) entry = slotEntries[i]!;
      else {
        entry = keyEntry(key);
        slotKeys[i] = key;
        slotEntries[i] = entry;
      }
      i++;
    } else entry = keyEntry(key);
    const cached = entry.arena;
    if (cached !== undefined && entry.lastValue === value && cached[entry.start] === tag) {
      if (cached === runArena && entry.start === runEnd) runEnd = entry.end;
      else {
        if (runArena !== undefined) w.rawRange(runArena, runStart, runEnd);
        runArena = cached;
        runStart = entry.start;
        runEnd = entry.end;
      }
      continue;
    }
    if (runArena !== undefined) {
      w.rawRange(runArena, runStart, runEnd);
      runArena = undefined;
    }
    writeEntryValue(w, tag, entry, value);
  }
  if (runArena !== undefined) w.rawRange(runArena, runStart, runEnd);
}
