/**
 * Bytes serialized in JSON as numbers: `JSON.stringify(new Uint8Array(...))` gives the index map
 * `{"0":137,"1":80,...}` and `JSON.stringify(buffer)` (a Node `Buffer`) gives `{"type":"Buffer","data":[137,80,...]}`,
 * which is how an image given to the AI SDK as bytes reaches its `ai.prompt` attribute. A resumable scan finds, in
 * JSON text, each index map (keys exactly `"0"`, `"1"`, ... `"n-1"` in order) and each Buffer object whose values are
 * bytes (0-255), in the compact form `JSON.stringify` prints, with at least `minBytes` of them, and decodes the bytes
 * as it goes: one pass over the characters, no regular expression, no parse of the document, memory bounded by
 * `keepBytes`.
 */
import { CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, QUOTE, ZERO } from "../text/json-char-codes";

/** One index map (or Buffer object) found: the text `[from, end)` (from its `{` to after its `}`) and its bytes. */
export interface ByteIndexMap {
  readonly from: number;
  readonly end: number;
  /** How many bytes it holds. */
  readonly size: number;
  /** Its bytes; only the first {@link ByteIndexMapScanner} `keepBytes` are kept when it holds more (`size` says). */
  readonly bytes: Uint8Array;
}

const OPEN = '{"0":';
const OPEN_BUFFER = '{"type":"Buffer","data":[';
const CLOSE = CLOSE_OBJECT;

function digit(code: number): number {
  return code >= ZERO && code <= ZERO + 9 ? code - ZERO : -1;
}

/** The map being read: where it started, its form, and the bytes so far (their count is the next index expected). */
interface OpenMap {
  readonly from: number;
  readonly buffer: boolean;
  size: number;
  bytes: Uint8Array;
}

/**
 * See the module comment. {@link advance} reads about as many characters as it is given, so a caller can spread a
 * long value over turns of the event loop; {@link maps} holds what was found.
 */
export class ByteIndexMapScanner {
  readonly maps: ByteIndexMap[] = [];
  readonly #value: string;
  readonly #minBytes: number;
  readonly #keepBytes: number;
  #at = 0;
  #open: OpenMap | undefined;
  /** The number the last {@link #integer} read. */
  #number = 0;

  /** @param keepBytes - most bytes kept of one map (a larger one is found with its size and first bytes only). */
  constructor(value: string, minBytes: number, keepBytes: number) {
    this.#value = value;
    this.#minBytes = Math.max(1, minBytes);
    this.#keepBytes = Math.max(16, keepBytes);
  }

  /** Reads about `budget` characters; true once the scan is complete. */
  advance(budget: number): boolean {
    const stop = Math.min(this.#value.length, this.#at + Math.max(1, budget));
    while (this.#at < stop) {
      if (this.#open !== undefined) this.#readEntries(stop);
      else this.#findOpen(stop);
    }
    if (this.#at < this.#value.length) return false;
    this.#open = undefined; // the text ended inside a map: not one
    return true;
  }

  /** Moves to the next `{"0":` or Buffer object before `stop` (the search window overlaps by the longer pattern). */
  #findOpen(stop: number): void {
    const window = this.#value.slice(this.#at, stop + OPEN_BUFFER.length - 1);
    const before = (found: number): number => (found < stop - this.#at ? found : -1); // one starting later: next window
    const map = before(window.indexOf(OPEN));
    const buffer = before(window.indexOf(OPEN_BUFFER));
    if (map < 0 && buffer < 0) {
      this.#at = stop;
      return;
    }
    const isBuffer = map < 0 || (buffer >= 0 && buffer < map);
    const from = this.#at + (isBuffer ? buffer : map);
    this.#open = { from, buffer: isBuffer, size: 0, bytes: new Uint8Array(Math.min(this.#keepBytes, 64 * 1024)) };
    this.#at = from + (isBuffer ? OPEN_BUFFER.length : 1); // at the first value, or the first key's quote
  }

  /**
   * Reads entries (`"<i>":<byte>`, or `<byte>` in a Buffer's array) followed by `,` or the end (`}`, `]}`) until
   * `stop`; an entry that breaks the form ends the map.
   */
  #readEntries(stop: number): void {
    const value = this.#value;
    const open = this.#open as OpenMap;
    let at = this.#at;
    while (at < stop) {
      const next = open.buffer ? this.#byte(value, at) : this.#entry(value, at, open.size);
      if (next < 0) {
        this.#open = undefined; // not an index map: search again after its start
        this.#at = Math.max(open.from + 1, at);
        return;
      }
      this.#keep(open, this.#number);
      at = next;
      const separator = value.charCodeAt(at);
      const end = open.buffer ? separator === CLOSE_ARRAY && value.charCodeAt(at + 1) === CLOSE : separator === CLOSE;
      if (end) {
        this.#close(open, at + (open.buffer ? 2 : 1));
        return;
      }
      if (separator !== COMMA) {
        this.#open = undefined;
        this.#at = at;
        return;
      }
      at++;
    }
    this.#at = at;
  }

  /**
   * Reads a JSON integer of 1 to `maxDigits` digits (no leading zero) at `pos`: the position after it, or -1; the
   * number is left in {@link #number}.
   */
  #integer(value: string, pos: number, maxDigits: number): number {
    let n = 0;
    let end = pos;
    for (let d = digit(value.charCodeAt(end)); d >= 0; d = digit(value.charCodeAt(end))) {
      if (end - pos === maxDigits) return -1;
      n = n * 10 + d;
      end++;
    }
    if (end === pos || (end - pos > 1 && value.charCodeAt(pos) === ZERO)) return -1;
    this.#number = n;
    return end;
  }

  /** Reads `"<index>":<byte>` at `at`: the position after it (the byte left in {@link #number}), or -1 when it is not that entry. */
  #entry(value: string, at: number, index: number): number {
    if (value.charCodeAt(at) !== QUOTE) return -1;
    const keyEnd = this.#integer(value, at + 1, 10);
    if (keyEnd < 0 || this.#number !== index || value.charCodeAt(keyEnd) !== QUOTE || value.charCodeAt(keyEnd + 1) !== COLON) return -1;
    return this.#byte(value, keyEnd + 2);
  }

  /** Reads a byte value (0-255) at `at`: the position after it (the byte left in {@link #number}), or -1. */
  #byte(value: string, at: number): number {
    const end = this.#integer(value, at, 3);
    return end < 0 || this.#number > 255 ? -1 : end;
  }

  #keep(open: OpenMap, byte: number): void {
    if (open.size < this.#keepBytes) {
      if (open.size === open.bytes.length) {
        const grown = new Uint8Array(Math.min(this.#keepBytes, open.bytes.length * 2));
        grown.set(open.bytes);
        open.bytes = grown;
      }
      open.bytes[open.size] = byte;
    }
    open.size++;
  }

  #close(open: OpenMap, end: number): void {
    this.#open = undefined;
    this.#at = end;
    if (open.size < this.#minBytes) return;
    this.maps.push({ from: open.from, end, size: open.size, bytes: open.bytes.subarray(0, Math.min(open.size, this.#keepBytes)) });
  }
}

/** The index maps of `value` (one synchronous {@link ByteIndexMapScanner} pass). */
export function findByteIndexMaps(value: string, minBytes: number, keepBytes: number): ByteIndexMap[] {
  const scanner = new ByteIndexMapScanner(value, minBytes, keepBytes);
  scanner.advance(Number.MAX_SAFE_INTEGER);
  return scanner.maps;
}
