// A JSON body built in ~64 KB UTF-8 chunks (http/json-chunks.ts, decision record 0040) holds exactly the bytes of
// its texts joined and encoded at once, multi-byte characters near chunk ends included.
import { describe, expect, it } from "vitest";
import { JsonChunks } from "../../packages/dev-server/src/http/json-chunks";

function built(texts: readonly string[]): { bytes: Buffer; chunks: number; byteLength: number } {
  const body = new JsonChunks();
  for (const text of texts) body.add(text);
  const reply = body.finish();
  return { bytes: Buffer.concat(reply.chunks), chunks: reply.chunks.length, byteLength: reply.byteLength };
}

describe("JsonChunks", () => {
  it("gives the bytes of the joined texts over many chunks", () => {
    const texts = ['{"events":['];
    for (let i = 0; i < 3000; i++) texts.push(`${i ? "," : ""}{"i":${i},"text":"é 🙂 \\u2028 ${"x".repeat(i % 97)}","n":"ü"}`);
    texts.push('],"count":3000}');
    const { bytes, chunks, byteLength } = built(texts);
    const expected = Buffer.from(texts.join(""), "utf8");
    expect(chunks).toBeGreaterThan(2);
    expect(byteLength).toBe(expected.length);
    expect(bytes.equals(expected)).toBe(true);
    expect(JSON.parse(bytes.toString("utf8"))).toMatchObject({ count: 3000 });
  });

  it("gives a small body as one chunk, and an empty one as none", () => {
    expect(built(["{", '"a":1', "}"])).toMatchObject({ chunks: 1, byteLength: 7 });
    expect(built([""])).toMatchObject({ chunks: 0, byteLength: 0 });
  });

  it("keeps a text longer than a chunk whole", () => {
    const long = `"${"🙂".repeat(50_000)}"`;
    const body = new JsonChunks();
    for (const text of ["[", long, "]"]) body.add(text);
    const { chunks } = body.finish();
    expect(chunks.map((c) => c.toString("utf8"))).toEqual([`[${long}`, "]"]); // a chunk ends after whole texts only
  });
});
