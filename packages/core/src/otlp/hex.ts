/** Hex helpers for trace/span ids: allocation-free hex → bytes, and a hex-string check. */

/** Nibble value of an ASCII character code; 0 for anything that is not a hex digit. */
const NIBBLE = new Uint8Array(128);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  NIBBLE[65 + i] = 10 + i;
  NIBBLE[97 + i] = 10 + i;
}

/**
 * Writes the bytes of the hex string `hex` (even length assumed, non-hex digits read as 0) into `out`
 * at `pos`, and returns the number of bytes written. No allocation.
 */
export function writeHexBytes(hex: string, out: Uint8Array, pos: number): number {
  const n = hex.length >>> 1;
  for (let i = 0, j = 0; i < n; i++, j += 2) {
    out[pos + i] = (NIBBLE[hex.charCodeAt(j) & 127]! << 4) | NIBBLE[hex.charCodeAt(j + 1) & 127]!;
  }
  return n;
}

/** True when `value` is a non-empty, even-length string of hex digits (any case). */
export function isHexString(value: string): boolean {
  if (value.length === 0 || (value.length & 1) === 1) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const isDigit = c >= 48 && c <= 57;
    const isLetter = (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
    if (!isDigit && !isLetter) return false;
  }
  return true;
}
