import { runtime } from "../runtime/platform";
import { registerModuleCache } from "../internal/process-state";

/**
 * A growable protobuf wire writer over one reused buffer. Length-delimited fields whose size is not known
 * up front are written by reserving room for the length and back-patching it ({@link ProtoWriter.beginLength}
 * / {@link ProtoWriter.endLength}), moving the body only when the reservation was the wrong size.
 */

const TWO_32 = 4294967296;
const INITIAL_SIZE = 64 * 1024;
/** A message starts on a new slab when fewer bytes than this remain in the current one. */
const MIN_FREE_BYTES = 16 * 1024;
/** Buffers above this size are not kept between calls (memory stays bounded after one huge batch). */
const MAX_RETAINED_SIZE = 4 * 1024 * 1024;

// The runtime is read when these run, never while this module loads (the published build installs it then: see
// runtime/platform-slot.ts).

/** Writes UTF-8 into a byte array (the runtime's fastest way: Node's Buffer, else TextEncoder.encodeInto). */
export function writeUtf8(buf: Uint8Array, text: string, offset: number, maxBytes: number): number {
  return runtime.bytes.writeUtf8(buf, text, offset, maxBytes);
}

function allocBytes(size: number): Uint8Array {
  return runtime.bytes.alloc(size);
}

function byteLength(text: string): number {
  return runtime.bytes.utf8Length(text);
}

/** Number of bytes of the varint encoding of a uint32 (or of any non-negative safe integer < 2^35). */
export function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}

/**
 * A protobuf writer; obtain one with {@link acquireWriter} and give it back with {@link releaseWriter}.
 * Messages are written one after another into a slab: {@link finish} returns a view of the message just
 * written (no copy) and the next message starts after it, so earlier results are never overwritten. A new
 * slab is taken when the current one runs short.
 */
export class ProtoWriter {
  /** The slab written into (replaced when it runs short or grows). */
  buf: Uint8Array;
  /** Absolute offset of the next byte to write. */
  pos = 0;
  private start = 0;
  private lastSize = 0;
  private view: DataView;

  /** @param size - initial capacity in bytes. */
  constructor(size = INITIAL_SIZE) {
    this.buf = allocBytes(size);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** Starts a new message after the previous one (on a new slab when fewer bytes remain than it likely needs). */
  begin(): void {
    const want = Math.max(MIN_FREE_BYTES, this.lastSize + (this.lastSize >>> 2));
    if (this.buf.length - this.pos < want) {
      let size = INITIAL_SIZE;
      while (size < want) size *= 2;
      this.setBuffer(allocBytes(size));
      this.pos = 0;
    }
    this.start = this.pos;
  }

  /** Makes room for `n` more bytes (doubling; the current message keeps its offsets). */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = allocBytes(size);
    next.set(this.buf.subarray(this.start, this.pos), this.start);
    this.setBuffer(next);
  }

  private setBuffer(buf: Uint8Array): void {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Writes one byte (caller ensured room). */
  byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  /** Writes a uint32 varint (caller ensured 5 bytes of room). */
  varint(value: number): void {
    const buf = this.buf;
    let pos = this.pos;
    while (value > 0x7f) {
      buf[pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    buf[pos++] = value;
    this.pos = pos;
  }

  /** Writes a 64-bit varint given as two unsigned 32-bit halves (caller ensured 10 bytes of room). */
  varint64(lo: number, hi: number): void {
    const buf = this.buf;
    let pos = this.pos;
    while (hi !== 0 || lo > 0x7f) {
      buf[pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[pos++] = lo;
    this.pos = pos;
  }

  /**
   * Writes an integer in [-2^63, 2^63) as an int64 varint, exactly (the halves are computed with exact
   * double arithmetic; caller ensured 10 bytes of room).
   */
  int64(value: number): void {
    if (value >= 0 && value < TWO_32) this.varint(value);
    else this.varint64(value >>> 0, Math.floor(value / TWO_32) >>> 0);
  }

  /** Writes a little-endian fixed32 (caller ensured 4 bytes of room). */
  fixed32(value: number): void {
    const buf = this.buf;
    const pos = this.pos;
    buf[pos] = value;
    buf[pos + 1] = value >>> 8;
    buf[pos + 2] = value >>> 16;
    buf[pos + 3] = value >>> 24;
    this.pos = pos + 4;
  }

  /**
   * Writes an OpenTelemetry HrTime `[seconds, nanos]` as a fixed64 count of nanoseconds, exactly, without
   * BigInt: seconds * 1e9 = (seconds * 1953125) * 2^9, and seconds * 1953125 < 2^53 for seconds < 2^32.
   * (caller ensured 8 bytes of room)
   */
  hrTime(seconds: number, nanos: number): void {
    const p = seconds * 1953125;
    const hiPart = Math.floor(p / 8388608);
    const t = (p - hiPart * 8388608) * 512 + nanos;
    if (t < TWO_32) {
      this.fixed32(t >>> 0);
      this.fixed32(hiPart >>> 0);
    } else {
      this.fixed32((t - TWO_32) >>> 0);
      this.fixed32((hiPart + 1) >>> 0);
    }
  }

  /** Writes a little-endian double (caller ensured 8 bytes of room). */
  double(value: number): void {
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  /** Copies `bytes` (ensures room). */
  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    this.ensure(n);
    const buf = this.buf;
    const pos = this.pos;
    if (n < 16) for (let i = 0; i < n; i++) buf[pos + i] = bytes[i]!;
    else buf.set(bytes, pos);
    this.pos = pos + n;
  }

  /** Copies `bytes[start, end)` (ensures room). */
  rawRange(bytes: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.ensure(n);
    const buf = this.buf;
    const pos = this.pos;
    if (n < 16) for (let i = 0; i < n; i++) buf[pos + i] = bytes[start + i]!;
    else buf.set(bytes.subarray(start, end), pos);
    this.pos = pos + n;
  }

  /**
   * Writes the UTF-8 bytes of `s`, whose UTF-8 length `n` the caller computed (see {@link utf8Length});
   * ensures room.
   */
  utf8(s: string, n: number): void {
    this.ensure(n);
    if (n === s.length && n < 48) {
      const buf = this.buf;
      const pos = this.pos;
      for (let i = 0; i < n; i++) buf[pos + i] = s.charCodeAt(i);
      this.pos = pos + n;
    } else {
      this.pos += writeUtf8(this.buf, s, this.pos, n);
    }
  }

  /** Writes a length-prefixed string (no tag); ensures room. */
  string(s: string): void {
    const n = utf8Length(s);
    this.ensure(5 + n);
    this.varint(n);
    this.utf8(s, n);
  }

  /**
   * Reserves `reserve` bytes for the length of a message about to be written and returns the bookmark to
   * pass to {@link endLength}.
   */
  beginLength(reserve: number): number {
    this.ensure(reserve);
    const start = this.pos;
    this.pos += reserve;
    return start;
  }

  /** Back-patches the length reserved by {@link beginLength}, moving the body if the size guess was wrong. */
  endLength(start: number, reserve: number): void {
    const bodyStart = start + reserve;
    const len = this.pos - bodyStart;
    const need = varintSize(len);
    if (need !== reserve) {
      this.ensure(need - reserve);
      this.buf.copyWithin(start + need, bodyStart, this.pos);
      this.pos += need - reserve;
    }
    const end = this.pos;
    this.pos = start;
    this.varint(len);
    this.pos = end;
  }

  /** The message written since {@link begin}, as a view the caller owns (later messages never touch it). */
  finish(): Uint8Array {
    const buf = this.buf;
    const out = new Uint8Array(buf.buffer, buf.byteOffset + this.start, this.pos - this.start);
    this.lastSize = this.pos - this.start;
    this.start = this.pos;
    return out;
  }
}

/** UTF-8 byte length of `s` (a fast ASCII scan for short strings, native otherwise). */
export function utf8Length(s: string): number {
  const len = s.length;
  if (len < 48) {
    for (let i = 0; i < len; i++) {
      if (s.charCodeAt(i) >= 0x80) return byteLength(s);
    }
    return len;
  }
  return byteLength(s);
}

let shared: ProtoWriter | undefined;
registerModuleCache("otlp/proto-writer", {
  clear: () => {
    shared = undefined;
  },
  size: () => (shared === undefined ? 0 : 1),
});

/** Takes the shared writer (or a fresh one if it is in use, e.g. on re-entrance), ready for a new message. */
export function acquireWriter(): ProtoWriter {
  const writer = shared ?? new ProtoWriter();
  shared = undefined;
  writer.begin();
  return writer;
}

/** Gives a writer back for reuse (dropped if it grew beyond the retention limit). */
export function releaseWriter(writer: ProtoWriter): void {
  if (writer.buf.length <= MAX_RETAINED_SIZE) shared = writer;
}
