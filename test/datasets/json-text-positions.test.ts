/**
 * The lines of a JSON array file's elements are found in one pass over the text (`linesAt`), each the line `lineAt`
 * names for its offset: a file of 100,000 rows no longer reads its text once per row (its load took half an hour).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { lineAt, linesAt, topLevelElementOffsets } from "../../packages/honeyhive/src/datasets/json-text-positions";

describe("linesAt", () => {
  it("names, for ascending offsets, the line lineAt names for each", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "\n", "\r", " ", "é") , maxLength: 60 });
    fc.assert(fc.property(text, fc.array(fc.integer({ min: -2, max: 70 }), { maxLength: 12 }), (t, raw) => {
      const offsets = [...raw].sort((a, b) => a - b);
      expect(linesAt(t, offsets)).toEqual(offsets.map((o) => lineAt(t, o)));
    }), { numRuns: 500 });
  });

  it("gives each element of a JSON array file its line", () => {
    const text = '[\n  {"a": "x\\ny"},\n\n  {"b": [1,\n 2]}, 3\n]';
    expect(linesAt(text, topLevelElementOffsets(text))).toEqual([2, 4, 5]);
  });
});
