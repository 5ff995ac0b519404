/**
 * A small seeded pseudo-random generator for the statistics (resampling must give the same interval for the same two
 * runs wherever it is computed: the CLI, the dev server, the viewer). Mulberry32: a 32-bit state advanced by a
 * Weyl sequence and mixed by two multiply-xorshift rounds; fast, and far better than the statistics here need (it
 * passes the usual batteries at these sample sizes). Not for anything secret.
 */

/** A generator of 32-bit unsigned integers from a seed. */
export interface SeededRandom {
  /** The next 32-bit unsigned integer. */
  nextUint32(): number;
  /** A whole number in `[0, bound)` (`bound` ≤ 2^32). */
  below(bound: number): number;
}

/** The step of the generator's state (a Weyl sequence): the next state from the current one. */
export function nextState(state: number): number {
  return (state + 0x6d2b79f5) | 0;
}

/** The 32-bit unsigned output of a state (two multiply-xorshift rounds). */
export function outputOf(state: number): number {
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** The generator for `seed` (any number; its low 32 bits are used). */
export function seededRandom(seed: number): SeededRandom {
  let state = seed | 0;
  const nextUint32 = (): number => outputOf((state = nextState(state)));
  return { nextUint32, below: (bound) => Math.floor((nextUint32() / 4294967296) * bound) };
}

/** A 32-bit seed from a text and a base seed (FNV-1a over the UTF-16 code units): each metric resamples on its own. */
export function seedFor(text: string, base: number): number {
  let hash = (0x811c9dc5 ^ base) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
