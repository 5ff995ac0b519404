/**
 * Text from bytes through Node's native Buffer slicers (`utf8Slice`, `latin1Slice`, `hexSlice`: on every Buffer,
 * not in its published type). They read the bytes in place and make one string, where `TextDecoder` or a
 * character-by-character loop cost more on the ingest hot path (every attribute, id and event id of every span).
 * Their UTF-8 decoding is the WHATWG one: invalid sequences become U+FFFD, a leading U+FEFF is kept.
 */

/** The native slicers of a Buffer over some bytes. */
export interface NativeText {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
  hexSlice(start: number, end: number): string;
}

/** The slicers over `bytes` (a Buffer as it is, any other Uint8Array through a Buffer view of the same memory). */
export function nativeText(bytes: Uint8Array): NativeText {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer as unknown as NativeText;
}
