import { describe, expect, it } from "vitest";
import type { Attributes } from "@opentelemetry/api";
import { flattenInto } from "../../packages/honeyhive/src/normalize/index";
import { MAX_UNFLATTEN_DEPTH, unflattenAttributes } from "../../packages/core/src/values/unflatten";

describe("unflattenAttributes", () => {
  it("rebuilds objects and dense arrays under the prefix only", () => {
    const result = unflattenAttributes(
      {
        "honeyhive_inputs.q": "capital?",
        "honeyhive_inputs.items.0.name": "a",
        "honeyhive_inputs.items.1.name": "b",
        "honeyhive_inputs.tags.1": "y",
        "honeyhive_inputs.tags.0": "x",
        "honeyhive_inputsX.no": 1,
        "honeyhive_outputs.result": "r",
      },
      "honeyhive_inputs",
    );
    expect(result).toEqual({ q: "capital?", items: [{ name: "a" }, { name: "b" }], tags: ["x", "y"] });
    expect(Array.isArray(result!.items)).toBe(true);
  });

  it("returns undefined when nothing matches", () => {
    expect(unflattenAttributes({ "other.a": 1 }, "p")).toBeUndefined();
    expect(unflattenAttributes({}, "p")).toBeUndefined();
  });

  it("keeps sparse or non-canonical indexes as objects and the root as an object", () => {
    const result = unflattenAttributes({ "p.a.0": 1, "p.a.2": 3, "p.b.01": 1, "p.b.0": 0, "p.0": "r" }, "p");
    expect(result).toEqual({ a: { 0: 1, 2: 3 }, b: { "01": 1, 0: 0 }, 0: "r" });
    expect(Array.isArray(result!.a)).toBe(false);
    expect(Array.isArray(result)).toBe(false);
    const indexed = unflattenAttributes({ "p.0": "a", "p.1": "b" }, "p");
    expect(Array.isArray(indexed)).toBe(false);
    expect(indexed).toEqual({ 0: "a", 1: "b" });
  });

  it("keeps both the leaf and the children of a path", () => {
    expect(unflattenAttributes({ "p.a": 1, "p.a.b": 2 }, "p")).toEqual({ a: { _value: 1, b: 2 } });
    expect(unflattenAttributes({ "p.a.b": 2, "p.a": 1 }, "p")).toEqual({ a: { _value: 1, b: 2 } });
    expect(unflattenAttributes({ "p.a": 1, "p.a._value": 2 }, "p")).toEqual({ a: { __value: 1, _value: 2 } });
    expect(unflattenAttributes({ "p.a": 1, "p.a.0": 2 }, "p")).toEqual({ a: { _value: 1, 0: 2 } });
    expect(unflattenAttributes({ p: "root", "p.x": 1 }, "p")).toEqual({ _value: "root", x: 1 });
    expect(unflattenAttributes({ p: "root" }, "p")).toEqual({ _value: "root" });
  });

  it("is safe against prototype pollution", () => {
    const result = unflattenAttributes(
      {
        "p.__proto__.polluted": "yes",
        "p.constructor.prototype.polluted": "yes",
        "p.a.__proto__": "leaf",
        "p.prototype": 1,
      },
      "p",
    )!;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(Object.getPrototypeOf(result)).toBeNull();
    const proto = Object.getOwnPropertyDescriptor(result, "__proto__")!.value as Record<string, unknown>;
    expect(proto.polluted).toBe("yes");
    expect(Object.getPrototypeOf(proto)).toBeNull();
    expect((result.a as Record<string, unknown>)["__proto__"]).toBe("leaf");
    expect(JSON.parse(JSON.stringify(result))).toEqual({
      ["__proto__"]: { polluted: "yes" },
      constructor: { prototype: { polluted: "yes" } },
      a: { ["__proto__"]: "leaf" },
      prototype: 1,
    });
  });

  it("keeps non-primitive values, skips undefined, survives hostile inputs", () => {
    const arr = [1, 2];
    expect(unflattenAttributes({ "p.arr": arr, "p.u": undefined, "p.n": null }, "p")).toEqual({ arr, n: null });
    const hostile = new Proxy({ "p.a": 1 }, { ownKeys() { throw new Error("x"); } });
    expect(unflattenAttributes(hostile, "p")).toBeUndefined();
    const getter = Object.defineProperty({ "p.a": 1 } as Record<string, unknown>, "p.b", {
      enumerable: true,
      get() { throw new Error("x"); },
    });
    expect(unflattenAttributes(getter, "p")).toEqual({ a: 1 });
  });

  it("caps the rebuilt depth", () => {
    const key = "p" + ".a".repeat(100_000);
    const result = unflattenAttributes({ [key]: 1 }, "p")!;
    let node: unknown = result;
    let depth = 0;
    while (typeof node === "object" && node !== null && "a" in node) {
      node = (node as Record<string, unknown>).a;
      depth++;
    }
    expect(depth).toBe(MAX_UNFLATTEN_DEPTH - 1);
    const last = Object.keys(node as object)[0]!;
    expect(last.split(".").length).toBe(100_000 - MAX_UNFLATTEN_DEPTH + 1);
    expect(() => JSON.stringify(result)).not.toThrow();
  });

  it("supports an empty prefix", () => {
    expect(unflattenAttributes({ "a.b": 1, c: 2 }, "")).toEqual({ a: { b: 1 }, c: 2 });
  });

  it("reverses flattenInto", () => {
    const value = { q: "x", n: 1.5, ok: false, list: [{ a: 1 }, [2, 3], "s"], deep: { er: { est: "!" } } };
    const out: Attributes = {};
    flattenInto(out, "honeyhive_inputs", value);
    expect(unflattenAttributes(out, "honeyhive_inputs")).toEqual(value);
  });
});
