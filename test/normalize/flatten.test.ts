import { describe, expect, it } from "vitest";
import type { Attributes } from "@opentelemetry/api";
import { DEFAULT_NORMALIZE_BUDGET, flattenInto, resolveBudget } from "../../packages/honeyhive/src/normalize/index";

describe("flattenInto", () => {
  it("flattens objects with '.' and arrays by index, returning the count", () => {
    const out: Attributes = {};
    const n = flattenInto(out, "honeyhive_inputs", {
      question: "capital?",
      k: 3,
      ok: true,
      items: [{ name: "a" }, { name: "b", tags: ["x"] }],
    });
    expect(out).toEqual({
      "honeyhive_inputs.question": "capital?",
      "honeyhive_inputs.k": 3,
      "honeyhive_inputs.ok": true,
      "honeyhive_inputs.items.0.name": "a",
      "honeyhive_inputs.items.1.name": "b",
      "honeyhive_inputs.items.1.tags.0": "x",
    });
    expect(n).toBe(6);
  });

  it("writes a primitive at the prefix itself", () => {
    const out: Attributes = {};
    expect(flattenInto(out, "honeyhive_outputs.result", "Paris")).toBe(1);
    expect(out).toEqual({ "honeyhive_outputs.result": "Paris" });
  });

  it("keeps dotted key segments as-is and writes nothing for empty containers", () => {
    const out: Attributes = {};
    expect(flattenInto(out, "p", { "a.b": 1, e: {}, f: [] })).toBe(1);
    expect(out).toEqual({ "p.a.b": 1 });
  });

  it("adds to existing attributes without clearing them", () => {
    const out: Attributes = { keep: "me" };
    flattenInto(out, "p", { a: 1 });
    expect(out).toEqual({ keep: "me", "p.a": 1 });
  });

  it("supports an empty prefix", () => {
    const out: Attributes = {};
    flattenInto(out, "", { a: { b: 1 } });
    expect(out).toEqual({ "a.b": 1 });
  });

  it("applies a custom budget", () => {
    const out: Attributes = {};
    const n = flattenInto(out, "p", { a: "l".repeat(100), b: 2, c: 3, d: { e: 1 } }, { maxAttributes: 2, maxStringBytes: 64 });
    expect(out).toEqual({ "p.a": "l".repeat(41) + "…[truncated 59 bytes]", "p.b": 2, "p._truncated": 2 });
    expect(n).toBe(3);
    const none: Attributes = {};
    expect(flattenInto(none, "p", "x", { maxAttributes: 0 })).toBe(1);
    expect(none).toEqual({ "p._truncated": 1 });
    const shallow: Attributes = {};
    flattenInto(shallow, "p", { a: 1 }, { maxDepth: 0 });
    expect(shallow).toEqual({ p: "[MaxDepth]" });
  });

  it("does not write a marker when the budget is exactly used", () => {
    const out: Attributes = {};
    expect(flattenInto(out, "p", { a: 1, b: 2, c: null }, { maxAttributes: 2 })).toBe(2);
    expect(out).toEqual({ "p.a": 1, "p.b": 2 });
  });

  it("never throws when the target refuses writes", () => {
    const frozen = Object.freeze({}) as Attributes;
    expect(flattenInto(frozen, "p", { a: 1 })).toBe(0);
    expect(flattenInto(frozen, "p", "x")).toBe(0);
  });

  it("resolves budgets, falling back to defaults for invalid fields", () => {
    expect(resolveBudget()).toBe(DEFAULT_NORMALIZE_BUDGET);
    expect(resolveBudget({ maxDepth: -1, maxAttributes: Number.NaN, maxStringBytes: 100.7, maxJsonBytes: Infinity })).toEqual({
      maxDepth: 16,
      maxAttributes: 256,
      maxStringBytes: 100,
      maxJsonBytes: Number.MAX_SAFE_INTEGER,
      onCut: undefined,
    });
    expect(resolveBudget({ maxStringBytes: 10 }).maxStringBytes).toBe(64); // room for the marker
    // the default string and JSON bounds are the tracer's default maxAttributeBytes
    expect(DEFAULT_NORMALIZE_BUDGET).toEqual({ maxStringBytes: 131072, maxDepth: 16, maxAttributes: 256, maxJsonBytes: 131072, onCut: undefined });
    expect(Object.isFrozen(DEFAULT_NORMALIZE_BUDGET)).toBe(true);
  });
});

describe("flattenInto key reuse", () => {
  it("builds the same keys whether or not they are cached, across cache resets", () => {
    const expected = (i: number): Attributes => ({ [`ns${i}.a.b`]: i, [`ns${i}.list.0`]: "x", [`ns${i}.list.1.k`]: true });
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 5000; i++) {
        const out: Attributes = {};
        flattenInto(out, `ns${i}`, { a: { b: i }, list: ["x", { k: true }] });
        expect(out).toEqual(expected(i));
      }
    }
  });

  it("keeps the leading '.' below an empty-string key under an empty prefix", () => {
    const out: Attributes = {};
    flattenInto(out, "", { "": { a: 1 }, b: [2] });
    expect(out).toEqual({ ".a": 1, "b.0": 2 });
  });

  it("uses the same cached paths for different values and does not mix prefixes", () => {
    const one: Attributes = {};
    const two: Attributes = {};
    flattenInto(one, "honeyhive_inputs", { q: "1" });
    flattenInto(two, "honeyhive_outputs", { q: "2" });
    flattenInto(one, "honeyhive_inputs", { q: "3", long: { ["k".repeat(2000)]: 1 } });
    expect(one).toEqual({ "honeyhive_inputs.q": "3", ["honeyhive_inputs.long." + "k".repeat(1001) + "…[truncated 999 chars]"]: 1 });
    expect(two).toEqual({ "honeyhive_outputs.q": "2" });
  });

  it("never throws on a non-string prefix or a non-object target", () => {
    const out: Attributes = {};
    expect(flattenInto(out, 7 as unknown as string, { a: 1 })).toBe(1);
    expect(out).toEqual({ "7.a": 1 });
    expect(flattenInto(out, Symbol("s") as unknown as string, { a: 1 })).toBe(1);
    expect(flattenInto(null as unknown as Attributes, "p", { a: 1 })).toBe(0);
    expect(flattenInto(null as unknown as Attributes, "p", 1)).toBe(0);
  });
});
