/**
 * The pairing under the sibling rule (core/semconv/most-pairs.ts): as many pairs as the links allow, checked against a
 * search of every matching on random small graphs, and of those the least total cost.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mostPairs } from "../../packages/core/src/semconv/most-pairs";

/** The most pairs and their least cost, by trying every matching (small graphs only). */
function bruteForce(count: number, linked: (i: number, j: number) => boolean, cost: (i: number, j: number) => number): { pairs: number; cost: number } {
  const best = { pairs: 0, cost: 0 };
  const walk = (free: number[], pairs: number, total: number): void => {
    if (pairs > best.pairs || (pairs === best.pairs && total < best.cost)) Object.assign(best, { pairs, cost: total });
    if (free.length < 2) return;
    const [first, ...rest] = free as [number, ...number[]];
    walk(rest, pairs, total);
    for (const other of rest) if (linked(first, other)) walk(rest.filter((x) => x !== other), pairs + 1, total + cost(first, other));
  };
  walk(Array.from({ length: count }, (_, i) => i), 0, 0);
  return best;
}

const graph = fc.integer({ min: 0, max: 9 }).chain((count) =>
  fc.record({
    count: fc.constant(count),
    links: fc.array(fc.boolean(), { minLength: (count * (count - 1)) / 2, maxLength: (count * (count - 1)) / 2 }),
    starts: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: count, maxLength: count }),
  }),
);

describe("mostPairs", () => {
  it("finds as many pairs as any matching, of the least cost among those, each item once and every pair linked", () => {
    fc.assert(fc.property(graph, ({ count, links, starts }) => {
      const index = (i: number, j: number): number => (j * (j - 1)) / 2 + i; // i < j
      const linked = (i: number, j: number): boolean => links[index(Math.min(i, j), Math.max(i, j))]!;
      const cost = (i: number, j: number): number => Math.abs(starts[i]! - starts[j]!);
      const pairs = mostPairs(count, linked, cost);
      const items = pairs.flat();
      expect(new Set(items).size).toBe(items.length);
      for (const [i, j] of pairs) expect(i < j && linked(i, j)).toBe(true);
      const best = bruteForce(count, linked, cost);
      expect(pairs.length).toBe(best.pairs);
      expect(pairs.reduce((sum, [i, j]) => sum + cost(i, j), 0)).toBe(best.cost);
    }), { numRuns: 300 });
  });

  it("leaves the nearest-first choice that strands two items: A–B linked, but A–C and B–D pair all four", () => {
    // items in start order: 0 = A, 1 = B (nearest to A), 2 = C, 3 = D; C and D are linked to A and B only
    const links = new Set(["0-1", "0-2", "1-3"]);
    const pairs = mostPairs(4, (i, j) => links.has(`${i}-${j}`), (i, j) => Math.abs(i - j));
    expect(pairs).toEqual([[0, 2], [1, 3]]);
  });
});
