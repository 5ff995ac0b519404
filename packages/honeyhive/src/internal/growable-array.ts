/**
 * Typed arrays that grow by doubling: what keeps a value per row of a long run (a dataset's texts, a run's datapoint
 * summaries) as bytes outside the JavaScript heap, where the garbage collector's headroom does not multiply them.
 */

/** The typed arrays {@link withRoomFor} grows. */
export type GrowableArray = Uint8Array | Uint32Array | Int32Array | Float64Array;

/** `array` itself when it has a slot at `index`, else a copy at least twice as long that has one (new slots are 0). */
export function withRoomFor<A extends GrowableArray>(array: A, index: number): A {
  if (index < array.length) return array;
  let length = Math.max(16, array.length * 2);
  while (length <= index) length *= 2;
  const grown = new (array.constructor as new (length: number) => A)(length);
  grown.set(array);
  return grown;
}

/** A list of unsigned 32-bit numbers that is added to at its end. */
export class Uint32List {
  #values = new Uint32Array(1024);
  length = 0;

  /** Adds `value` at the end. */
  push(value: number): void {
    this.#values = withRoomFor(this.#values, this.length);
    this.#values[this.length++] = value;
  }

  /** The value at `index` (0 beyond the end). */
  at(index: number): number {
    return this.#values[index] ?? 0;
  }
}
