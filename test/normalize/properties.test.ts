// Property tests: whatever the input, the normalisers never throw, stay within budget and emit valid
// OpenTelemetry attribute values; JSON-like values survive flattenInto → unflattenAttributes.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Attributes } from "@opentelemetry/api";
import {
  MAX_KEY_SEGMENT_LENGTH,
  flattenInto,
  toAttributeValue,
  toJsonString,
  type NormalizeBudget,
} from "../../packages/honeyhive/src/normalize/index";
import { unflattenAttributes } from "../../packages/core/src/values/unflatten";

const RUNS = { numRuns: Number(process.env.NORMALIZE_FC_RUNS) || 300 };

/** Any UTF-16 sequence, lone surrogates included. */
const utf16 = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((codes) => String.fromCharCode(...codes));

function isWellFormed(s: string): boolean {
  return !/\p{Surrogate}/u.test(s);
}

/** Labels a hostile value for fast-check's counterexample printer (which would otherwise trip on it). */
function labelled<T extends object>(value: T, label: string): T {
  Object.defineProperty(value, fc.toStringMethod, { value: () => label, enumerable: false });
  return value;
}

function throwingGetter(v: unknown): object {
  const o = labelled({ v }, "throwingGetter");
  return Object.defineProperty(o, "bad", { enumerable: true, get: () => { throw new Error("get"); } });
}

function throwingGetProxy(v: unknown): object {
  const label = (): string => "throwingGetProxy";
  return new Proxy({ v }, { get: (_t, k) => { if (k === fc.toStringMethod) return label; throw new Error("trap"); } });
}

/** Throwing getters, throwing proxies, cycles, and other traps around random values. */
const hostile: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.anything({
      withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true,
      withObjectString: true, withTypedArray: true, withSparseArray: true, stringUnit: "binary",
    }),
    utf16,
    fc.array(tie("node"), { maxLength: 5 }),
    fc.dictionary(utf16, tie("node"), { maxKeys: 5 }),
    tie("node").map(throwingGetter),
    tie("node").map(throwingGetProxy),
    tie("node").map((v) => new Proxy(labelled({ v }, "throwingKeysProxy"), { ownKeys: () => { throw new Error("keys"); } })),
    tie("node").map((v) => { const o: Record<string, unknown> = labelled({ v }, "circular"); o.self = o; return o; }),
    tie("node").map((v) => labelled({ v, toJSON: () => { throw new Error("toJSON"); } }, "throwingToJSON")),
    tie("node").map((v) => new Map<unknown, unknown>([[labelled({ toString: () => { throw new Error("ts"); } }, "badKey"), v]])),
    fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 10n ** 30n, Symbol("s"), () => 1, new Date(Number.NaN), new Error("e")),
  ),
})).node;

const budgets: fc.Arbitrary<Partial<NormalizeBudget>> = fc.record(
  {
    maxStringBytes: fc.integer({ min: 0, max: 200 }),
    maxDepth: fc.integer({ min: 0, max: 6 }),
    maxAttributes: fc.integer({ min: 0, max: 20 }),
    maxJsonBytes: fc.integer({ min: 0, max: 300 }),
  },
  { requiredKeys: [] },
);

function resolved(b: Partial<NormalizeBudget>): NormalizeBudget {
  const r = { maxStringBytes: 131072, maxDepth: 16, maxAttributes: 256, maxJsonBytes: 131072, ...b };
  return { ...r, maxStringBytes: Math.max(64, r.maxStringBytes) }; // the smallest string bound holds the marker
}

function assertValidLeaf(value: unknown, maxStringBytes: number): void {
  if (typeof value === "string") {
    expect(utf8Length(value)).toBeLessThanOrEqual(maxStringBytes);
    expect(isWellFormed(value)).toBe(true);
  } else if (typeof value === "number") {
    expect(Number.isFinite(value)).toBe(true);
    expect(Object.is(value, -0)).toBe(false);
  } else {
    expect(typeof value).toBe("boolean");
  }
}

function assertValidAttributeValue(value: unknown, b: NormalizeBudget): void {
  if (Array.isArray(value)) {
    expect(value.length).toBeLessThanOrEqual(b.maxAttributes);
    const types = new Set(value.map((v) => typeof v));
    expect(types.size).toBeLessThanOrEqual(1);
    for (const item of value) assertValidLeaf(item, b.maxStringBytes);
  } else if (typeof value === "string") {
    expect(isWellFormed(value)).toBe(true);
    expect(utf8Length(value)).toBeLessThanOrEqual(Math.max(b.maxStringBytes, b.maxJsonBytes));
  } else assertValidLeaf(value, b.maxStringBytes);
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

describe("normalize properties", () => {
  it("flattenInto never throws, stays within budget and writes valid leaves", () => {
    fc.assert(
      fc.property(hostile, budgets, (value, partial) => {
        const b = resolved(partial);
        const out: Attributes = {};
        const n = flattenInto(out, "p", value, partial);
        const keys = Object.keys(out);
        // colliding paths ({ "a.b": 1, a: { b: 2 } }, Map keys 1 and "1") overwrite and count each write
        expect(n).toBeGreaterThanOrEqual(keys.length);
        expect(n).toBeLessThanOrEqual(Math.max(b.maxAttributes, 0) + 1);
        for (const key of keys) {
          expect(key === "p" || key.startsWith("p.")).toBe(true);
          expect(isWellFormed(key)).toBe(true);
          assertValidLeaf(out[key], b.maxStringBytes);
        }
      }),
      RUNS,
    );
  });

  it("flattenInto bounds key segments, depth and string length with the default budget", () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const out: Attributes = {};
        flattenInto(out, "p", value);
        for (const [key, v] of Object.entries(out)) {
          assertValidLeaf(v, 131072);
          expect(key.length).toBeLessThanOrEqual(1 + 17 * (MAX_KEY_SEGMENT_LENGTH + 1));
        }
      }),
      RUNS,
    );
  });

  it("toAttributeValue never throws and returns a valid attribute value", () => {
    fc.assert(
      fc.property(hostile, budgets, (value, partial) => {
        const v = toAttributeValue(value, partial);
        if (v !== undefined) assertValidAttributeValue(v, resolved(partial));
      }),
      RUNS,
    );
  });

  it("toJsonString never throws and stays within maxBytes", () => {
    fc.assert(
      fc.property(hostile, fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }), (value, maxBytes) => {
        const s = toJsonString(value, maxBytes);
        expect(typeof s).toBe("string");
        expect(utf8Length(s)).toBeLessThanOrEqual(maxBytes ?? 131072);
      }),
      RUNS,
    );
  });

  it("toJsonString equals JSON.stringify for JSON values that fit", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        expect(toJsonString(value)).toBe(JSON.stringify(value));
      }),
      RUNS,
    );
  });

  it("unflattenAttributes never throws on arbitrary keys", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[p._0-9a-z]{0,12}$/), fc.jsonValue({ maxDepth: 1 })), (attrs) => {
        const result = unflattenAttributes(attrs, "p");
        if (result !== undefined) expect(() => JSON.stringify(result)).not.toThrow();
      }),
      RUNS,
    );
  });

  it("flattenInto then unflattenAttributes round-trips JSON-like values", () => {
    const key = fc.string({ unit: "grapheme", maxLength: 8 }).filter((k) => !k.includes("."));
    const leaf = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 12 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (d === 0 ? 0 : d)),
      fc.boolean(),
    );
    const tree = fc.letrec<{ node: unknown; obj: Record<string, unknown> }>((tie) => ({
      node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node"), { minLength: 1, maxLength: 4 }), tie("obj")),
      obj: fc.dictionary(key, tie("node"), { minKeys: 1, maxKeys: 4 }),
    }));
    fc.assert(
      fc.property(tree.obj, (value) => {
        const out: Attributes = {};
        flattenInto(out, "honeyhive_inputs", value, { maxAttributes: 100_000, maxDepth: 1000 });
        expect(unflattenAttributes(out, "honeyhive_inputs")).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });
});
