/**
 * Texts encoded to UTF-8 into large buffers outside V8's heap as they are made, each kept as a view of its bytes: a
 * route that must hold 10,000 rendered events until it writes them in another order holds them here, so the
 * young-generation collector neither copies nor promotes 11 MB of strings (decision record 0097).
 */

/** Bytes of a block; a text longer than a block's share gets a block of its own. */
const BLOCK_BYTES = 1024 * 1024;

/** Encodes texts into blocks of {@link BLOCK_BYTES}, handing back a view of each one's bytes. */
export class ByteArena {
  private block = Buffer.alloc(0);
  private used = 0;
  private added = 0;

  /** Bytes of every text added so far. */
  get bytes(): number {
    return this.added;
  }

  /** `parts`, one after another, as UTF-8: a view of the arena's bytes, valid as long as the view is (blocks are never reused). */
  add(...parts: readonly string[]): Buffer {
    let most = 0;
    for (const part of parts) most += part.length * 3; // UTF-8 writes at most 3 bytes per UTF-16 code unit
    if (this.used + most > this.block.length) {
      this.block = Buffer.allocUnsafeSlow(Math.max(BLOCK_BYTES, most));
      this.used = 0;
    }
    const start = this.used;
    for (const part of parts) this.used += this.block.write(part, this.used, "utf8");
    this.added += this.used - start;
    return this.block.subarray(start, this.used);
  }
}
