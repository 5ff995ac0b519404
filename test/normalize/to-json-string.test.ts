import { describe, expect, it } from "vitest";
import { toJsonString } from "../../packages/honeyhive/src/normalize/index";

function utf8(s: string): number {
  return new TextEncoder().encode(s).length;
}

describe("toJsonString", () => {
  it("matches JSON.stringify on JSON values", () => {
    const value = { a: [1, "two", true, null, { b: -1.5e-7 }], "k\"ey": "q\"uote\n", e: {}, f: [] };
    expect(toJsonString(value)).toBe(JSON.stringify(value));
  });

  it("omits undefined properties and writes undefined array items as null, like JSON.stringify", () => {
    expect(toJsonString({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it("returns a JSON string for primitives and 'null' for nothing", () => {
    expect(toJsonString("x")).toBe('"x"');
    expect(toJsonString(3)).toBe("3");
    expect(toJsonString(null)).toBe("null");
    expect(toJsonString(undefined)).toBe("null");
    expect(toJsonString(Symbol("s"))).toBe('"s"');
  });

  it("bounds output by UTF-8 bytes, ending in a marker", () => {
    const big = { list: Array.from({ length: 10_000 }, (_, i) => ({ i, s: "日本語" })) };
    const out = toJsonString(big, 1000);
    expect(utf8(out)).toBeLessThanOrEqual(1000);
    expect(out.endsWith("…[truncated]")).toBe(true);
    expect(out.startsWith('{"list":[{"i":0,"s":"日本語"}')).toBe(true);
    expect(utf8(toJsonString("😀".repeat(100), 21))).toBeLessThanOrEqual(21);
    expect(toJsonString({ a: 1 }, 5)).toBe('{"a":');
    expect(toJsonString({ a: 1 }, 0)).toBe("");
    expect(toJsonString(undefined, 2)).toBe("nu");
    expect(toJsonString("x".repeat(10_000_000)).length).toBeLessThanOrEqual(131072);
  });

  it("never splits a surrogate pair when cutting", () => {
    const out = toJsonString("😀".repeat(100), 30);
    expect(out).toBe('"' + "😀".repeat(3) + "…[truncated]");
  });
});
