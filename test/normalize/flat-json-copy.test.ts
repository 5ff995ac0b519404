// The flat object copy of API bodies (normalize/flat-json-copy.ts): where it applies, it is exactly what writing the
// value with toJsonString and parsing it back gives (same keys, same order, same JSON text), and it declines every
// value whose JSON the normaliser would change or mark (nested, null, long or odd strings, odd keys, unreadable).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flatJsonCopy } from "../../packages/honeyhive/src/normalize/flat-json-copy";
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
  fc.constant({ nested: 1 }),
  fc.constant([1]),
);

describe("flatJsonCopy", () => {
  it("equals the written-and-parsed copy wherever it applies, byte for byte once sent", () => {
    fc.assert(
      fc.property(fc.dictionary(key, leaf, { maxKeys: 8 }), (value) => {
        const copy = flatJsonCopy(value, DEFAULT_MAX_VALUE_BYTES);
        const reference = writtenAndParsed(value);
        if (copy !== undefined) {
          expect(copy).toStrictEqual(reference);
          expect(JSON.stringify(copy)).toBe(JSON.stringify(reference));
          expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
        }
        expect(JSON.stringify(toJsonSafe(value))).toBe(JSON.stringify(reference)); // the API body rule is unchanged
      }),
      { numRuns: 2000 },
    );
  });

  it("copies a session's usual inputs and metadata, and leaves the original alone", () => {
    const inputs = { i: 7, question: "question 7", ok: true, skipped: undefined, zero: -0, "2": "two" };
    const copy = flatJsonCopy(inputs, DEFAULT_MAX_VALUE_BYTES);
    expect(copy).toStrictEqual({ "2": "two", i: 7, question: "question 7", ok: true, zero: 0 });
    expect(copy).not.toBe(inputs);
    inputs.question = "changed after the start was built";
    expect(copy?.question).toBe("question 7");
  });

  it("declines what the normaliser writes differently or marks", () => {
    const declined: unknown[] = [
      { a: { b: 1 } }, { a: [1] }, { a: null }, { a: NaN }, { a: 1n }, { a: "x".repeat(257) }, { a: "\ud800" }, { "a\nb": 1 },
      JSON.parse('{"__proto__": 1}'), Object.create(null), new (class Point { x = 1; })(), new Date(0), new Map(), [1, 2],
      Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, i])), "text", 3, null, undefined,
      Object.defineProperty({}, "bad", { enumerable: true, get: () => { throw new Error("no"); } }),
      new Proxy({}, { ownKeys: () => { throw new Error("trap"); } }),
    ];
    for (const value of declined) expect(flatJsonCopy(value, DEFAULT_MAX_VALUE_BYTES)).toBeUndefined();
    expect(toJsonSafe(Object.defineProperty({}, "bad", { enumerable: true, get: () => { throw new Error("no"); } }))).toStrictEqual({ bad: "[Unreadable: no]" });
  });
});
