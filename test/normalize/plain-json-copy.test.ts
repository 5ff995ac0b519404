// The small plain value copy of API bodies (normalize/plain-json-copy.ts): where it applies, it is exactly what writing the
// value with toJsonString and parsing it back gives (same keys, same order, same JSON text), and it declines every
// value whose JSON the normaliser would change or mark (nested, null, long or odd strings, odd keys, unreadable).
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plainJsonCopy } from "../../packages/honeyhive/src/normalize/plain-json-copy";
import { toJsonString } from "../../packages/honeyhive/src/normalize/index";
import { toJsonSafe } from "../../packages/honeyhive/src/enrichment/to-json-safe";
import { DEFAULT_MAX_VALUE_BYTES } from "../../packages/honeyhive/src/normalize/budget";

/** What toJsonSafe gave before the copy: the value written by the normaliser, then parsed back. */
const writtenAndParsed = (value: unknown): unknown => JSON.parse(toJsonString(value, 1_000_000)) as unknown;

const key = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("0", "1", "10", "-1", "__proto__", "constructor", "a\"b", "é", "\ud800", "x".repeat(300)));
const leaf = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.constantFrom("x".repeat(256), "x".repeat(257), "line\nbreak", "\udc00", -0, 0, 1e21, Number.MAX_VALUE, NaN, Infinity, true, false, null, undefined),
  fc.double(),
  fc.integer(),
);
/** Plain values a few levels deep, with everything the copy must decline mixed in. */
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: "small", maxDepth: 6 }, leaf, fc.dictionary(key, tie("tree"), { maxKeys: 6 }), fc.array(tie("tree"), { maxLength: 6 })),
}));

describe("plainJsonCopy", () => {
  it("equals the written-and-parsed copy wherever it applies, byte for byte once sent", () => {
    let applied = 0;
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(key, leaf, { maxKeys: 8 }), tree), (value) => {
        const copy = plainJsonCopy(value, DEFAULT_MAX_VALUE_BYTES);
        const reference = writtenAndParsed(value);
        if (copy !== undefined) {
          applied++;
          expect(isDeepStrictEqual(copy, reference)).toBe(true); // Object.is on leaves (-0), prototypes; a "constructor" key is a key
          expect(JSON.stringify(copy)).toBe(JSON.stringify(reference));
          expect(Object.getPrototypeOf(copy)).toBe(Object.getPrototypeOf(reference));
        }
        // the API body rule for containers is unchanged (a bare string or number has its own path there, untouched)
        if (typeof value === "object" && value !== null) expect(JSON.stringify(toJsonSafe(value))).toBe(JSON.stringify(reference));
      }),
      { numRuns: 3000 },
    );
    expect(applied).toBeGreaterThan(300); // the property saw the copy made, not only declined
  });

  it("copies a session's usual inputs, metadata and ground truth, and leaves the original alone", () => {
    expect(plainJsonCopy({ ground_truth: { answer: 14, tags: ["a", "b"] } }, DEFAULT_MAX_VALUE_BYTES)).toStrictEqual({ ground_truth: { answer: 14, tags: ["a", "b"] } });
    const inputs = { i: 7, question: "question 7", ok: true, skipped: undefined, zero: -0, "2": "two" };
    const copy = plainJsonCopy(inputs, DEFAULT_MAX_VALUE_BYTES);
    expect(copy).toStrictEqual({ "2": "two", i: 7, question: "question 7", ok: true, zero: 0 });
    expect(copy).not.toBe(inputs);
    inputs.question = "changed after the start was built";
    expect((copy as Record<string, unknown>).question).toBe("question 7");
  });

  it("declines what the normaliser writes differently or marks", () => {
    const declined: unknown[] = [
      { a: { b: null } }, { a: [1, undefined] }, { a: new Array(3) }, { a: null }, { toJSON: () => 1 }, new (class List extends Array {})(), { a: NaN }, { a: 1n }, { a: "x".repeat(257) }, { a: "\ud800" }, { "a\nb": 1 },
      JSON.parse('{"__proto__": 1}'), Object.create(null), new (class Point { x = 1; })(), new Date(0), new Map(),
      Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, i])), "text", 3, null, undefined,
      Object.defineProperty({}, "bad", { enumerable: true, get: () => { throw new Error("no"); } }),
      new Proxy({}, { ownKeys: () => { throw new Error("trap"); } }),
    ];
    for (const value of declined) expect(plainJsonCopy(value, DEFAULT_MAX_VALUE_BYTES)).toBeUndefined();
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    expect(plainJsonCopy(cycle, DEFAULT_MAX_VALUE_BYTES)).toBeUndefined(); // the normaliser marks it [Circular]
    expect(plainJsonCopy({ a: { b: { c: { d: { e: 1 } } } } }, DEFAULT_MAX_VALUE_BYTES)).toBeDefined();
    expect(plainJsonCopy({ a: { b: { c: { d: { e: { f: 1 } } } } } }, DEFAULT_MAX_VALUE_BYTES)).toBeUndefined();
    expect(toJsonSafe(Object.defineProperty({}, "bad", { enumerable: true, get: () => { throw new Error("no"); } }))).toStrictEqual({ bad: "[Unreadable: no]" });
  });
});
