import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closestKey, editDistance, unknownKeyMessage, unknownKeys } from "../../packages/core/src/text/closest-key";

const KEYS = ["function", "dataset", "datasetId", "evaluators", "maxConcurrency", "maxWorkers", "name", "suite", "trials"];

describe("closestKey (the one 'did you mean' rule)", () => {
  it("names the intended key for the typos users make", () => {
    expect(closestKey("evaluator", KEYS)).toBe("evaluators");
    expect(closestKey("datset", KEYS)).toBe("dataset");
    expect(closestKey("dataSetId", KEYS)).toBe("datasetId");
    expect(closestKey("maxconcurency", KEYS)).toBe("maxConcurrency");
    expect(closestKey("trails", KEYS)).toBe("trials");
    expect(closestKey("zzzzzz", KEYS)).toBeUndefined();
  });

  it("counts an adjacent swap as one edit", () => {
    expect(editDistance("trials", "trails")).toBe(2 - 1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("finds every valid key from itself and from any one-character change of a long enough key (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...KEYS.filter((k) => k.length >= 6)), fc.nat(), fc.constantFrom("x", "q", ""), (key, at, ch) => {
        expect(closestKey(key, KEYS)).toBe(key);
        const i = at % key.length;
        const typo = key.slice(0, i) + ch + key.slice(i + 1);
        if (!KEYS.includes(typo)) expect(closestKey(typo, KEYS)).toBeDefined();
      }),
    );
  });

  it("containment: false keeps only edit-distance matches (a key holding a field name is not a typo of it)", () => {
    expect(closestKey("model_config", ["config", "metadata"])).toBe("config");
    expect(closestKey("model_config", ["config", "metadata"], { containment: false })).toBeUndefined();
    expect(closestKey("metdata", ["config", "metadata"], { containment: false })).toBe("metadata");
    expect(closestKey("session_id", ["sessionId"], { containment: false })).toBe("sessionId");
  });

  it("builds the message and lists unknown own keys", () => {
    expect(unknownKeyMessage("evaluator", KEYS)).toBe('unknown option "evaluator" (did you mean "evaluators"?)');
    expect(unknownKeyMessage("zzzz", ["a", "b"])).toBe('unknown option "zzzz" (valid options: a, b)');
    expect(unknownKeys({ name: 1, evaluator: 2 }, KEYS)).toEqual(["evaluator"]);
  });
});
