import { decodeUtf8, utf8Encoder } from "./utf8";
/**
 * The text a {@link JsonPruner} keeps, in the form its input comes in: bytes (a body as it arrives, copied out of each
 * chunk so the chunk itself is never held) or text. Only the kept parts are ever held.
 */

/** One piece of a JSON text: bytes of its UTF-8 encoding, or text. */
export type JsonPiece = Uint8Array | string;

/** An append-only text held in the form of the pieces appended to it. */
export interface KeptText {
  /** Code units held: bytes for bytes, UTF-16 units for text. */
  readonly length: number;
  /** Appends `piece`'s units `from` (inclusive) to `to` (exclusive). */
  append(piece: JsonPiece, from: number, to: number): void;
  /** Appends a text (e.g. a separator or a key already read). */
  appendText(text: string): void;
  /** The text held (bytes decoded as UTF-8, malformed sequences replaced as `Buffer#toString` does). */
  text(): string;
  /** Forgets everything held. */
  clear(): void;
}

/** Kept bytes in one growing array: each append copies, so the chunk it came from can be collected. */
export class KeptBytes implements KeptText {
  private bytes = new Uint8Array(256);
  private used = 0;

  get length(): number {
    return this.used;
  }

  append(piece: JsonPiece, from: number, to: number): void {
    if (to <= from) return;
    if (typeof piece === "string") return this.appendText(piece.slice(from, to));
    this.room(to - from);
    this.bytes.set(piece.subarray(from, to), this.used);
    this.used += to - from;
  }

  appendText(text: string): void {
    this.room(text.length * 3);
    this.used += utf8Encoder().encodeInto(text, this.bytes.subarray(this.used)).written;
  }

  text(): string {
    return decodeUtf8(this.bytes.subarray(0, this.used));
  }

  clear(): void {
    this.used = 0;
    if (this.bytes.length > 4096) this.bytes = new Uint8Array(256);
  }

  private room(more: number): void {
    if (this.used + more <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + more));
    grown.set(this.bytes.subarray(0, this.used));
    this.bytes = grown;
  }
}

/** Kept text as the slices it was appended in, joined once at the end. */
export class KeptString implements KeptText {
  private parts: string[] = [];
  private units = 0;

  get length(): number {
    return this.units;
  }

  append(piece: JsonPiece, from: number, to: number): void {
    if (to <= from) return;
    if (typeof piece !== "string") return this.appendText(decodeUtf8(piece.subarray(from, to)));
    this.appendText(piece.slice(from, to));
  }

  appendText(text: string): void {
    this.parts.push(text);
    this.units += text.length;
  }

  text(): string {
    return this.parts.join("");
  }

  clear(): void {
    this.parts = [];
    this.units = 0;
  }
}
