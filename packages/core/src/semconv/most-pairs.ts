/**
 * The most pairs of linked items, each item in one pair at most (a maximum matching): reports of one call that can be
 * paired are few and mostly two or three, but taking each item's nearest match in turn can leave two items unpaired
 * that a different choice pairs (A–B taken where A–C and B–D were both possible). Each group of linked items is
 * matched exactly, by a search over its subsets, up to {@link EXACT_GROUP_LIMIT} items; a larger group (never seen
 * from real instrumentations) takes each item's cheapest match in turn.
 */

/** The largest group of linked items matched exactly (2^16 subsets at most). */
export const EXACT_GROUP_LIMIT = 16;

/**
 * Pairs `[i, j]` (i < j) of the items `0 … count - 1`: as many as `linked` allows, and of those, the least total `cost`.
 * `linked` is asked for i < j only.
 */
export function mostPairs(count: number, linked: (i: number, j: number) => boolean, cost: (i: number, j: number) => number): [number, number][] {
  const links: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      if (!linked(i, j)) continue;
      links[i]!.push(j);
      links[j]!.push(i);
    }
  }
  const pairs: [number, number][] = [];
  for (const group of groupsOf(links)) {
    const found = group.length <= EXACT_GROUP_LIMIT ? exactPairs(group, links, cost) : nearestPairs(group, links, cost);
    pairs.push(...found);
  }
  return pairs.sort((a, b) => a[0] - b[0]);
}

/** The connected groups of linked items (each with two items or more), each in ascending order. */
function groupsOf(links: readonly number[][]): number[][] {
  const seen = new Set<number>();
  const groups: number[][] = [];
  for (let start = 0; start < links.length; start++) {
    if (seen.has(start) || links[start]!.length === 0) continue;
    const group: number[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const item = stack.pop()!;
      group.push(item);
      for (const next of links[item]!) {
        if (seen.has(next)) continue;
        seen.add(next);
        stack.push(next);
      }
    }
    groups.push(group.sort((a, b) => a - b));
  }
  return groups;
}

/**
 * The maximum matching of one group of least cost: for each subset of its items still free, the lowest one is left
 * unpaired or paired with a linked free item, whichever leaves more pairs (then less cost). Memoised per subset.
 */
function exactPairs(group: readonly number[], links: readonly number[][], cost: (i: number, j: number) => number): [number, number][] {
  const at = new Map(group.map((item, k) => [item, k]));
  const size = 1 << group.length;
  const pairsOf = new Int8Array(size).fill(-1);
  const costOf = new Float64Array(size);
  const partner = new Int8Array(size);
  const solve = (free: number): void => {
    if (pairsOf[free]! >= 0) return;
    if (free === 0) return void (pairsOf[0] = 0);
    const low = 31 - Math.clz32(free & -free);
    const rest = free & ~(1 << low);
    solve(rest);
    let best = pairsOf[rest]!;
    let bestCost = costOf[rest]!;
    let chosen = -1;
    for (const item of links[group[low]!]!) {
      const k = at.get(item)!;
      if ((rest & (1 << k)) === 0) continue;
      const after = rest & ~(1 << k);
      solve(after);
      const pairs = pairsOf[after]! + 1;
      const total = costOf[after]! + cost(group[low]!, item);
      if (pairs > best || (pairs === best && total < bestCost)) [best, bestCost, chosen] = [pairs, total, k];
    }
    [pairsOf[free], costOf[free], partner[free]] = [best, bestCost, chosen];
  };
  const all = size - 1;
  solve(all);
  const pairs: [number, number][] = [];
  for (let free = all; free !== 0;) {
    const low = 31 - Math.clz32(free & -free);
    const k = partner[free]!;
    free &= ~(1 << low);
    if (k < 0) continue;
    free &= ~(1 << k);
    const [a, b] = [group[low]!, group[k]!];
    pairs.push(a < b ? [a, b] : [b, a]);
  }
  return pairs;
}

/** Each item of the group in turn takes its cheapest free linked item (a large group: not always the most pairs). */
function nearestPairs(group: readonly number[], links: readonly number[][], cost: (i: number, j: number) => number): [number, number][] {
  const taken = new Set<number>();
  const pairs: [number, number][] = [];
  for (const item of group) {
    if (taken.has(item)) continue;
    let best: number | undefined;
    for (const other of links[item]!) if (!taken.has(other) && (best === undefined || cost(item, other) < cost(item, best))) best = other;
    if (best === undefined) continue;
    taken.add(item).add(best);
    pairs.push(item < best ? [item, best] : [best, item]);
  }
  return pairs;
}
