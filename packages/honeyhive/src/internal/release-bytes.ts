/**
 * Gives back the memory of byte blocks a long run no longer needs at the next minor collection instead of the next
 * full one. A block kept for the whole run lives in V8's old generation, and the memory behind it (outside the heap)
 * is freed only when a full collection finds it unreachable: at the end of a 100,000-datapoint run that was 30 MB of a
 * server dataset's canonical texts still held while the results were made, the run's peak (decision record 0094).
 * Transferring a block's buffer (`structuredClone` with `transfer`) detaches it and hands its memory, without a copy,
 * to a new buffer in the young generation, which the next scavenge (every few MB allocated) frees once dropped.
 */

/**
 * Detaches the buffers of `blocks` (each must own its whole buffer, as `new Uint8Array(n)` does), so their memory is
 * freed by the next minor collection: the blocks read as empty afterwards. Does nothing where the runtime has no
 * `structuredClone` or cannot transfer a buffer (the memory is then freed by a full collection, as before). Never throws.
 */
export function releaseBytes(blocks: readonly Uint8Array[]): void {
  if (typeof structuredClone !== "function") return;
  for (const block of blocks) {
    const buffer = block.buffer;
    if (!(buffer instanceof ArrayBuffer)) continue; // a shared buffer cannot be transferred (CompactTexts makes none)
    try {
      structuredClone(buffer, { transfer: [buffer] });
    } catch {
      return; // a runtime that cannot transfer: a full collection frees them
    }
  }
}
