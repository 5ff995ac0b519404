/**
 * JsonArrayRows splits a JSON array file's text, fed in arbitrary pieces, into its top-level elements, each with the line
 * it starts on. Oracles: JSON.parse of the whole text (the elements) and the offsets the file read whole uses for its
 * errors' lines (`topLevelElementOffsets`); on any text, it either throws a DatasetFileError, or yields elements that
 * are exactly the array's, or yields an element JSON.parse refuses (the element's own error, named by its line).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonArrayRows, type FileRow } from "../../packages/honeyhive/src/datasets/json-array-rows";
import { DatasetFileError } from "../../packages/honeyhive/src/datasets/dataset-file-error";
import { lineAt, topLevelElementOffsets } from "../../packages/honeyhive/src/datasets/json-text-positions";

/** The rows of `text` fed in pieces cut at `cuts` (offsets into the text). */
function rowsOf(text: string, cuts: number[]): FileRow[] {
  const splitter = new JsonArrayRows("rows.json");
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const rows: FileRow[] = [];
  let from = 0;
  for (const point of [...points, text.length]) {
    rows.push(...splitter.push(text.slice(from, point)));
    from = point;
  }
  return [...rows, ...splitter.end()];
}

const cutsArb = fc.array(fc.nat(), { maxLength: 12 });

describe("JsonArrayRows", () => {
  it("yields each element of any JSON array, whatever the pieces, with the line the file read whole names", () => {
    fc.assert(fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 }), fc.constantFrom(0, 2, "\t"), cutsArb, (array, indent, cuts) => {
      const text = JSON.stringify(array, null, indent);
      const rows = rowsOf(text, cuts);
      expect(rows.map((r) => JSON.parse(r.text))).toEqual(JSON.parse(text));
      expect(rows.map((r) => r.number)).toEqual(topLevelElementOffsets(text).map((o) => lineAt(text, o)));
    }), { numRuns: 300 });
  });

  it("keeps brackets, braces, commas, quotes and escapes inside strings out of the structure", () => {
    const text = '[\n {"a": "],[{\\"\\\\", "b": ["x,", "}"]},\n "\\\\",\n  {"c": "\\u005d"}\n]\n';
    const rows = rowsOf(text, [3, 7, 8, 20]);
    expect(rows.map((r) => JSON.parse(r.text))).toEqual(JSON.parse(text));
    expect(rows.map((r) => r.number)).toEqual([2, 3, 4]);
  });

  it("refuses what is not one closed array, naming the line", () => {
    const cases: [string, RegExp][] = [
      ['{"inputs": {}}', /rows\.json:1: a JSON dataset file must hold an array/],
      ["", /rows\.json:1: a JSON dataset file must hold an array/],
      ['[\n{"inputs": {}},\n{"inputs": {}}', /rows\.json:3: invalid JSON: the array is not closed/],
      ['[\n{"inputs": {}},\n]', /rows\.json:3: invalid JSON: a comma before the array's closing bracket/],
      ['[\n,{"inputs": {}}]', /rows\.json:2: invalid JSON: a comma where an element was expected/],
      ['[{"inputs": {}}]\n\n[]', /rows\.json:3: invalid JSON: text after the array's closing bracket/],
    ];
    for (const [text, message] of cases) expect(() => rowsOf(text, [5]), text).toThrow(message);
    expect(() => rowsOf("[1", [])).toThrow(DatasetFileError);
  });

  it("on any text: a DatasetFileError, or exactly the array's elements, or an element JSON.parse refuses", () => {
    const piece = fc.constantFrom("[", "]", "{", "}", ",", '"', "\\", ":", " ", "\n", "1", "a", '"x"', "null", "[]", "{}");
    fc.assert(fc.property(fc.array(piece, { maxLength: 30 }).map((p) => p.join("")), cutsArb, (text, cuts) => {
      let whole: unknown;
      try {
        whole = JSON.parse(text);
      } catch {
        whole = undefined;
      }
      let rows: FileRow[];
      try {
        rows = rowsOf(text, cuts);
      } catch (error) {
        expect(error).toBeInstanceOf(DatasetFileError);
        expect(Array.isArray(whole), `threw on a valid array: ${text}`).toBe(false);
        return;
      }
      const parsed = rows.map((r) => { try { return { ok: true, value: JSON.parse(r.text) as unknown }; } catch { return { ok: false }; } });
      if (Array.isArray(whole)) expect(parsed.map((p) => p.value)).toEqual(whole);
      else expect(parsed.some((p) => !p.ok), `accepted what is not an array: ${text}`).toBe(true);
    }), { numRuns: 2000 });
  });
});
