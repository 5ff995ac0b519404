/**
 * Several counts read at once from flattened objects in precedence order, each the first of its own list of keys
 * that holds a count (`@honeyhive/core/values/count`): the first object holding any of a list's keys with a count
 * wins, and within it the earliest key of the list. That is asking every object for every key of every list in
 * turn, but done in one pass over each object's entries through an index of the keys: a usage reading asks for about
 * a hundred keys (every GenAI dialect's token attributes) of objects holding a handful, so the asking cost the
 * ingest more than the rest of pricing a call. Decision record 0074.
 */
import { count } from "@honeyhive/core/values/count";
import type { PathLeaves } from "./flatten";

/** Where a key appears: in which list (`slot`) and at which position of it (`rank`, lower wins). */
interface KeyPlace {
  slot: number;
  rank: number;
}

/** Reads, for each of its key lists, the first count found (null when none): see the file comment. */
export type FirstCounts = (maps: readonly PathLeaves[]) => (number | null)[];

/** A {@link FirstCounts} over `lists` (each list's keys in precedence order). */
export function firstCounts(lists: readonly (readonly string[])[]): FirstCounts {
  const places = new Map<string, KeyPlace[]>();
  lists.forEach((keys, slot) => {
    keys.forEach((key, rank) => {
      const list = places.get(key);
      if (list === undefined) places.set(key, [{ slot, rank }]);
      else if (!list.some((p) => p.slot === slot)) list.push({ slot, rank }); // a repeated key: its first place counts
    });
  });
  const size = lists.length;
  // Scratch of one reading (this module's readings run to the end before another starts): only `out` is returned.
  const found: (number | null)[] = new Array<number | null>(size).fill(null);
  const bestRank: number[] = new Array<number>(size).fill(Infinity); // read only where `found` is set with it
  return (maps) => {
    const out: (number | null)[] = new Array<number | null>(size).fill(null);
    found.fill(null);
    for (const map of maps) {
      if (map.size === 0) continue;
      map.forEach((value, key) => {
        const keyPlaces = places.get(key);
        if (keyPlaces !== undefined) consider(keyPlaces, value, out, found, bestRank);
      });
      for (let slot = 0; slot < size; slot++) {
        if (found[slot] === null) continue;
        out[slot] = found[slot]!;
        found[slot] = null;
      }
    }
    return out;
  };
}

/** Keeps `value` for each list of `keyPlaces` not settled by an earlier object, when it ranks first so far in this one. */
function consider(keyPlaces: readonly KeyPlace[], value: unknown, out: readonly (number | null)[], found: (number | null)[], bestRank: number[]): void {
  let n: number | null | undefined;
  for (const { slot, rank } of keyPlaces) {
    if (out[slot] !== null) continue;
    if (found[slot] !== null && bestRank[slot]! <= rank) continue;
    n ??= count(value) ?? null;
    if (n === null) return;
    found[slot] = n;
    bestRank[slot] = rank;
  }
}
