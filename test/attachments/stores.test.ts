/**
 * The bucket store (a presign function and S3-compatible presigned PUTs, against a loopback bucket that checks the
 * signature), and the upload queue when the store is down or never answers: the traced call is not held, flush()
 * ends (false: attachments were lost), every failure is counted, and the spans keep placeholders, not references
 * (more in failed-uploads.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import { attachmentHash } from "../../packages/core/src/attachments/reference";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";
import { type LoopbackS3, startLoopbackS3 } from "../helpers/loopback-s3";
import { padded, sha256 } from "./fixtures";

let recorder: HoneyHiveRecorder;
let bucket: LoopbackS3;

beforeAll(async () => {
  [recorder, bucket] = await Promise.all([startHoneyHiveRecorder(), startLoopbackS3()]);
});
afterAll(() => Promise.all([bucket.close(), recorder.close()]));

/** A model span whose prompt carries a PDF document part (Anthropic's shape). */
function spanWithDocument(tracer: HoneyHiveTracer, bytes: Buffer): void {
  tracer.startSpan("anthropic.chat", (span) => {
    span.setAttribute("gen_ai.input.messages", JSON.stringify([{ role: "user", content: [
      { type: "document", source: { type: "base64", media_type: "application/pdf", data: bytes.toString("base64") } },
      { type: "text", text: "summarise" },
    ] }]));
  });
}

describe("presign store (your own bucket)", () => {
  it("PUTs each attachment once to the presigned URL; the bucket verifies the signature", async () => {
    const presigned: string[] = [];
    const tracer = new HoneyHiveTracer({
      apiKey: "k-s3", serverUrl: recorder.url, sessionName: "s3", logSink: () => undefined,
      attachments: { presign: (ref) => {
        const url = bucket.presign("traces", `attachments/${attachmentHash(ref.uri)}`);
        presigned.push(url);
        return url;
      } },
    });
    const pdf = padded("%PDF-1.7\n", 50_000);
    spanWithDocument(tracer, pdf);
    spanWithDocument(tracer, pdf);
    expect(await tracer.flush()).toBe(true);
    expect(presigned).toHaveLength(1);
    const stored = bucket.objects.get(`traces/attachments/${sha256(pdf)}`);
    expect(stored?.bytes.equals(pdf)).toBe(true);
    expect(stored?.contentType).toBe("application/pdf");
    expect(bucket.refused).toBe(0);
    expect(tracer.diagnostics().attachments).toMatchObject({ store: "presign", extracted: 2, uploaded: 1, deduplicated: 1, failed: 0 });
    const refs = recorder.spans().filter((s) => s.name === "anthropic.chat").map((s) => JSON.parse(String(s.attributes.honeyhive_attachments)));
    expect(refs).toEqual([[expect.objectContaining({ uri: `hh-attachment://sha256/${sha256(pdf)}`, mime_type: "application/pdf", modality: "document" })], [expect.objectContaining({ modality: "document" })]]);
    await tracer.shutdown();
  });

  it("counts an upload the bucket refuses (an expired presignature) as failed", async () => {
    const tracer = new HoneyHiveTracer({
      apiKey: "k-s3-expired", serverUrl: recorder.url, sessionName: "s3x", logSink: () => undefined,
      attachments: { presign: (ref) => bucket.presign("traces", `x/${attachmentHash(ref.uri)}`, 1, new Date(Date.now() - 60_000)) },
    });
    const refusedBefore = bucket.refused;
    spanWithDocument(tracer, padded("%PDF-1.4\n", 30_000, 11));
    expect(await tracer.flush()).toBe(false);
    expect(bucket.refused).toBeGreaterThan(refusedBefore);
    expect(tracer.diagnostics().attachments).toMatchObject({ uploaded: 0, failed: 1 });
    await tracer.shutdown();
  });
});

describe("a store that is down", () => {
  it("never holds the traced call; each failed upload is counted, exactly", async () => {
    const tracer = new HoneyHiveTracer({
      apiKey: "k-down", serverUrl: recorder.url, sessionName: "down", logSink: () => undefined,
      attachments: { store: { kind: "down", put: () => Promise.reject(new Error("bucket unreachable")) } },
    });
    const payloads = Array.from({ length: 7 }, (_, i) => padded("\x89PNG\r\n\x1a\n", 20_000 + i, i + 1).toString("base64"));
    const describeImage = trace(function describeImage(image: string) {
      return `described ${image.length}`;
    }, { tracer });
    for (const payload of payloads) expect(describeImage(`data:image/png;base64,${payload}`)).toBe(`described ${payload.length + 22}`);
    expect(await tracer.flush()).toBe(false);
    expect(tracer.diagnostics().attachments).toMatchObject({ extracted: 7, uploaded: 0, failed: 7 });
    const inputs = recorder.spans().filter((s) => s.attributes["honeyhive_inputs.image"] !== undefined).map((s) => String(s.attributes["honeyhive_inputs.image"]));
    expect(inputs).toHaveLength(7);
    expect(inputs.every((v) => /^\[image\/png [0-9.]+ KB sha256:[0-9a-f]{12}\u2026\]$/.test(v))).toBe(true);
    await tracer.shutdown();
  });

  it("with a store that never answers, the traced call returns and flush() ends at its timeout", async () => {
    const tracer = new HoneyHiveTracer({
      apiKey: "k-hang", serverUrl: recorder.url, sessionName: "hang", logSink: () => undefined,
      attachments: { store: { kind: "hanging", put: () => new Promise<void>(() => undefined) } },
    });
    const payload = padded("OggS", 30_000).toString("base64");
    const listen = trace(function listen(audio: string) {
      return audio.length;
    }, { tracer });
    expect(listen(payload)).toBe(payload.length);
    expect(await tracer.flush(300)).toBe(false);
    expect(tracer.diagnostics().attachments).toMatchObject({ extracted: 1, uploaded: 0, failed: 0, unconfirmed: 1 });
    await tracer.shutdown(300);
  });
});

describe("trace() arguments over maxAttributeBytes", () => {
  it("a 1 MB data URI argument is extracted, not cut at maxAttributeBytes", async () => {
    const store: { uris: string[] } = { uris: [] };
    const tracer = new HoneyHiveTracer({
      apiKey: "k-arg", serverUrl: recorder.url, sessionName: "arg", logSink: () => undefined,
      attachments: { store: { kind: "memory", put: async (ref) => void store.uris.push(ref.uri) } },
    });
    const bytes = padded("%PDF-1.7\n", 1024 * 1024, 21);
    const read = trace(function readDocument(document: string) {
      return document.length;
    }, { tracer });
    read(`data:application/pdf;base64,${bytes.toString("base64")}`);
    expect(await tracer.flush()).toBe(true);
    const span = recorder.spans().find((s) => s.attributes["honeyhive_inputs.document"] !== undefined && String(s.attributes.honeyhive_attachments).includes(sha256(bytes)));
    expect(span?.attributes["honeyhive_inputs.document"]).toBe(`hh-attachment://sha256/${sha256(bytes)}`);
    expect(store.uris).toEqual([`hh-attachment://sha256/${sha256(bytes)}`]);
    expect(tracer.diagnostics().truncatedAttributes).toBe(0);
    await tracer.shutdown();
  });
});
