import { OtlpDecodeError } from "./otlp-decode-error";
import { nativeText, type NativeText } from "../domain/native-text";

/** Protobuf wire type 0: varint. */
export const WIRE_VARINT = 0;
/** Protobuf wire type 1: 8 little-endian bytes. */
export const WIRE_FIXED64 = 1;
/** Protobuf wire type 2: length-delimited. */
export const WIRE_LEN = 2;
/** Protobuf wire type 5: 4 little-endian bytes. */
export const WIRE_FIXED32 = 5;

const TWO_32 = 4294967296;
/** Slots of a reader's table of recurring strings (a power of two). */
const INTERN_SLOTS = 512;
/** Longest string (in bytes) {@link ProtoReader.recurringString} remembers. */
const MAX_INTERNED = 128;
/**
 * A bounds-checked protobuf wire reader over one buffer. Every read checks the buffer end and throws
 * {@link OtlpDecodeError} on truncation; nested messages are bounded by the `end` the caller passes.
 * Length prefixes never cause allocation (sub-ranges are views or decoded in place).
 */
export class ProtoReader {
  /** The message being read. */
  readonly buf: Uint8Array;
  /** Offset of the next byte to read. */
  pos = 0;
  /** Low 32 bits (unsigned) of the last varint or fixed64 read. */
  lo = 0;
  /** High 32 bits (unsigned) of the last varint or fixed64 read. */
  hi = 0;
  private view: DataView | undefined;
  private readonly native: NativeText;
  private interned: { at: Int32Array; len: Int32Array; text: (string | undefined)[] } | undefined;

  /** @param buf - the whole message. */
  constructor(buf: Uint8Array) {
    this.buf = buf;
    this.native = nativeText(buf);
  }

  /** Reads a varint of up to 10 bytes into {@link lo}/{@link hi}. */
  varint(): void {
    const buf = this.buf;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (pos >= buf.length) throw new OtlpDecodeError(`truncated varint at offset ${this.pos}`);
      const b = buf[pos++]!;
      const bits = b & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= bits << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (7 * i - 32);
      if (b < 0x80) {
        this.pos = pos;
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        return;
      }
    }
    throw new OtlpDecodeError(`varint longer than 10 bytes at offset ${this.pos}`);
  }

  /** Reads a field tag; returns `fieldNumber << 3 | wireType` as an unsigned number. */
  tag(): number {
    const b = this.buf[this.pos];
    if (b !== undefined && b < 0x80) {
      this.pos++;
      if (b >>> 3 === 0) throw new OtlpDecodeError(`invalid field number 0 at offset ${this.pos - 1}`);
      return b;
    }
    const at = this.pos;
    this.varint();
    if (this.hi !== 0 || this.lo >>> 3 === 0) throw new OtlpDecodeError(`invalid field tag at offset ${at}`);
    return this.lo;
  }

  /** Reads a varint as uint32 (its low 32 bits, as proto3 does for uint32 fields). */
  uint32(): number {
    const b = this.buf[this.pos];
    if (b !== undefined && b < 0x80) {
      this.pos++;
      return b;
    }
    this.varint();
    return this.lo;
  }

  /** Reads a varint as int32 (enums): the low 32 bits, signed. */
  int32(): number {
    return this.uint32() | 0;
  }

  /** Reads a varint as a signed int64: a number when safe, else a decimal string. */
  int64(): number | string {
    this.varint();
    const { lo, hi } = this;
    if (hi <= 0x1fffff) return hi * TWO_32 + lo;
    if (hi >= 0xffe00000 && !(hi === 0xffe00000 && lo === 0)) {
      return -((~hi >>> 0) * TWO_32 + (~lo >>> 0) + 1);
    }
    return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
  }

  /** Reads a varint as a boolean. */
  bool(): boolean {
    this.varint();
    return (this.lo | this.hi) !== 0;
  }

  /** Reads 8 little-endian bytes into {@link lo}/{@link hi}. */
  fixed64(): void {
    const buf = this.buf;
    const p = this.pos;
    if (p + 8 > buf.length) throw new OtlpDecodeError(`truncated fixed64 at offset ${p}`);
    this.lo = (buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24)) >>> 0;
    this.hi = (buf[p + 4]! | (buf[p + 5]! << 8) | (buf[p + 6]! << 16) | (buf[p + 7]! << 24)) >>> 0;
    this.pos = p + 8;
  }

  /** Reads a fixed64 as an unsigned bigint (timestamps). */
  fixed64BigInt(): bigint {
    this.fixed64();
    if (this.hi <= 0x1fffff) return BigInt(this.hi * TWO_32 + this.lo);
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** Reads a fixed32 as unsigned. */
  fixed32(): number {
    const buf = this.buf;
    const p = this.pos;
    if (p + 4 > buf.length) throw new OtlpDecodeError(`truncated fixed32 at offset ${p}`);
    this.pos = p + 4;
    return (buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24)) >>> 0;
  }

  /** Reads a double (fixed64 IEEE 754, little-endian). */
  double(): number {
    const p = this.pos;
    if (p + 8 > this.buf.length) throw new OtlpDecodeError(`truncated double at offset ${p}`);
    this.pos = p + 8;
    this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    return this.view.getFloat64(p, true);
  }

  /**
   * Reads a length prefix and returns the end offset of the length-delimited field, after checking
   * that it lies within `limit`.
   */
  lengthDelimited(limit: number): number {
    const at = this.pos;
    let len: number;
    const b = this.buf[at];
    if (b !== undefined && b < 0x80) {
      len = b;
      this.pos = at + 1;
    } else {
      this.varint();
      if (this.hi !== 0 || this.lo > 0x7fffffff) throw new OtlpDecodeError(`length too large at offset ${at}`);
      len = this.lo;
    }
    if (len > limit - this.pos) {
      throw new OtlpDecodeError(`length ${len} at offset ${at} runs past the end of its message`);
    }
    return this.pos + len;
  }

  /** Reads a length-delimited UTF-8 string bounded by `limit` (invalid sequences become U+FFFD). */
  string(limit: number): string {
    const end = this.lengthDelimited(limit);
    const start = this.pos;
    this.pos = end;
    return this.text(start, end);
  }

  /**
   * Like {@link string}, for strings that recur within one message (attribute keys: every span of a batch
   * repeats them): the same bytes read earlier in this buffer give back the same string object, so it is
   * decoded once per request, and later hash lookups of it (objects, maps, sets) reuse its cached hash. A
   * direct-mapped table of {@link INTERN_SLOTS} entries owned by this reader: memory stays bounded.
   */
  recurringString(limit: number): string {
    const end = this.lengthDelimited(limit);
    const start = this.pos;
    this.pos = end;
    const len = end - start;
    if (len > MAX_INTERNED) return this.text(start, end);
    const buf = this.buf;
    let h = len;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const slot = (h ^ (h >>> 16)) & (INTERN_SLOTS - 1);
    const table = (this.interned ??= { at: new Int32Array(INTERN_SLOTS), len: new Int32Array(INTERN_SLOTS), text: [] });
    const known = table.text[slot];
    if (known !== undefined && table.len[slot] === len) {
      const at = table.at[slot]!;
      let i = 0;
      while (i < len && buf[at + i] === buf[start + i]) i++;
      if (i === len) return known;
    }
    const text = this.text(start, end);
    table.at[slot] = start;
    table.len[slot] = len;
    table.text[slot] = text;
    return text;
  }

  /**
   * UTF-8 of `buf[start, end)`; invalid sequences become U+FFFD (as a WHATWG TextDecoder does) and a leading
   * U+FEFF is kept.
   */
  private text(start: number, end: number): string {
    return this.native.utf8Slice(start, end);
  }

  /** Lowercase hex of `buf[start, end)` (trace and span ids). */
  hex(start: number, end: number): string {
    return this.native.hexSlice(start, end);
  }

  /** Skips one field of the given wire type, bounded by `limit`. Groups and unknown wire types throw. */
  skip(wireType: number, limit: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint();
        break;
      case WIRE_FIXED64:
        this.advance(8, limit);
        break;
      case WIRE_LEN:
        this.pos = this.lengthDelimited(limit);
        break;
      case WIRE_FIXED32:
        this.advance(4, limit);
        break;
      default:
        throw new OtlpDecodeError(`unsupported wire type ${wireType} at offset ${this.pos}`);
    }
  }

  private advance(n: number, limit: number): void {
    if (this.pos + n > limit) throw new OtlpDecodeError(`truncated field at offset ${this.pos}`);
    this.pos += n;
  }
}

/** Throws unless `wireType` is the one expected for field `field` of `message`. */
export function expectWireType(wireType: number, expected: number, message: string, field: number): void {
  if (wireType !== expected) {
    throw new OtlpDecodeError(`${message} field ${field}: wire type ${wireType}, expected ${expected}`);
  }
}

/** Throws when a field read overran the end of its enclosing message. */
export function checkEnd(reader: ProtoReader, end: number, message: string): void {
  if (reader.pos > end) throw new OtlpDecodeError(`${message} field runs past the end of the message`);
}
