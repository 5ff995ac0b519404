import { describe, expect, it } from "vitest";
import { toAttributeValue } from "../../packages/honeyhive/src/normalize/index";

describe("toAttributeValue", () => {
  it("keeps strings, finite numbers and booleans", () => {
    expect(toAttributeValue("s")).toBe("s");
    expect(toAttributeValue(1.5)).toBe(1.5);
    expect(toAttributeValue(false)).toBe(false);
  });

  it("returns undefined for null and undefined", () => {
    expect(toAttributeValue(null)).toBeUndefined();
    expect(toAttributeValue(undefined)).toBeUndefined();
    expect(toAttributeValue({ toJSON: () => undefined })).toBeUndefined();
  });

  it("keeps homogeneous primitive arrays (and Sets) as arrays", () => {
    expect(toAttributeValue(["a", "b"])).toEqual(["a", "b"]);
    expect(toAttributeValue([1, -0, 2])).toEqual([1, 0, 2]);
    expect(toAttributeValue([true])).toEqual([true]);
    expect(toAttributeValue([])).toEqual([]);
    expect(toAttributeValue(new Set([1, 2]))).toEqual([1, 2]);
    expect(toAttributeValue([new Date(0), 5n])).toEqual(["1970-01-01T00:00:00.000Z", "5"]);
    expect(toAttributeValue([Number.NaN, Infinity])).toEqual(["NaN", "Infinity"]);
  });

  it("turns mixed arrays, arrays with null and objects into JSON strings", () => {
    expect(toAttributeValue(["a", 1])).toBe('["a",1]');
    expect(toAttributeValue([1, null])).toBe("[1,null]");
    expect(toAttributeValue([1, Number.NaN])).toBe('[1,"NaN"]');
    expect(toAttributeValue([{ a: 1 }])).toBe('[{"a":1}]');
    expect(toAttributeValue({ a: [1, 2], b: "x" })).toBe('{"a":[1,2],"b":"x"}');
    expect(toAttributeValue(new Map([["k", 1]]))).toBe('{"k":1}');
  });

  it("bounds arrays by maxAttributes and JSON by maxJsonBytes", () => {
    expect(toAttributeValue([1, 2, 3], { maxAttributes: 2 })).toBe("[1,2,3]");
    const json = toAttributeValue({ s: "é".repeat(100) }, { maxJsonBytes: 50 }) as string;
    expect(new TextEncoder().encode(json).length).toBeLessThanOrEqual(50);
    expect(json.endsWith("…[truncated]")).toBe(true);
  });

  it("never throws on hostile arrays", () => {
    const arr = new Proxy([1, 2], { get(t, k) { if (k === "0") throw new Error("e0"); return Reflect.get(t, k); } });
    expect(toAttributeValue(arr)).toBe('["[Unreadable: e0]",2]');
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(toAttributeValue(cyclic)).toBe('["[Circular]"]');
  });
});
