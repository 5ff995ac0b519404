import { describe, expect, it } from "vitest";
import { Base64RunScanner, findBase64Runs } from "../../packages/core/src/attachments/base64-runs";
import { attachmentHash, attachmentReference, placeholderText } from "../../packages/core/src/attachments/reference";
import { toReferenceParts } from "../../packages/core/src/attachments/reference-parts";
import { UNKNOWN_MIME, modalityOf, sniffMime } from "../../packages/core/src/attachments/sniff-mime";
import { dataUri, padded, png } from "./fixtures";

describe("sniffMime: the bytes decide", () => {
  const cases: Array<[string, Uint8Array | string, string]> = [
    ["png", png(2, 2), "image/png"],
    ["jpeg", new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), "image/jpeg"],
    ["gif", "GIF89a\x01\x00", "image/gif"],
    ["webp", "RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"],
    ["wav", "RIFF\x24\x00\x00\x00WAVEfmt ", "audio/wav"],
    ["pdf", "%PDF-1.7\n", "application/pdf"],
    ["mp3 with ID3", "ID3\x04\x00", "audio/mpeg"],
    ["mp3 frame", new Uint8Array([0xff, 0xfb, 0x90, 0x64]), "audio/mpeg"],
    ["ogg", "OggS\x00\x02", "audio/ogg"],
    ["flac", "fLaC\x00\x00", "audio/flac"],
    ["webm", new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x9f]), "video/webm"],
    ["mp4", "\x00\x00\x00\x18ftypisom", "video/mp4"],
    ["m4a", "\x00\x00\x00\x18ftypM4A ", "audio/mp4"],
    ["svg", "<svg xmlns=", UNKNOWN_MIME],
    ["html", "<!doctype html>", UNKNOWN_MIME],
    ["empty", "", UNKNOWN_MIME],
  ];
  for (const [name, head, mime] of cases) {
    it(`${name} -> ${mime}`, () => {
      expect(sniffMime(typeof head === "string" ? Buffer.from(head, "latin1") : head)).toBe(mime);
    });
  }

  it("maps types to GenAI modalities", () => {
    expect([modalityOf("image/png"), modalityOf("audio/wav"), modalityOf("video/mp4"), modalityOf("application/pdf")]).toEqual(["image", "audio", "video", "document"]);
  });
});

describe("findBase64Runs", () => {
  it("finds a data URI inside JSON with its claimed type and prefix", () => {
    const uri = dataUri("image/png", padded(png(1, 1), 30_000));
    const json = JSON.stringify([{ role: "user", content: [{ type: "text", text: "what is this?" }, { type: "image_url", image_url: { url: uri } }] }]);
    const runs = findBase64Runs(json, 16 * 1024);
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(json.slice(run.from, run.end)).toBe(uri);
    expect(run.claimedMime).toBe("image/png");
    expect(json.slice(run.start, run.end)).toBe(uri.slice(uri.indexOf(",") + 1));
  });

  it("finds bare base64 and several runs; ignores short runs and ordinary text", () => {
    const a = Buffer.from(padded("%PDF-", 20_000)).toString("base64");
    const b = Buffer.from(padded("OggS", 20_000, 3)).toString("base64");
    const text = `${"lorem ipsum dolor ".repeat(5000)}"${a}" and "${b}" short:${"QUJD".repeat(10)}`;
    const runs = findBase64Runs(text, 16 * 1024);
    expect(runs.map((r) => text.slice(r.start, r.end))).toEqual([a, b]);
    expect(runs.every((r) => r.from === r.start && r.claimedMime === undefined)).toBe(true);
    expect(findBase64Runs("x".repeat(100) + " " + "y".repeat(100), 16 * 1024)).toEqual([]);
  });

  it("takes a long run of few distinct letters (\"aaaa…\", hex ids) for text, unless a data URI says it is bytes", () => {
    expect(findBase64Runs("a".repeat(40_000), 16 * 1024)).toEqual([]);
    expect(findBase64Runs("0123456789abcdef".repeat(3000), 16 * 1024)).toEqual([]);
    expect(findBase64Runs(`data:image/png;base64,${"A".repeat(40_000)}`, 16 * 1024)).toHaveLength(1);
  });

  it("gives the same runs when the scan is spread over many small budgets", () => {
    const a = Buffer.from(padded("%PDF-", 20_000)).toString("base64");
    const text = `{"a":"data:application/pdf;base64,${a}","b":"${"word ".repeat(9000)}","c":"${a}"}`;
    const whole = findBase64Runs(text, 16 * 1024);
    expect(whole).toHaveLength(2);
    for (const budget of [1, 7, 1000, 16 * 1024, 100_000]) {
      const scanner = new Base64RunScanner(text, 16 * 1024);
      let steps = 0;
      while (!scanner.advance(budget)) steps++;
      expect(scanner.runs, `budget ${budget}`).toEqual(whole);
      if (budget < 1000) expect(steps).toBeGreaterThan(10);
    }
  });

  it("finds a run that starts exactly at a step boundary or ends at the string end", () => {
    const encoded = Buffer.from(padded("", 12 * 1024, 5)).toString("base64");
    expect(encoded.length).toBe(16 * 1024);
    for (const lead of [0, 1, 16383, 16384, 16385]) {
      const value = " ".repeat(lead) + encoded;
      const runs = findBase64Runs(value, 16 * 1024);
      expect(runs, `lead ${lead}`).toEqual([{ from: lead, start: lead, end: value.length }]);
    }
  });
});

describe("references", () => {
  const hex = "ab".repeat(32);

  it("name the content hash and keep a differing claimed type", () => {
    const ref = attachmentReference(hex, "image/png", 5 * 1024 * 1024, "image/jpeg");
    expect(ref).toEqual({ type: "uri", uri: `hh-attachment://sha256/${hex}`, mime_type: "image/png", modality: "image", size: 5242880, claimed_mime_type: "image/jpeg" });
    expect(attachmentReference(hex, "image/png", 1, "image/png")).not.toHaveProperty("claimed_mime_type");
    expect(attachmentHash(ref.uri)).toBe(hex);
    expect(attachmentHash("hh-attachment://sha256/../../etc")).toBeUndefined();
    expect(placeholderText(ref)).toBe("[image/png 5.0 MB sha256:abababababab\u2026]");
  });

  it("replace every provider's part shape, whole, by a GenAI uri part", () => {
    const m = `hh-attachment://sha256/${hex}`;
    const ref = attachmentReference(hex, "application/pdf", 40_000);
    const value = [
      { type: "image_url", image_url: { url: m, detail: "high" } },
      { type: "input_audio", input_audio: { data: m, format: "wav" } },
      { type: "file", file: { file_data: m, filename: "a.pdf" } },
      { type: "input_image", image_url: m },
      { type: "input_file", file_data: m, filename: "b.pdf" },
      { type: "document", source: { type: "base64", media_type: "application/pdf", data: m } },
      { inlineData: { mimeType: "application/pdf", data: m } },
      { inline_data: { mime_type: "application/pdf", data: m } },
      { type: "file", data: m, mediaType: "application/pdf" },
      { type: "blob", modality: "document", mime_type: "application/pdf", content: m },
      { type: "text", text: "kept" },
    ];
    const out = toReferenceParts([{ role: "user", content: value }], new Map([[m, ref]])) as Array<{ content: unknown[] }>;
    const parts = out[0]!.content;
    expect(parts.slice(0, 10)).toEqual([ref, ref, { ...ref, name: "a.pdf" }, ref, { ...ref, name: "b.pdf" }, ref, ref, ref, ref, ref]);
    expect(parts[10]).toEqual({ type: "text", text: "kept" });
  });
});

describe("the conversation keeps attachment references", () => {
  it("reads a uri part into the message text as its placeholder, beside the text parts", async () => {
    const { readMessage } = await import("../../packages/core/src/semconv/genai/messages");
    const hex = "cd".repeat(32);
    const message = readMessage({ role: "user", content: [{ type: "text", text: "what is this?" }, attachmentReference(hex, "image/png", 5 * 1024 * 1024)] });
    expect(message).toEqual({ role: "user", content: "what is this?\n[image/png 5.0 MB sha256:cdcdcdcdcdcd\u2026]" });
  });
});
