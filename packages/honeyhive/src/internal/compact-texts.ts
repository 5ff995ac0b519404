/**
 * Texts kept as UTF-8 bytes in shared blocks outside the JavaScript heap, each read back as the string it was: a long
 * run keeps one or more texts per row (ids, canonical texts, error messages) that as strings would grow the heap, and
 * every byte that grows the heap costs several in the process's memory (decision record 0094). A string that UTF-8
 * cannot spell (a lone surrogate) is kept as the string itself.
 */
import { compareCodePoints } from "@honeyhive/core/datasets/python-json";
import { Uint32List } from "./growable-array";
import { releaseBytes } from "./release-bytes";
import { decodeUtf8, encodeUtf8, utf8Encoder } from "./utf8";

/** Bytes of the first block; each next one is twice as large, up to {@link MAX_SMALL_BLOCK_BYTES}. */
const FIRST_BLOCK_BYTES = 1 << 14;
const MAX_SMALL_BLOCK_BYTES = 1 << 20;
/**
 * Bytes of each block after the small ones (a longer text gets a block of its own). glibc's malloc places a block
 * smaller than its mmap threshold in its shared heap, where a block kept all run long pins the memory freed around it
 * and, once freed, stays in the process; that threshold rises at run time up to 32 MiB (the size of the largest block
 * freed so far: a run of 100,000 datapoints frees larger blocks than 1 MiB early). A block of 32 MiB is always
 * mapped on its own: its pages count in RSS only once written, and it goes back to the system when freed
 * (decision record 0094).
 */
const LARGE_BLOCK_BYTES = 1 << 25;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether UTF-8 spells `text` exactly (no lone surrogate). */
function wellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return typeof native === "function" ? native.call(text) : !LONE_SURROGATE.test(text);
}

/** Texts kept compactly, numbered from 0 in the order they were added. */
export class CompactTexts {
  readonly #blocks: Uint8Array[] = [];
  readonly #block = new Uint32List();
  readonly #start = new Uint32List();
  readonly #bytes = new Uint32List();
  /** The texts UTF-8 cannot spell, by number. */
  readonly #asStrings = new Map<number, string>();
  /** Bytes used in the last block. */
  #used = 0;

  /** Texts added. */
  get size(): number {
    return this.#block.length;
  }

  /** Keeps `text`; returns its number. */
  add(text: string): number {
    const id = this.#block.length;
    const most = text.length * 3; // UTF-8 bytes at most
    const last = this.#blocks.at(-1);
    if (last === undefined || this.#used + most > last.length) {
      const next = last === undefined ? FIRST_BLOCK_BYTES : last.length < MAX_SMALL_BLOCK_BYTES ? last.length * 2 : LARGE_BLOCK_BYTES;
      this.#blocks.push(new Uint8Array(Math.max(next, most)));
      this.#used = 0;
    }
    const block = this.#blocks.length - 1;
    const { read, written } = utf8Encoder().encodeInto(text, this.#blocks[block]!.subarray(this.#used));
    this.#block.push(block);
    this.#start.push(this.#used);
    if (read !== written && !wellFormed(text)) {
      this.#asStrings.set(id, text);
      this.#bytes.push(0);
      return id;
    }
    this.#bytes.push(written);
    this.#used += written;
    return id;
  }

  /** The UTF-8 bytes of text `id` (a view into its block: copy it to keep it). */
  bytes(id: number): Uint8Array {
    const kept = this.#asStrings.get(id);
    if (kept !== undefined) return encodeUtf8(kept);
    const start = this.#start.at(id);
    return this.#blocks[this.#block.at(id)]!.subarray(start, start + this.#bytes.at(id));
  }

  /**
   * Texts `a` and `b` compared by code points (as core's `compareCodePoints`): their UTF-8 bytes compared in place, in
   * the same order, with nothing allocated.
   */
  compare(a: number, b: number): number {
    if (this.#asStrings.size > 0 && (this.#asStrings.has(a) || this.#asStrings.has(b))) return compareCodePoints(this.text(a), this.text(b));
    const left = this.#blocks[this.#block.at(a)]!;
    const right = this.#blocks[this.#block.at(b)]!;
    const leftStart = this.#start.at(a);
    const rightStart = this.#start.at(b);
    const leftBytes = this.#bytes.at(a);
    const rightBytes = this.#bytes.at(b);
    const common = Math.min(leftBytes, rightBytes);
    for (let i = 0; i < common; i++) {
      const difference = left[leftStart + i]! - right[rightStart + i]!;
      if (difference !== 0) return difference;
    }
    return leftBytes - rightBytes;
  }

  /** Text `id`, as it was added. */
  text(id: number): string {
    return this.#asStrings.get(id) ?? decodeUtf8(this.bytes(id));
  }

  /**
   * Lets the texts' memory go now, not at the next full collection ({@link releaseBytes}): for texts no longer needed
   * while the run goes on. Nothing may be read or added afterwards.
   */
  release(): void {
    releaseBytes(this.#blocks);
    this.#blocks.length = 0;
    this.#asStrings.clear();
  }
}
