import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { DatasetFileError } from "../../packages/honeyhive/src/datasets/dataset-file-error";
import { EvaluationConfigError } from "../../packages/honeyhive/src/config/evaluation-config-error";
import { loadDataset, parseDatasetText } from "../../packages/honeyhive/src/datasets/load-dataset";
import { prepareInlineDataset } from "../../packages/honeyhive/src/datasets/prepare-dataset";
import { pythonJsonDumps } from "../../packages/honeyhive/src/datasets/python-json";
import { SKIP_PYTHON_ORACLE, pythonDumps, pythonFileIds } from "./python-ext-oracle";

/**
 * Dataset files get the Python SDK's EXT ids: the expected ids are computed by CPython itself from the same
 * files (see python-ext-oracle.ts), for hand-picked number spellings and for random files.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hh-load-dataset-"));
});

async function write(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text, "utf8");
  return path;
}

async function ourIds(path: string): Promise<{ datasetId: string; datapointIds: string[] }> {
  const prepared = prepareInlineDataset(await loadDataset(path));
  return { datasetId: prepared.datasetId, datapointIds: prepared.datapoints.map((d) => d.datapointId) };
}

const SPELLINGS = ["1.0", "-0.0", "1e16", "1E5", "12345678901234567890", "-0", "0.1", "1.5e300", "1e400", "2.50", "1e-7", "9007199254740993", "100", "-1.0E+2"];

const JSON_FILE = `[
  {"inputs": {"x": 1.0, "neg": -0.0, "big": 1e16, "exp": 1E5, "huge": 12345678901234567890}, "ground_truth": {"y": [1.0, 2, 3.50]}},
  {"inputs": {"z": "caf\\u00e9 \\ud83d\\ude00", "b": {"k": 2, "a": 1}}, "metadata": {"n": 1e-7}},
  {"inputs": {"q": 9007199254740993}, "id": 7},
  {"inputs": {"q": 1}, "id": 1.0},
  {"inputs": {"q": 2}, "datapoint_id": "custom-two"},
  {"inputs": {"q": 3}, "id": 0, "datapoint_id": 12345678901234567890},
  {"inputs": {"dup": 1, "dup": 2.0, "__proto__": {"p": 1}}}
]
`;

describe("loadDataset: ids equal CPython's for the same file", () => {
  it.skipIf(SKIP_PYTHON_ORACLE)("JSON and JSON Lines files with 1.0, -0.0, 1e16, 1E5 and integers beyond 2^53", async () => {
    const json = await write("cases.json", JSON_FILE);
    const lines = JSON.parse(JSON.stringify(SPELLINGS)).map((s: string, i: number) => `{"inputs": {"v": ${s}, "i": ${i}}, "ground_truth": [${s}, {"w": ${s}}]}`);
    const jsonl = await write("cases.jsonl", `${lines.join("\n")}\n\n   \n`);
    const crlf = await write("crlf.jsonl", `${lines.slice(0, 3).join("\r\n")}\r\n`);
    const expected = pythonFileIds([{ path: json, format: "json" }, { path: jsonl, format: "jsonl" }, { path: crlf, format: "jsonl" }]);
    expect(await ourIds(json)).toEqual(expected[0]);
    expect(await ourIds(jsonl)).toEqual(expected[1]);
    expect(await ourIds(crlf)).toEqual(expected[2]);
    // Without the lossless parse the ids would differ (1.0 and 1e16 read as integers by JSON.parse).
    expect(prepareInlineDataset(JSON.parse(JSON_FILE)).datasetId).not.toBe(expected[0]!.datasetId);
  });

  it.skipIf(SKIP_PYTHON_ORACLE)("random files with random number spellings (property)", async () => {
    const digits = fc.stringMatching(/^[0-9]{1,25}$/);
    const numberText = fc
      .tuple(fc.boolean(), fc.oneof(fc.constant("0"), digits.map((d) => `1${d}`), fc.integer({ min: 1, max: 9 }).map(String)), fc.option(digits, { nil: undefined }), fc.option(fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), fc.integer({ min: 0, max: 330 })), { nil: undefined }))
      .map(([neg, int, frac, exp]) => `${neg ? "-" : ""}${int}${frac !== undefined ? `.${frac}` : ""}${exp ? `${exp[0]}${exp[1]}${exp[2]}` : ""}`);
    const key = fc.string({ maxLength: 6, unit: "grapheme" });
    const value: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
      v: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        numberText,
        fc.string({ maxLength: 8, unit: "grapheme" }).map((s) => JSON.stringify(s)),
        fc.constantFrom("true", "false", "null"),
        fc.array(tie("v"), { maxLength: 3 }).map((a) => `[${a.join(", ")}]`),
        fc.array(fc.tuple(key, tie("v")), { maxLength: 3 }).map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(", ")}}`),
      ),
    })).v;
    const item = fc.tuple(fc.array(fc.tuple(key, value), { maxLength: 4 }), fc.option(value, { nil: undefined }), fc.option(fc.oneof(numberText, fc.string({ minLength: 1, maxLength: 5 }).map((s) => JSON.stringify(s))), { nil: undefined }))
      .map(([inputs, gt, id]) => `{"inputs": {${inputs.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(", ")}}${gt !== undefined ? `, "ground_truth": ${gt}` : ""}${id !== undefined ? `, "id": ${id}` : ""}}`);
    const files = fc.sample(fc.tuple(fc.array(item, { minLength: 1, maxLength: 5 }), fc.boolean()), { numRuns: 60 });
    const written = await Promise.all(files.map(async ([items, lines], i) => ({
      path: await write(`random-${i}.${lines ? "jsonl" : "json"}`, lines ? items.join("\n") : `[\n${items.join(",\n")}\n]`),
      format: (lines ? "jsonl" : "json") as "json" | "jsonl",
    })));
    const expected = pythonFileIds(written);
    for (const [i, file] of written.entries()) expect(await ourIds(file.path), file.path).toEqual(expected[i]);
  });

  it("gives the items as ordinary JavaScript values (as JSON.parse would)", async () => {
    const items = await loadDataset(await write("plain.json", JSON_FILE));
    expect(items).toEqual(JSON.parse(JSON_FILE));
    expect(Object.keys(items[6]!.inputs)).toEqual(["dup", "__proto__"]);
    expect(Object.getPrototypeOf(items[6]!.inputs)).toBe(Object.prototype);
  });

  it("hashes an item changed after loading as its JavaScript value", async () => {
    const path = await write("changed.jsonl", '{"inputs": {"x": 1.0}}\n{"inputs": {"x": 2.0}}\n');
    const items = await loadDataset(path);
    const before = prepareInlineDataset(items);
    (items[1]!.inputs as Record<string, unknown>).x = 3;
    const after = prepareInlineDataset(items);
    expect(after.datapoints[0]!.datapointId).toBe(before.datapoints[0]!.datapointId);
    expect(after.datapoints[1]!.datapointId).toBe(prepareInlineDataset([{ inputs: { x: 2 } }, { inputs: { x: 3 } }]).datapoints[1]!.datapointId);
  });
});

describe("custom ids and holes", () => {
  it("prefixes string ids, writes numbers as decimal text, rejects objects and arrays naming the datapoint", () => {
    const ids = prepareInlineDataset([{ inputs: {}, id: "a" }, { inputs: {}, id: 7 }, { inputs: {}, datapoint_id: 2.5 }, { inputs: {}, id: "EXT-b" }]).datapoints.map((d) => d.datapointId);
    expect(ids).toEqual(["EXT-a", "EXT-7", "EXT-2.5", "EXT-b"]);
    expect(() => prepareInlineDataset([{ inputs: {} }, { inputs: {}, id: { a: 1 } }])).toThrow(EvaluationConfigError);
    expect(() => prepareInlineDataset([{ inputs: {} }, { inputs: {}, id: { a: 1 } }])).toThrow(/dataset\[1\]: a custom id .* got an object/);
    expect(() => prepareInlineDataset([{ inputs: {}, datapoint_id: [1] }])).toThrow(/dataset\[0\]: .* got an array/);
  });

  it.skipIf(SKIP_PYTHON_ORACLE)("writes holes in arrays as null, as CPython writes None", () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(pythonJsonDumps({ inputs: { a: [1, , 3] } })).toBe(pythonDumps('{"inputs": {"a": [1, null, 3]}}'));
  });
});

describe("dataset file errors name the file and line", () => {
  const cases: [string, string, number, RegExp][] = [
    ["bad.json", '[\n  {"inputs": {"a": 1}},\n  {"inputs": {"a": 2},\n  {"inputs": {}}\n]\n', 4, /invalid JSON/],
    ["bad.jsonl", '{"inputs": {"a": 1}}\n\n{"inputs": {"a": 1} x\n', 3, /invalid JSON/],
    ["array-line.jsonl", '{"inputs": {}}\n[1, 2]\n', 2, /the line is not a JSON object/],
    ["no-inputs.jsonl", '{"inputs": {}}\n{"input": {}}\n', 2, /the line has no "inputs" object/],
    ["no-inputs.json", '[\n  {"inputs": {}},\n\n  {"inputs": "text"}\n]', 4, /datapoint 1 has no "inputs" object/],
    ["object-id.json", '[{"inputs": {}},\n {"inputs": {}, "id": {"k": 1}}]', 2, /datapoint 1: a custom id .* got an object/],
    ["not-array.json", '{"inputs": {}}', 1, /must hold an array/],
    ["empty.jsonl", "\n\n", 1, /no datapoints/],
  ];
  it.each(cases)("%s", async (name, text, line, message) => {
    const path = await write(name, text);
    const error = await loadDataset(path).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetFileError);
    expect(error).toBeInstanceOf(EvaluationConfigError);
    expect(error).toMatchObject({ file: path, line });
    expect((error as Error).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:${line}: `));
    expect((error as Error).message).toMatch(message);
  });

  it("a missing file and invalid UTF-8", async () => {
    await expect(loadDataset(join(dir, "nope.jsonl"))).rejects.toThrow(/nope\.jsonl:1: cannot read the file/);
    const path = join(dir, "latin1.jsonl");
    await writeFile(path, Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    await expect(loadDataset(path)).rejects.toThrow(/latin1\.jsonl:1: the file is not valid UTF-8/);
  });
});

describe("hostile dataset text", () => {
  it("either gives items with an inputs object or throws a DatasetFileError (property)", () => {
    const jsonish = fc.stringMatching(/^[[\]{}",:0-9eE.+\- \ntrufalsn\\inputs]{0,60}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string(), jsonish), fc.constantFrom("json" as const, "jsonl" as const, undefined), (text, format) => {
        try {
          const items = parseDatasetText(text, "fuzz.txt", format);
          expect(items.length).toBeGreaterThan(0);
          for (const item of items) expect(typeof item.inputs).toBe("object");
        } catch (error) {
          expect(error).toBeInstanceOf(DatasetFileError);
        }
      }),
      { numRuns: 2000 },
    );
    const deep = `[{"inputs": {"a": ${"[".repeat(200_000)}${"]".repeat(200_000)}}}]`;
    expect(() => parseDatasetText(deep, "deep.json")).toThrow(DatasetFileError);
  });
});
