import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  cosineSimilarity, embeddingSimilarity, exactMatch, includes, jsonSchemaShape, jsonValid, levenshtein, normalizedMatch,
  numericCloseness, regexMatch, zodShape,
} from "../../packages/honeyhive/src/evaluators";
import { resolveEvaluators } from "../../packages/honeyhive/src/config/evaluator";
import { normalizeEvaluatorOutput } from "../../packages/honeyhive/src/evaluation/evaluator-output";

const run = (scorer: (o: any, i: any, g: any) => unknown, outputs: unknown, groundTruth?: unknown, inputs: unknown = {}) => scorer(outputs, inputs, groundTruth);

describe("deterministic scorers", () => {
  it("exactMatch: strings exactly, objects by sorted-key JSON, answer fields unwrapped on both sides", () => {
    const s = exactMatch();
    expect(run(s, "Paris", "Paris")).toEqual({ score: true });
    expect(run(s, "Paris", "paris")).toEqual({ score: false });
    expect(run(s, { a: 1, b: [2] }, { b: [2], a: 1 })).toEqual({ score: true });
    expect(run(s, { answer: "42" }, { answer: "42" })).toEqual({ score: true });
    expect(run(s, "42", { answer: "42" })).toEqual({ score: true });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(run(s, cyclic, {})).toEqual({ score: false, explanation: "the output holds a cycle, a BigInt, NaN or Infinity (no JSON value)" });
    const custom = exactMatch({ name: "label_ok", output: (o) => o.label, expected: (_o, _i, g) => g.label });
    expect(custom.name).toBe("label_ok");
    expect(run(custom, { label: "x", other: 1 }, { label: "x" })).toEqual({ score: true });
  });

  it("exactMatch: values with no JSON text never match, and the explanation names the side and the reason", () => {
    const s = exactMatch();
    expect(run(s, "hello", undefined)).toEqual({ score: false, explanation: "the expected value is undefined (no JSON value)" });
    expect(run(s, undefined, undefined)).toEqual({ score: false, explanation: "the output is undefined (no JSON value)" });
    expect(run(s, Symbol("x"), "x")).toEqual({ score: false, explanation: "the output is a symbol (no JSON value)" });
    expect(run(s, () => 1, "x")).toEqual({ score: false, explanation: "the output is a function (no JSON value)" });
    expect(run(s, 1n, "1")).toEqual({ score: false, explanation: "the output is a BigInt (no JSON value)" });
    // JSON would write NaN and Infinity as null: they must not equal null (nor each other, nested).
    expect(run(s, NaN, null)).toMatchObject({ score: false });
    expect(run(s, Infinity, null)).toMatchObject({ score: false });
    expect(run(s, [1, NaN], [1, null])).toEqual({ score: false, explanation: "the output holds a cycle, a BigInt, NaN or Infinity (no JSON value)" });
    // Numbers compare by value: NaN equals NaN, Infinity equals Infinity, 0 equals −0.
    expect(run(s, NaN, NaN)).toEqual({ score: true });
    expect(run(s, Infinity, Infinity)).toEqual({ score: true });
    expect(run(s, 0, -0)).toEqual({ score: true });
    expect(run(s, 1, 2)).toEqual({ score: false });
  });

  it("normalizedMatch ignores case, punctuation and spacing", () => {
    const s = normalizedMatch();
    expect(run(s, "  The  Eiffel-Tower! ", "the eiffeltower")).toEqual({ score: true });
    expect(run(s, "Ｐａｒｉｓ", "paris")).toEqual({ score: true }); // NFKC folds full-width letters
    expect(run(s, "Paris", "Lyon")).toMatchObject({ score: false, explanation: expect.stringContaining("after normalisation") });
    expect(run(normalizedMatch({ normalize: (t) => t.trim() }), "A ", "a")).toMatchObject({ score: false });
  });

  it("includes: fixed needles or the expected value; all / any; case folding", () => {
    expect(run(includes("paris"), "It is Paris.")).toEqual({ score: true });
    expect(run(includes("paris", { caseSensitive: true }), "It is Paris.")).toMatchObject({ score: false, explanation: 'missing "paris"' });
    expect(run(includes(["a", "zz"]), "abc")).toMatchObject({ score: false });
    expect(run(includes(["a", "zz"], { all: false }), "abc")).toEqual({ score: true });
    expect(run(includes(), "the capital is Paris", { answer: ["capital", "paris"] })).toEqual({ score: true });
    expect(() => run(includes(), "text", "")).toThrow(/nothing to look for/);
    expect(() => run(includes(), "text", undefined)).toThrow(/nothing to look for/);
  });

  it("includes: numbers are needles as their text; other needle types are refused when the scorer is made", () => {
    expect(run(includes(123), "order 123 shipped")).toEqual({ score: true });
    expect(run(includes([4, "two"]), "4 and two")).toEqual({ score: true });
    expect(run(includes(2.5), "2.4")).toEqual({ score: false, explanation: 'missing "2.5"' });
    for (const bad of [NaN, null, {}, [true], Symbol("x")]) {
      expect(() => includes(bad as never)).toThrow("includes: needles must be strings or finite numbers (one, or an array of them)");
    }
  });

  it("regexMatch: flags g/y carry no state between datapoints; long outputs are an error", () => {
    const s = regexMatch(/\d{3}/g);
    expect(run(s, "abc 123")).toEqual({ score: true });
    expect(run(s, "abc 123")).toEqual({ score: true }); // a stateful /g regex would fail the second time
    expect(run(regexMatch("^yes$"), "no")).toMatchObject({ score: false, explanation: expect.stringContaining("does not match") });
    expect(() => run(regexMatch(/a/, { maxLength: 3 }), "aaaa")).toThrow(/over maxLength 3/);
    expect(() => regexMatch(42 as never)).toThrow(/RegExp or a string/);
  });

  it("jsonValid: strings parse, values serialise", () => {
    const s = jsonValid();
    expect(run(s, '{"a": 1}')).toEqual({ score: true });
    expect(run(s, "{a: 1}")).toMatchObject({ score: false, explanation: expect.stringContaining("not valid JSON") });
    expect(run(s, { a: [1, null] })).toEqual({ score: true });
    expect(run(s, { big: 1n })).toMatchObject({ score: false, explanation: expect.stringContaining("not serialisable") });
    expect(run(s, NaN)).toEqual({ score: false, explanation: "not serialisable as JSON: NaN is not a JSON value" });
    expect(run(s, { x: [-Infinity] })).toEqual({ score: false, explanation: "not serialisable as JSON: -Infinity is not a JSON value" });
    expect(run(s, undefined)).toEqual({ score: false, explanation: "undefined is not JSON" });
  });

  it("jsonSchemaShape with a user-supplied Ajv: valid, invalid with the failing path, unparseable", () => {
    const schema = { type: "object", required: ["name", "age"], properties: { name: { type: "string" }, age: { type: "integer", minimum: 0 } } };
    const s = jsonSchemaShape(schema, { validator: new Ajv() });
    expect(run(s, { name: "Ada", age: 36 })).toEqual({ score: true });
    expect(run(s, '{"name":"Ada","age":-1}')).toMatchObject({ score: false, explanation: expect.stringContaining("/age") });
    expect(run(s, "not json")).toMatchObject({ score: false, explanation: expect.stringContaining("not valid JSON") });
    expect(() => jsonSchemaShape(schema, {} as never)).toThrow(/new Ajv\(\)/);
  });

  it("zodShape duck-types safeParse (real zod) and names the failing path", () => {
    const s = zodShape(z.object({ city: z.string(), population: z.number().int() }));
    expect(run(s, { city: "Paris", population: 2_100_000 })).toEqual({ score: true });
    expect(run(s, '{"city":"Paris","population":"many"}')).toMatchObject({ score: false, explanation: expect.stringContaining("population") });
    expect(() => zodShape({} as never)).toThrow(/safeParse/);
  });

  it("levenshtein: known distances, and a clear error over maxLength", () => {
    expect(run(levenshtein(), "kitten", "sitting")).toEqual({ score: 1 - 3 / 7 });
    expect(run(levenshtein(), "", "")).toEqual({ score: 1 });
    expect(() => run(levenshtein({ maxLength: 5 }), "abcdef", "a")).toThrow(/over maxLength 5/);
  });

  it("numericCloseness: numbers and numeric strings; tolerance; non-numbers score 0 with the reason", () => {
    expect(run(numericCloseness(), 100, "100")).toEqual({ score: 1 });
    expect(run(numericCloseness(), 90, 100)).toEqual({ score: 0.9 });
    expect(run(numericCloseness({ tolerance: 0.5 }), 10.4, 10)).toEqual({ score: 1 });
    expect(run(numericCloseness(), "1,000", 1000)).toEqual({ score: 1 });
    expect(run(numericCloseness(), "abc", 1)).toEqual({ score: 0, explanation: "output is not a number" });
    expect(run(numericCloseness(), -5, 5)).toEqual({ score: 0 });
  });

  it("embeddingSimilarity uses the user's embedding function; bad vectors are clear errors", async () => {
    const vectors: Record<string, number[]> = { cat: [1, 0], kitten: [1, 1], car: [0, 1] };
    const s = embeddingSimilarity({ embed: async (t) => vectors[t]! });
    expect((await run(s, "cat", "kitten") as { score: number }).score).toBeCloseTo(Math.SQRT1_2, 12);
    expect(await run(s, "cat", "car")).toEqual({ score: 0 });
    expect(() => cosineSimilarity([0, 0], [1, 1])).toThrow(/zero vector/);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(/same non-zero length/);
    expect(() => cosineSimilarity([Number.NaN], [1])).toThrow(/not a finite number/);
    expect(() => embeddingSimilarity({} as never)).toThrow(/embed must be a function/);
  });

  it("unknown option keys throw naming the closest key, whatever the resilience mode (the options decide the verdict)", async () => {
    expect(() => exactMatch({ nmae: "x" } as never)).toThrow(/unknown option "nmae" \(did you mean "name"\?\)/);
    expect(() => numericCloseness({ tolerence: 1 } as never)).toThrow(/did you mean "tolerance"/);
    expect(() => exactMatch({ output: "answer" } as never)).toThrow(/output must be a function/);
  });

  it("scorers are ordinary evaluators: evaluate() names them by metric and records score + explanation", () => {
    const resolved = resolveEvaluators([exactMatch(), normalizedMatch(), includes("x"), regexMatch(/x/), jsonValid(), levenshtein(), numericCloseness()]);
    expect(resolved.map((r) => r.name)).toEqual(["exact_match", "normalized_match", "includes", "regex_match", "json_valid", "levenshtein", "numeric_closeness"]);
    const normalized = normalizeEvaluatorOutput("includes", run(includes("zz"), "abc"));
    expect(normalized.metrics).toEqual({ includes: false, includes_explanation: 'missing "zz"' });
  });
});
