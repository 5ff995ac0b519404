/**
 * MurmurHash3 (x86, 128-bit) over the UTF-16 code units of a string: a fast, well-mixed, non-cryptographic
 * hash used to derive span event ids on the ingest hot path (a SHA-1 per span costs more than the rest of
 * the id handling). Collisions only matter within one project, so a non-cryptographic hash is enough.
 */

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const HEX_PAIRS: string[] = [];
for (let i = 0; i < 256; i++) HEX_PAIRS.push(i.toString(16).padStart(2, "0"));

/** The 8 lowercase hex characters of a 32-bit word. */
export function hex8(n: number): string {
  return HEX_PAIRS[(n >>> 24) & 0xff]! + HEX_PAIRS[(n >>> 16) & 0xff]! + HEX_PAIRS[(n >>> 8) & 0xff]! + HEX_PAIRS[n & 0xff]!;
}

/** The 4 lowercase hex characters of the low 16 bits of `n`. */
export function hex4(n: number): string {
  return HEX_PAIRS[(n >>> 8) & 0xff]! + HEX_PAIRS[n & 0xff]!;
}

/** Packs the low bytes of 4 code units, little-endian, into one 32-bit word. */
function block(text: string, i: number): number {
  return (
    (text.charCodeAt(i) & 0xff) |
    ((text.charCodeAt(i + 1) & 0xff) << 8) |
    ((text.charCodeAt(i + 2) & 0xff) << 16) |
    ((text.charCodeAt(i + 3) & 0xff) << 24)
  );
}

/**
 * The 128-bit MurmurHash3 of `text` as 32 lowercase hex characters. Code units above 0xff are folded to
 * their low byte after being mixed into the seed, so every string still hashes deterministically.
 */
export function hash128Hex(text: string, seed = 0): string {
  const words = hash128(text, seed);
  return hex8(words[0]!) + hex8(words[1]!) + hex8(words[2]!) + hex8(words[3]!);
}

/** Output of {@link hash128}, reused by every call (read it before the next call). */
const WORDS = new Int32Array(4);

/** The 128-bit MurmurHash3 of `text` (see {@link hash128Hex}) as four 32-bit words, most significant first. */
export function hash128(text: string, seed = 0): Int32Array {
  let wide = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) wide = Math.imul(wide ^ text.charCodeAt(i), 0x01000193);
  let h1 = (seed ^ wide) >>> 0;
  let h2 = h1;
  let h3 = h1;
  let h4 = h1;
  const len = text.length;
  const blocks = len - (len % 16);
  for (let i = 0; i < blocks; i += 16) {
    let k1 = block(text, i);
    let k2 = block(text, i + 4);
    let k3 = block(text, i + 8);
    let k4 = block(text, i + 12);
    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    h1 ^= k1;
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3);
    h2 ^= k2;
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4);
    h3 ^= k3;
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1);
    h4 ^= k4;
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }
  if (len > blocks) {
    // Reads past the end give NaN, and NaN & 0xff is 0: the tail words come out zero-padded, and mixing a
    // zero word changes nothing, exactly as in the reference implementation.
    h4 ^= Math.imul(rotl(Math.imul(block(text, blocks + 12), C4), 18), C1);
    h3 ^= Math.imul(rotl(Math.imul(block(text, blocks + 8), C3), 17), C4);
    h2 ^= Math.imul(rotl(Math.imul(block(text, blocks + 4), C2), 16), C3);
    h1 ^= Math.imul(rotl(Math.imul(block(text, blocks), C1), 15), C2);
  }
  // The cross-word step below runs twice, around fmix, written out both times: a shared helper over WORDS was
  // measured slower than keeping the four words in locals.
  h1 ^= len;
  h2 ^= len;
  h3 ^= len;
  h4 ^= len;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  WORDS[0] = h1;
  WORDS[1] = h2;
  WORDS[2] = h3;
  WORDS[3] = h4;
  return WORDS;
}
