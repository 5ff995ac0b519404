// Several counts read in one pass over each flattened object (domain/first-counts.ts) give what asking every object
// for every key of each list in turn gives: the first object holding a count under any of a list's keys wins, and
// within it the list's earliest key. Usage keys shared by several lists, repeated keys and values that are not
// counts are the cases a one-pass reading could get wrong.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { count } from "@honeyhive/core/values/count";
import { CALL_TOKEN_KEYS, REPORTED_COST_KEYS } from "@honeyhive/core/pricing/usage-keys";
import { firstCounts } from "../../packages/dev-server/src/domain/first-counts";

/** The rule, asked key by key (the reading before the one-pass index). */
function askEachKey(maps: readonly ReadonlyMap<string, unknown>[], lists: readonly (readonly string[])[]): (number | null)[] {
  return lists.map((keys) => {
    for (const map of maps) {
      for (const key of keys) {
        const n = count(map.get(key));
        if (n !== undefined && n !== null) return n;
      }
    }
    return null;
  });
}

const LISTS: readonly (readonly string[])[] = [...Object.values(CALL_TOKEN_KEYS), REPORTED_COST_KEYS];
const KEYS = [...new Set(LISTS.flat())];
const valueArb = fc.oneof(fc.integer({ min: -3, max: 9000 }), fc.double({ noNaN: false }), fc.constantFrom("12", " 7 ", "x", "", "1e3", true, null, undefined, {}));
const mapArb = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.constantFrom("run_id", "model", "tokens")), valueArb), { maxLength: 8 })
  .map((entries) => new Map(entries));

describe("firstCounts", () => {
  it("reads what asking every object for each key in turn reads", () => {
    const read = firstCounts(LISTS);
    fc.assert(fc.property(fc.array(mapArb, { maxLength: 4 }), (maps) => {
      expect(read(maps)).toEqual(askEachKey(maps, LISTS));
    }), { numRuns: 2000 });
  });

  it("prefers an earlier object over an earlier key, and a key's first place in a list that repeats it", () => {
    const lists = [["a", "b"], ["b", "c", "b"], ["d"]];
    const read = firstCounts(lists);
    const later = new Map<string, unknown>([["a", 1], ["d", "x"]]);
    const earlier = new Map<string, unknown>([["c", 5], ["b", "2"], ["d", null]]);
    expect(read([earlier, later])).toEqual([2, 2, null]);
    expect(read([later, earlier])).toEqual([1, 2, null]);
    expect(read([new Map<string, unknown>([["c", 3], ["b", "no"]])])).toEqual([null, 3, null]);
    expect(read([])).toEqual([null, null, null]);
  });
});
