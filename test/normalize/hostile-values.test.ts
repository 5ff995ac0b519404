// The hostile-value table of src/normalize/index.ts, one assertion per row.
import { describe, expect, it } from "vitest";
import type { Attributes } from "@opentelemetry/api";
import { flattenInto, toAttributeValue, toJsonString } from "../../packages/honeyhive/src/normalize/index";

function flat(value: unknown, budget?: Parameters<typeof flattenInto>[3]): Attributes {
  const out: Attributes = {};
  flattenInto(out, "p", value, budget);
  return out;
}

function nested(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 0; i < depth; i++) {
    const next: Record<string, unknown> = {};
    node.a = next;
    node = next;
  }
  node.leaf = 1;
  return root;
}

describe("hostile values", () => {
  it("skips null and undefined at every depth", () => {
    expect(flat(null)).toEqual({});
    expect(flat(undefined)).toEqual({});
    expect(flat({ a: null, b: undefined, c: [null, 1], d: { e: null } })).toEqual({ "p.c.1": 1 });
  });

  it("marks circular references and serialises shared ones in full", () => {
    const circ: Record<string, unknown> = { a: 1 };
    circ.self = circ;
    circ.list = [circ];
    expect(flat(circ)).toEqual({ "p.a": 1, "p.self": "[Circular]", "p.list.0": "[Circular]" });
    const shared = { x: 1 };
    expect(flat({ s1: shared, s2: [shared, shared] })).toEqual({
      "p.s1.x": 1,
      "p.s2.0.x": 1,
      "p.s2.1.x": 1,
    });
    expect(toJsonString(circ)).toBe('{"a":1,"self":"[Circular]","list":["[Circular]"]}');
  });

  it("writes BigInt as a decimal string, huge ones as a marker", () => {
    expect(flat(12345678901234567890123n)).toEqual({ p: "12345678901234567890123" });
    expect(flat({ n: -5n })).toEqual({ "p.n": "-5" });
    expect(toAttributeValue(2n ** 40000n)).toBe("[BigInt: too large]");
    expect(toJsonString({ n: 7n })).toBe('{"n":"7"}');
  });

  it("writes symbols as their description", () => {
    expect(flat({ a: Symbol("desc"), b: Symbol() })).toEqual({ "p.a": "desc", "p.b": "" });
  });

  it("writes functions as [Function: name]", () => {
    function foo(): void {}
    expect(flat({ f: foo, g: () => 1, h: class Klass {} })).toEqual({
      "p.f": "[Function: foo]",
      "p.g": "[Function: g]",
      "p.h": "[Function: Klass]",
    });
    expect(toAttributeValue([() => 1][0])).toBe("[Function: anonymous]");
    const throwingName = Object.defineProperty(() => 1, "name", { get: () => { throw new Error("x"); } });
    expect(toAttributeValue(throwingName)).toBe("[Function: anonymous]");
  });

  it("writes Dates as ISO strings and invalid ones as Invalid Date", () => {
    expect(flat(new Date(0))).toEqual({ p: "1970-01-01T00:00:00.000Z" });
    expect(flat({ d: new Date(Number.NaN) })).toEqual({ "p.d": "Invalid Date" });
    expect(toJsonString([new Date(Number.NaN)])).toBe('["Invalid Date"]');
  });

  it("writes Errors as 'Name: message'", () => {
    expect(flat({ e: new TypeError("bad") })).toEqual({ "p.e": "TypeError: bad" });
    expect(toAttributeValue(new Error(""))).toBe("Error");
    class MyError extends Error {
      override name = "MyError";
    }
    expect(toAttributeValue(new MyError("m"))).toBe("MyError: m");
    const hostile = new Error("x");
    Object.defineProperty(hostile, "message", { get: () => { throw new Error("no"); } });
    expect(toAttributeValue(hostile)).toBe("Error");
  });

  it("writes Maps as objects with stringified keys and Sets as arrays", () => {
    const key = { toString: () => "K" };
    const map = new Map<unknown, unknown>([[1, "a"], [true, "b"], [key, "c"], ["x", { y: 1 }]]);
    expect(flat(map)).toEqual({ "p.1": "a", "p.true": "b", "p.K": "c", "p.x.y": 1 });
    expect(flat({ s: new Set(["a", 2]) })).toEqual({ "p.s.0": "a", "p.s.1": 2 });
    expect(toJsonString({ m: new Map([["k", 1]]), s: new Set([1]) })).toBe('{"m":{"k":1},"s":[1]}');
  });

  it("writes binary data as a short marker", () => {
    expect(flat({
      u8: new Uint8Array(1024),
      f64: new Float64Array(3),
      buf: Buffer.from("abc"),
      ab: new ArrayBuffer(16),
      dv: new DataView(new ArrayBuffer(4)),
    })).toEqual({
      "p.u8": "[Uint8Array(1024)]",
      "p.f64": "[Float64Array(3)]",
      "p.buf": "[Buffer(3)]",
      "p.ab": "[ArrayBuffer(16)]",
      "p.dv": "[DataView(4)]",
    });
  });

  it("marks throwing getters and Proxy traps as Unreadable and keeps the rest", () => {
    const getter = Object.defineProperty({ ok: 1 }, "bad", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    expect(flat(getter)).toEqual({ "p.ok": 1, "p.bad": "[Unreadable: boom]" });
    const ownKeys = new Proxy({}, { ownKeys() { throw new Error("no keys"); } });
    const get = new Proxy({ a: 1, b: 2 }, { get(t, k) { if (k === "a") throw new Error("no a"); return Reflect.get(t, k); } });
    const proto = new Proxy({}, { getPrototypeOf() { throw new Error("no proto"); } });
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(flat({ ownKeys, get, proto, revoked, fine: "yes" })).toEqual({
      "p.ownKeys": "[Unreadable: no keys]",
      "p.get.a": "[Unreadable: no a]",
      "p.get.b": 2,
      "p.proto": "[Unreadable: no proto]",
      "p.revoked": expect.stringMatching(/^\[Unreadable: .*revoked/),
      "p.fine": "yes",
    });
    expect(flat(ownKeys)).toEqual({ p: "[Unreadable: no keys]" });
    const thrower = { get x() { throw "plain string"; } };
    Object.defineProperty(thrower, "x", { enumerable: true });
    expect(flat(thrower)).toEqual({ "p.x": "[Unreadable: plain string]" });
  });

  it("treats __proto__ and constructor own keys as ordinary keys", () => {
    const value = JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}}}');
    const out = flat(value);
    expect(out).toEqual({ "p.__proto__.polluted": 1, "p.constructor.prototype.polluted": 2 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const root: Attributes = {};
    flattenInto(root, "", value);
    expect(Object.getPrototypeOf(root)).toBe(Object.prototype);
    expect(root["__proto__.polluted"]).toBe(1);
    const direct: Attributes = {};
    flattenInto(direct, "__proto__", "x");
    expect(Object.getOwnPropertyDescriptor(direct, "__proto__")?.value).toBe("x");
    expect(Object.getPrototypeOf(direct)).toBe(Object.prototype);
  });

  it("writes non-finite numbers as strings and -0 as 0", () => {
    const out = flat({ a: Number.NaN, b: Infinity, c: -Infinity, d: -0 });
    expect(out).toEqual({ "p.a": "NaN", "p.b": "Infinity", "p.c": "-Infinity", "p.d": 0 });
    expect(Object.is(out["p.d"], 0)).toBe(true);
    expect(Object.is(toAttributeValue(-0), 0)).toBe(true);
    expect(toJsonString([Number.NaN, -0])).toBe('["NaN",0]');
  });

  it("truncates a 10 MB string with a marker", () => {
    const big = "x".repeat(10 * 1024 * 1024);
    const value = flat({ s: big })["p.s"] as string;
    expect(Buffer.byteLength(value)).toBe(131072); // the default maxAttributeBytes, marker included
    expect(value).toMatch(/^x+…\[truncated \d+ bytes\]$/);
    const kept = value.indexOf("…");
    expect(value.endsWith(`…[truncated ${big.length - kept} bytes]`)).toBe(true);
    expect(toAttributeValue("abcdefghij".repeat(10), { maxStringBytes: 64 })).toBe("abcdefghij".repeat(4) + "a…[truncated 59 bytes]");
  });

  it("never splits a surrogate pair when truncating", () => {
    const emoji = "😀".repeat(20);
    const cut = toAttributeValue(emoji, { maxStringBytes: 64 }) as string;
    expect(cut).toBe("😀".repeat(10) + "…[truncated 40 bytes]");
    expect(cut.includes("\ufffd")).toBe(false);
  });

  it("cuts 10,000-deep nesting at maxDepth without recursion", () => {
    const deep = nested(10_000);
    const out = flat(deep);
    const key = "p" + ".a".repeat(16);
    expect(out).toEqual({ [key]: "[MaxDepth]" });
    expect(flat(nested(2), { maxDepth: 2 })).toEqual({ "p.a.a": "[MaxDepth]" });
    expect(flat(nested(1), { maxDepth: 2 })).toEqual({ "p.a.leaf": 1 });
    const json = toJsonString(deep);
    expect(json.startsWith('{"a":'.repeat(15) + '{"a":"[MaxDepth]"}')).toBe(true);
    let arr: unknown[] = [];
    const rootArr = arr;
    for (let i = 0; i < 10_000; i++) {
      const next: unknown[] = [];
      arr.push(next);
      arr = next;
    }
    expect(Object.keys(flat(rootArr))).toEqual(["p" + ".0".repeat(16)]);
  });

  it("writes at most maxAttributes leaves, then a _truncated count", () => {
    const wide: Record<string, number> = {};
    for (let i = 0; i < 100_000; i++) wide["k" + i] = i;
    const out: Attributes = {};
    expect(flattenInto(out, "p", wide)).toBe(257);
    expect(out["p._truncated"]).toBe(100_000 - 256);
    expect(out["p.k255"]).toBe(255);
    expect(out["p.k256"]).toBeUndefined();
    const long = new Array<number>(1_000_000).fill(7);
    const out2: Attributes = {};
    expect(flattenInto(out2, "p", long)).toBe(257);
    expect(out2["p._truncated"]).toBe(1_000_000 - 256);
    const sparse: unknown[] = [];
    sparse.length = 4294967295;
    const out3: Attributes = {};
    const started = Date.now();
    expect(flattenInto(out3, "p", sparse)).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(out3["p._truncated"]).toBeGreaterThan(4_000_000_000);
    expect(toJsonString(sparse).length).toBeLessThanOrEqual(131072);
    // null entries cost a visit too: at most maxAttributes * 16 + 1024 entries are examined per call
    const nulls: Record<string, null> = {};
    for (let i = 0; i < 100_000; i++) nulls["k" + i] = null;
    const out4: Attributes = {};
    expect(flattenInto(out4, "p", nulls)).toBe(1);
    expect(out4).toEqual({ "p._truncated": 100_000 - 5120 });
    const out5: Attributes = {};
    flattenInto(out5, "p", new Map(Array.from({ length: 10_000 }, (_, i) => [i, null])));
    expect(out5).toEqual({ "p._truncated": 10_000 - 5120 });
  });

  it("honours toJSON and marks a throwing one; never calls a throwing toString", () => {
    expect(flat({ v: { toJSON: () => ({ z: 1 }) }, u: new URL("https://h.test/x") })).toEqual({
      "p.v.z": 1,
      "p.u": "https://h.test/x",
    });
    expect(flat({ v: { toJSON() { throw new Error("tj"); } } })).toEqual({ "p.v": "[Unreadable: tj]" });
    const badToString = { a: 1, toString() { throw new Error("ts"); } };
    expect(flat({ o: badToString })).toEqual({ "p.o.a": 1, "p.o.toString": "[Function: toString]" });
    expect(flat(new Map([[badToString, 1]]))).toEqual({ "p.[Unreadable: ts]": 1 });
    expect(toJsonString({ v: { toJSON() { throw new Error("tj"); } } })).toBe('{"v":"[Unreadable: tj]"}');
  });

  it("reads class instances by their own enumerable properties", () => {
    class Point {
      x = 1;
      y = 2;
      get sum(): number {
        return this.x + this.y;
      }
      #secret = 3;
      secret(): number {
        return this.#secret;
      }
    }
    expect(flat({ pt: new Point() })).toEqual({ "p.pt.x": 1, "p.pt.y": 2 });
  });

  it("flattens Object.create(null) objects like plain ones", () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.a = "b";
    bare.n = { c: 1 };
    expect(flat(bare)).toEqual({ "p.a": "b", "p.n.c": 1 });
    expect(toJsonString(bare)).toBe('{"a":"b","n":{"c":1}}');
  });

  it("handles boxed primitives, RegExps and key-less objects", () => {
    expect(flat({ s: new String("s"), n: new Number(2), r: /a/g, p: Promise.resolve(1), w: new WeakMap() })).toEqual({
      "p.s": "s",
      "p.n": 2,
      "p.r": "/a/g",
    });
  });

  it("replaces lone surrogates with U+FFFD in values and keys", () => {
    expect(flat({ ["k\ud800"]: "v\udc00x" })).toEqual({ "p.k\ufffd": "v\ufffdx" });
    expect(flat("\ud83d\ude00")).toEqual({ p: "\ud83d\ude00" });
  });
});
