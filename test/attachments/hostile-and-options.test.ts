/**
 * Hostile payloads get their documented results (no throw), and the `attachments` option is resolved like every
 * other option (unknown keys named, `false` turns extraction off).
 */
import { describe, expect, it } from "vitest";
import { resolveTracerConfig } from "../../packages/honeyhive/src/config/resolve-config";
import { extractValue } from "../../packages/honeyhive/src/attachments/extract-value";
import { UploadQueue } from "../../packages/honeyhive/src/attachments/upload-queue";
import type { AttachmentStore } from "../../packages/honeyhive/src/config/attachments-option";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { padded, png, sha256 } from "./fixtures";

const MB = 1024 * 1024;
const limits = { thresholdBytes: 16 * 1024, maxBytes: 32 * MB };

function memory(): AttachmentStore & { bytes: Uint8Array[] } {
  const bytes: Uint8Array[] = [];
  return { kind: "memory", bytes, put: async (_ref, b) => void bytes.push(b) };
}

describe("hostile payloads", () => {
  it("a wrong type claim: the bytes win, the claim is recorded", async () => {
    const image = png(80, 80);
    const result = await extractValue(`data:application/pdf;base64,${image.toString("base64")}`, limits, new UploadQueue(memory()));
    expect(result.references).toEqual([{ type: "uri", uri: `hh-attachment://sha256/${sha256(image)}`, mime_type: "image/png", modality: "image", size: image.length, claimed_mime_type: "application/pdf" }]);
  });

  it("truncated base64 keeps the bytes it decodes to", async () => {
    const bytes = padded("%PDF-1.7\n", 30_000, 3);
    const cut = bytes.toString("base64").slice(0, -3); // a last quantum of one character
    const store = memory();
    const queue = new UploadQueue(store);
    const result = await extractValue(cut, limits, queue);
    expect(result.references).toHaveLength(1);
    expect(result.references[0]!.mime_type).toBe("application/pdf");
    expect(await queue.idle(5000)).toBe(true);
    expect(Buffer.from(store.bytes[0]!).equals(bytes.subarray(0, bytes.length - 3))).toBe(true);
  });

  it("a payload over maxBytes inside JSON is replaced by the dropped text, undecoded; the JSON stays valid", async () => {
    const big = padded("OggS", MB + 30 * 1024, 4).toString("base64");
    const value = JSON.stringify([{ role: "user", content: [{ type: "input_audio", input_audio: { data: big, format: "ogg" } }] }]);
    const result = await extractValue(value, { thresholdBytes: 16 * 1024, maxBytes: 1 * MB }, new UploadQueue(memory()));
    expect(result.tooLarge).toBe(1);
    expect(result.references).toEqual([]);
    expect(JSON.parse(result.value)[0].content[0].input_audio.data).toBe("[audio/ogg 1.0 MB not kept: over the attachment limit]");
  });

  it("a value far over the limit (48 MB) is not scanned: replaced whole by the dropped text", async () => {
    const head = Buffer.from(padded("\x89PNG\r\n\x1a\n", 3000, 2)).toString("base64");
    const value = "data:image/png;base64," + head + "A".repeat(48 * MB);
    const result = await extractValue(value, limits, new UploadQueue(memory()));
    expect(result).toMatchObject({ value: `[image/png ${(value.length / MB).toFixed(1)} MB not kept: over the attachment limit]`, references: [], tooLarge: 1 });
    expect(result.outcomes.size).toBe(0);
  });
});

describe("the attachments option", () => {
  it("names the closest key of an unknown one (a warning: ignored) and checks the values (errors)", () => {
    const { errors, warnings } = resolveTracerConfig({ attachments: { treshold: 1, maxBytes: -1, store: "s3" } as never }, {});
    expect(errors).toEqual([
      expect.stringContaining('"attachments.maxBytes" must be a positive integer'),
      expect.stringContaining('"attachments.store" must be'),
    ]);
    expect(warnings).toEqual([expect.stringMatching(/"attachments": unknown option "treshold" \(did you mean "thresholdBytes"\?\); ignored/)]);
  });

  it("false turns extraction off; by default the store follows serverUrl (dev server on loopback, else placeholder)", async () => {
    const tracer = new HoneyHiveTracer({ apiKey: "k", serverUrl: "http://127.0.0.1:9", attachments: false, activate: false, logSink: () => undefined });
    expect(tracer.diagnostics().attachments).toBeUndefined();
    const on = new HoneyHiveTracer({ apiKey: "k", serverUrl: "https://api.example.invalid", activate: false, logSink: () => undefined });
    expect(on.diagnostics().attachments).toMatchObject({ store: "placeholder", extracted: 0 });
    const local = new HoneyHiveTracer({ apiKey: "k", serverUrl: "http://localhost:4318", activate: false, logSink: () => undefined });
    expect(local.diagnostics().attachments).toMatchObject({ store: "dev-server" });
    await Promise.all([tracer.shutdown(10), on.shutdown(10), local.shutdown(10)]);
  });
});
