import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareCodePoints, pythonJsonDumps, pythonJsonString, pythonNumber } from "../../packages/honeyhive/src/datasets/python-json";
import { loadExtIdVectors } from "./python-vectors";
import { SKIP_PYTHON_ORACLE } from "../helpers/python3";

const vectors = loadExtIdVectors();

describe("pythonJsonDumps vs CPython vectors", () => {
  it.each(vectors.map((v, i) => [i, v] as const))("vector %i", (_i, vector) => {
    expect(pythonJsonDumps(vector.value)).toBe(vector.dumps);
  });
});

describe("pythonJsonDumps rules", () => {
  it("formats numbers as Python does (integral JS numbers as ints)", () => {
    expect(pythonNumber(1)).toBe("1");
    expect(pythonNumber(-0)).toBe("0");
    expect(pythonNumber(1e21)).toBe("1000000000000000000000");
    expect(pythonNumber(1e300)).toBe(BigInt(1e300).toString());
    expect(pythonNumber(0.0001)).toBe("0.0001");
    expect(pythonNumber(0.00001)).toBe("1e-05");
    expect(pythonNumber(1.5e-100)).toBe("1.5e-100");
    expect(pythonNumber(-1e-7)).toBe("-1e-07");
    expect(pythonNumber(123.456)).toBe("123.456");
    expect(pythonNumber(NaN)).toBe("NaN");
    expect(pythonNumber(-Infinity)).toBe("-Infinity");
  });

  it("escapes like ensure_ascii and sorts keys by code point", () => {
    expect(pythonJsonString("é\u{1F600}\u007f\"\\\n")).toBe('"\\u00e9\\ud83d\\ude00\\u007f\\"\\\\\\n"');
    expect(pythonJsonDumps({ "\uffff": 1, "\u{1F600}": 2, a: 3 })).toBe('{"a": 3, "\\uffff": 1, "\\ud83d\\ude00": 2}');
    expect(compareCodePoints("\u{1F600}", "\uffff")).toBeGreaterThan(0);
    expect(compareCodePoints("ab", "a")).toBeGreaterThan(0);
  });

  it("follows JSON.stringify for values JSON cannot hold, and rejects cycles", () => {
    expect(pythonJsonDumps({ a: undefined, f: () => 1, d: new Date(0), b: 10n, l: [undefined, () => 1] })).toBe(
      '{"b": 10, "d": "1970-01-01T00:00:00.000Z", "l": [null, null]}',
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.me = { again: cyclic };
    expect(() => pythonJsonDumps(cyclic)).toThrow(TypeError);
    const shared = { x: 1 };
    expect(pythonJsonDumps([shared, shared])).toBe('[{"x": 1}, {"x": 1}]');
  });
});

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string({ unit: "binary" }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: "binary", maxLength: 6 }), tie("value"), { maxKeys: 4 }),
  ),
})).value;

describe("pythonJsonDumps properties (fast-check)", () => {
  it("produces ASCII that parses back to the same value", () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        const text = pythonJsonDumps(value);
        expect(/^[\x20-\x7e]*$/.test(text)).toBe(true);
        if (!/NaN|Infinity/.test(text)) expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it("formats every double as a number that round-trips", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = pythonNumber(x);
        expect(Number(text)).toBe(x === 0 ? 0 : x);
        expect(/^-?(\d+|\d+\.\d+|\d(\.\d+)?e[+-]\d{2,3})$/.test(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it.skipIf(SKIP_PYTHON_ORACLE)("is a fixed point of CPython's json.loads + json.dumps(sort_keys=True)", () => {
    const samples = fc.sample(jsonValue, { numRuns: 400, seed: 42 }).map((v) => pythonJsonDumps(v));
    samples.push(...fc.sample(fc.double(), { numRuns: 400, seed: 7 }).map((v) => pythonJsonDumps([v])));
    const script = "import json,sys\nfor line in sys.stdin.read().split('\\n\\x1e\\n'):\n  sys.stdout.write(json.dumps(json.loads(line),sort_keys=True)+'\\n\\x1e\\n')";
    const run = spawnSync("python3", ["-c", script], { input: samples.join("\n\x1e\n"), encoding: "utf8" });
    expect(run.status).toBe(0);
    const outputs = run.stdout.split("\n\x1e\n").slice(0, samples.length);
    outputs.forEach((out, i) => expect(out).toBe(samples[i]));
  });
});
