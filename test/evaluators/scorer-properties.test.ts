import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cosineSimilarity, exactMatch, levenshteinSimilarity, normalizeText, normalizedMatch, numericClosenessOf } from "../../packages/honeyhive/src/evaluators";
import { levenshteinDistance } from "../../packages/core/src/text/levenshtein";

const vector = (n: number) => fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: n, maxLength: n }).filter((v) => v.some((x) => Math.abs(x) > 1e-6));

describe("scorer properties (fast-check)", () => {
  it("levenshtein similarity: symmetric, in [0, 1], 1 exactly for equal strings; distance obeys the triangle inequality", () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (a, b, c) => {
      const s = levenshteinSimilarity(a, b);
      expect(s).toBe(levenshteinSimilarity(b, a));
      expect(s >= 0 && s <= 1).toBe(true);
      expect(s === 1).toBe(a === b);
      expect(levenshteinDistance(a, c)).toBeLessThanOrEqual(levenshteinDistance(a, b) + levenshteinDistance(b, c));
      expect(levenshteinDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
    }));
  });

  it("cosine similarity: symmetric, in [-1, 1], invariant to positive scaling, 1 for a vector with itself", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(vector(n), vector(n), fc.double({ min: 1e-3, max: 1e3, noNaN: true }))), ([a, b, k]) => {
      const s = cosineSimilarity(a, b);
      expect(s).toBeCloseTo(cosineSimilarity(b, a), 12);
      expect(s >= -1 && s <= 1).toBe(true);
      expect(cosineSimilarity(a.map((x) => x * k), b)).toBeCloseTo(s, 9);
      expect(cosineSimilarity(a, a)).toBeCloseTo(1, 9);
    }));
  });

  it("numeric closeness: symmetric, in [0, 1], 1 exactly for equal numbers or within tolerance", () => {
    fc.assert(fc.property(fc.double({ noNaN: true }), fc.double({ noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (a, b, t) => {
      const s = numericClosenessOf(a, b);
      expect(s).toBe(numericClosenessOf(b, a));
      expect(s >= 0 && s <= 1).toBe(true);
      if (a === b) expect(s).toBe(1);
      if (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= t) expect(numericClosenessOf(a, b, t)).toBe(1);
    }));
  });

  it("normalisation is idempotent; normalized and exact match are reflexive and symmetric on any JSON value", () => {
    const exact = exactMatch();
    const normalized = normalizedMatch();
    const idempotent = (s: string) => {
      expect(normalizeText(normalizeText(s))).toBe(normalizeText(s));
    };
    // Found by this property in CI: removing the symbol U+1D157 leaves U+1D165 after marks of a higher class.
    idempotent("\u0385\u{1D15E}");
    for (const unit of ["grapheme", "binary"] as const) fc.assert(fc.property(fc.string({ unit }), idempotent), { numRuns: 2000 });
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
      expect(exact(a, {}, a)).toEqual({ score: true });
      expect((normalized(a, {}, a) as { score: boolean }).score).toBe(true);
      expect((exact(a, {}, b) as { score: boolean }).score).toBe((exact(b, {}, a) as { score: boolean }).score);
      expect((normalized(a, {}, b) as { score: boolean }).score).toBe((normalized(b, {}, a) as { score: boolean }).score);
    }));
  });
});
