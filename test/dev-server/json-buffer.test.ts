// A JSON body written into one buffer (http/json-buffer.ts, decision record 0097) holds exactly the bytes of its texts
// and byte runs in order, as one chunk, whether its size was estimated well or far too low.
import { describe, expect, it } from "vitest";
import { JsonBuffer } from "../../packages/dev-server/src/http/json-buffer";

/** The parts in order: texts, and byte runs given as the text they encode. */
function parts(count: number): { text: string; bytes: boolean }[] {
  const out = [{ text: "[", bytes: false }];
  for (let i = 0; i < count; i++) {
    out.push({ text: `${i ? "," : ""}{"i":${i},`, bytes: false });
    out.push({ text: `"text":"é 🙂 \\u2028 ${"x".repeat(i % 97)}","n":"ü"`, bytes: true });
    out.push({ text: "}", bytes: false });
  }
  out.push({ text: "]", bytes: false });
  return out;
}

function written(list: readonly { text: string; bytes: boolean }[], expectedBytes: number): { chunks: readonly Buffer[]; byteLength: number } {
  const body = new JsonBuffer(expectedBytes);
  for (const { text, bytes } of list) {
    if (bytes) body.addBytes(Buffer.from(text, "utf8"));
    else body.add(text);
  }
  return body.finish();
}

describe("JsonBuffer", () => {
  it("gives the bytes of the texts and byte runs in order, as one chunk, the estimate right or far too low", () => {
    const list = parts(3000);
    const expected = Buffer.from(list.map((p) => p.text).join(""), "utf8");
    for (const estimate of [expected.length, 0, 100_000]) {
      const { chunks, byteLength } = written(list, estimate);
      expect(chunks).toHaveLength(1);
      expect(byteLength).toBe(expected.length);
      expect(chunks[0]!.equals(expected)).toBe(true);
    }
    expect(JSON.parse(expected.toString("utf8"))).toHaveLength(3000);
  });

  it("keeps a text longer than its gathering limit whole, and gives an empty body as no chunk", () => {
    const long = `"${"🙂".repeat(50_000)}"`;
    const { chunks } = written([{ text: "[", bytes: false }, { text: long, bytes: false }, { text: "]", bytes: true }], 10);
    expect(chunks.map((c) => c.toString("utf8"))).toEqual([`[${long}]`]);
    expect(written([{ text: "", bytes: false }], 0)).toMatchObject({ chunks: [], byteLength: 0 });
  });
});
