import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDataset } from "../../packages/honeyhive/src/datasets/load-dataset";
import { datasetVersion, diffEntries, entryPairs } from "../../packages/honeyhive/src/datasets/dataset-version";
import { entriesOfItems } from "../../packages/honeyhive/src/datasets/dataset-entry";
import { SKIP_PYTHON_ORACLE } from "../helpers/python3";
import { pythonDatasetVersion } from "./python-version-oracle";

async function file(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "hh-dsv-"));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const ROWS = [
  { inputs: { q: "2+2", n: 1.0 }, ground_truth: { a: "4" }, split: "test", metadata: { source: "hand", external_id: "ignored" } },
  { id: "q-7", inputs: { q: "caf\u00e9 \u{1F600}", big: 1e16, tiny: 1e-5 }, ground_truths: { a: "x" }, history: [{ role: "user", content: "hi" }] },
  { inputs: { q: "no truth", list: [1, 2.5, -0.0, null, true] }, metadata: {} },
  { datapoint_id: 12, inputs: { q: "numeric custom id" }, ground_truth: null },
];

describe("dataset content versions", () => {
  it.skipIf(SKIP_PYTHON_ORACLE)("equal what CPython computes from the documented rules (JSON and JSON Lines, default keys)", async () => {
    const jsonl = await file("qa.jsonl", ROWS.map((r) => JSON.stringify(r)).join("\n").replace('"n":1', '"n":1.0'));
    const json = await file("qa.json", JSON.stringify(ROWS, null, 2));
    for (const path of [jsonl, json]) {
      const items = await loadDataset(path);
      const oracle = pythonDatasetVersion(path);
      expect(datasetVersion(items)).toBe(oracle.version);
      expect(entriesOfItems(items).map((e) => e.key).sort()).toEqual(oracle.keys);
      expect(oracle.keys).toContain("EXT-q-7");
      expect(oracle.keys).toContain("EXT-12");
    }
    // The content-derived key hashes the row as its file spells it: "n": 1.0 in one file, 1 in the other.
    expect(datasetVersion(await loadDataset(jsonl))).not.toBe(datasetVersion(await loadDataset(json)));
  });

  it.skipIf(SKIP_PYTHON_ORACLE)("equal CPython's with a key field", async () => {
    const rows = [
      { qid: "b", inputs: { x: 1 }, ground_truth: { y: 2 } },
      { qid: "a", inputs: { x: 3.5 }, split: "train" },
      { qid: 7, inputs: { x: 0 } },
    ];
    const path = await file("keyed.jsonl", rows.map((r) => JSON.stringify(r)).join("\n"));
    const oracle = pythonDatasetVersion(path, "qid");
    expect(datasetVersion(await loadDataset(path), { key: "qid" })).toBe(oracle.version);
    expect(oracle.keys).toEqual(["7", "a", "b"]);
    expect(datasetVersion(rows, { key: "qid" })).toBe(oracle.version);
  });

  it.skipIf(SKIP_PYTHON_ORACLE)("equal the guide's Python recipe for 1.0-style floats: in contents, in a key field, in custom ids", async () => {
    const lines = [
      '{"qid": 7.0, "id": 3.0, "inputs": {"n": 1.0, "x": 2.50, "z": -0.0}, "ground_truth": {"a": 4.0}, "history": [{"turn": 1.0}], "metadata": {"w": 10.0}}',
      '{"qid": 8, "datapoint_id": 9.0, "inputs": {"n": 1e16, "m": 1E5}, "split": "test"}',
      '{"qid": "c", "inputs": {"n": 100.0, "deep": [[1.0, {"k": 2.0}]]}, "ground_truths": {"b": 0.0}}',
    ];
    const path = await file("floats.jsonl", `${lines.join("\n")}\n`);
    const items = await loadDataset(path);
    for (const key of [undefined, "qid"]) {
      const oracle = pythonDatasetVersion(path, key);
      expect(datasetVersion(items, { key })).toBe(oracle.version);
      expect(entriesOfItems(items, key).map((e) => e.key).sort()).toEqual(oracle.keys);
    }
    expect(pythonDatasetVersion(path, "qid").keys).toEqual(["7", "8", "c"]);
    expect(pythonDatasetVersion(path).keys).toEqual(expect.arrayContaining(["EXT-3.0", "EXT-9.0"]));
  });

  it("ignores row order and changes with any content", () => {
    const rows = [{ qid: "a", inputs: { x: 1 } }, { qid: "b", inputs: { x: 2 }, metadata: { tag: "t" } }];
    const base = datasetVersion(rows, { key: "qid" });
    expect(base).toMatch(/^dsv-[0-9a-f]{16}$/);
    expect(datasetVersion([rows[1], rows[0]], { key: "qid" })).toBe(base);
    expect(datasetVersion([rows[0], { ...rows[1], metadata: { tag: "u" } }], { key: "qid" })).not.toBe(base);
    expect(datasetVersion([rows[0], { ...rows[1], split: "dev" }], { key: "qid" })).not.toBe(base);
    expect(datasetVersion([rows[0], { ...rows[1], qid: "c" }], { key: "qid" })).not.toBe(base);
  });

  it("refuses duplicate external ids, missing keys and non-object ground truths", () => {
    expect(() => datasetVersion([{ id: "a", inputs: {} }, { id: "a", inputs: { x: 1 } }])).toThrow('dataset[1] has the same external id "EXT-a" as dataset[0]');
    expect(() => datasetVersion([{ inputs: {} }], { key: "qid" })).toThrow('dataset[0] has no "qid"');
    expect(() => datasetVersion([{ inputs: {}, ground_truth: "4" }])).toThrow('"ground_truth" must be an object');
  });

  it("diffs by external id: added, changed, removed", () => {
    const before = entriesOfItems([{ id: "a", inputs: { x: 1 } }, { id: "b", inputs: { x: 2 } }, { id: "c", inputs: { x: 3 } }]);
    const after = entriesOfItems([{ id: "a", inputs: { x: 1 } }, { id: "b", inputs: { x: 20 } }, { id: "d", inputs: { x: 4 } }]);
    expect(diffEntries(entryPairs(before), entryPairs(after))).toEqual({ added: ["EXT-d"], changed: ["EXT-b"], removed: ["EXT-c"] });
  });
});
