// The leaf rows of the hostile-value table in src/normalize/index.ts, as a table: each input is flattened
// as `{ v: input }` and must give exactly the documented attribute(s). Structural rows (cycles, depth,
// width, proxies) are covered one by one in hostile-values.test.ts.
import { describe, expect, it } from "vitest";
import type { Attributes } from "@opentelemetry/api";
import { flattenInto } from "../../packages/honeyhive/src/normalize/index";

function throwingGetter(): object {
  return Object.defineProperty({}, "x", { enumerable: true, get: () => { throw new Error("boom"); } });
}

const circular: Record<string, unknown> = {};
circular.self = circular;
const shared = { s: 1 };
const bare = Object.assign(Object.create(null) as object, { k: "v" });

const TABLE: [row: string, input: unknown, expected: Attributes][] = [
  ["null", null, {}],
  ["undefined", undefined, {}],
  ["circular reference", circular, { "p.v.self": "[Circular]" }],
  ["shared reference", [shared, shared], { "p.v.0.s": 1, "p.v.1.s": 1 }],
  ["BigInt", 123n, { "p.v": "123" }],
  ["huge BigInt", 1n << 40000n, { "p.v": "[BigInt: too large]" }],
  ["Symbol", Symbol("x"), { "p.v": "x" }],
  ["Symbol without description", Symbol(), { "p.v": "" }],
  ["named function", function foo() {}, { "p.v": "[Function: foo]" }],
  ["Date", new Date(0), { "p.v": "1970-01-01T00:00:00.000Z" }],
  ["invalid Date", new Date("nope"), { "p.v": "Invalid Date" }],
  ["Error", new TypeError("bad"), { "p.v": "TypeError: bad" }],
  ["Map", new Map([[1, "a"]]), { "p.v.1": "a" }],
  ["Set", new Set(["a"]), { "p.v.0": "a" }],
  ["Uint8Array", new Uint8Array(1024), { "p.v": "[Uint8Array(1024)]" }],
  ["Buffer", Buffer.alloc(5), { "p.v": "[Buffer(5)]" }],
  ["ArrayBuffer", new ArrayBuffer(8), { "p.v": "[ArrayBuffer(8)]" }],
  ["DataView", new DataView(new ArrayBuffer(2)), { "p.v": "[DataView(2)]" }],
  ["throwing getter", throwingGetter(), { "p.v.x": "[Unreadable: boom]" }],
  ["own __proto__ key", JSON.parse('{"__proto__":{"a":1}}'), { "p.v.__proto__.a": 1 }],
  ["own constructor key", { constructor: "c" }, { "p.v.constructor": "c" }],
  ["NaN", Number.NaN, { "p.v": "NaN" }],
  ["Infinity", Infinity, { "p.v": "Infinity" }],
  ["-Infinity", -Infinity, { "p.v": "-Infinity" }],
  ["-0", -0, { "p.v": 0 }],
  ["lone surrogate", "a\ud800b", { "p.v": "a\ufffdb" }],
  ["toJSON", { toJSON: () => "J" }, { "p.v": "J" }],
  ["throwing toJSON", { toJSON: () => { throw new Error("tj"); } }, { "p.v": "[Unreadable: tj]" }],
  ["class instance", new (class { a = 1; })(), { "p.v.a": 1 }],
  ["Object.create(null)", bare, { "p.v.k": "v" }],
  ["boxed string", Object("s"), { "p.v": "s" }],
  ["RegExp", /a/g, { "p.v": "/a/g" }],
  ["Promise", Promise.resolve(1), {}],
];

describe("hostile-value table", () => {
  it.each(TABLE)("%s", (_row, input, expected) => {
    const out: Attributes = {};
    flattenInto(out, "p", { v: input });
    expect(out).toEqual(expected);
  });
});
