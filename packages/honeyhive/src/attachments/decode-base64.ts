/**
 * Base64 decoding in slices, yielding to the event loop between them, so a 20 MB payload never blocks it for long.
 * Standard and URL-safe alphabets; a truncated tail (a last quantum of 1 character) is dropped, 2 or 3 characters
 * give their whole bytes: what decodes is kept, nothing throws.
 */

/** Base64 characters decoded per slice (a multiple of 4): about 1 MB of bytes. */
const SLICE_CHARS = 1024 * 1024 * 4 / 3 - ((1024 * 1024 * 4 / 3) % 4);

interface NodeBufferLike {
  write(text: string, offset: number, length: number, encoding: "base64"): number;
  subarray(start: number, end: number): Uint8Array;
}
interface NodeBufferStatic {
  allocUnsafe(size: number): NodeBufferLike & Uint8Array;
}

const NodeBuffer = (globalThis as { Buffer?: NodeBufferStatic }).Buffer;

/** Resolves on a later turn of the event loop (a macrotask, so I/O and timers run in between). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Bytes of one slice without Node's Buffer: `atob` after mapping the URL-safe alphabet; undefined when invalid. */
function decodeSliceNeutral(text: string): Uint8Array | undefined {
  const whole = text.length % 4 === 1 ? text.slice(0, -1) : text;
  try {
    const binary = atob(whole.replace(/-/g, "+").replace(/_/g, "/"));
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

/** The byte count `chars` base64 characters (no padding counted) decode to at most. */
export function decodedSize(chars: number): number {
  return Math.floor((chars * 3) / 4);
}

/**
 * Decodes `value[start, end)` (base64 characters only, as `findBase64Runs` found them). Each slice is decoded on its
 * own turn of the event loop. Never rejects: invalid slices contribute no bytes.
 */
export async function decodeBase64Slices(value: string, start: number, end: number): Promise<Uint8Array> {
  const out = NodeBuffer ? NodeBuffer.allocUnsafe(decodedSize(end - start) + 3) : new Uint8Array(decodedSize(end - start) + 3);
  let written = 0;
  for (let at = start; at < end; at += SLICE_CHARS) {
    if (at > start) await nextTurn();
    const slice = value.slice(at, Math.min(end, at + SLICE_CHARS));
    if (NodeBuffer) written += (out as NodeBufferLike).write(slice, written, out.length - written, "base64");
    else {
      const bytes = decodeSliceNeutral(slice);
      if (bytes) {
        out.set(bytes, written);
        written += bytes.length;
      }
    }
  }
  return out.subarray(0, written);
}
