/**
 * The explicit `attachment()` API: bytes, a Blob and a file path become data URIs that the SDK extracts wherever
 * they appear in span data (trace() arguments and return values, enrichSpan), with the name kept in the reference,
 * whatever their size (the 16 KiB threshold applies to payloads the SDK finds, not to those you attach).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveTracer, attachment, enrichSpan, trace } from "../../packages/honeyhive/src/index";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";
import { padded, png, sha256 } from "./fixtures";

let recorder: HoneyHiveRecorder;
beforeAll(async () => {
  recorder = await startHoneyHiveRecorder();
});
afterAll(async () => {
  await recorder.close();
});

describe("attachment()", () => {
  it("makes a named data URI of bytes, a Blob or a path; never throws on a missing path", async () => {
    const bytes = png(2, 2);
    expect(attachment(bytes, { mimeType: "image/png", name: "a b.png" })).toBe(`data:image/png;name=a%20b.png;hh-attachment=1;base64,${bytes.toString("base64")}`);
    expect(await attachment(new Blob([bytes], { type: "image/png" }))).toBe(`data:image/png;hh-attachment=1;base64,${bytes.toString("base64")}`);
    const dir = mkdtempSync(join(tmpdir(), "hh-att-"));
    writeFileSync(join(dir, "report.pdf"), padded("%PDF-1.7\n", 100));
    expect(attachment(join(dir, "report.pdf"), { mimeType: "application/pdf" })).toMatch(/^data:application\/pdf;name=report\.pdf;hh-attachment=1;base64,JVBERi0xLjcK/);
    expect(attachment(join(dir, "missing.pdf"))).toBe(`[attachment not read: ${join(dir, "missing.pdf")}]`);
  });

  it("is extracted from a trace() return value and from enrichSpan, keeping its name and the claimed type", async () => {
    const uris: string[] = [];
    const tracer = new HoneyHiveTracer({
      apiKey: "k-api", serverUrl: recorder.url, sessionName: "api", logSink: () => undefined,
      attachments: { store: { kind: "memory", put: async (ref) => void uris.push(ref.uri) } },
    });
    const chart = png(90, 90, 4);
    const pdf = padded("%PDF-1.7\n", 40_000, 8);
    const render = trace(function render() {
      enrichSpan({ metadata: { source: attachment(pdf, { mimeType: "application/pdf", name: "source.pdf" }) } });
      return attachment(chart, { mimeType: "image/jpeg", name: "chart.png" });
    }, { tracer });
    render();
    expect(await tracer.flush()).toBe(true);
    const span = recorder.spans().find((s) => s.attributes.honeyhive_attachments !== undefined)!;
    const refs = JSON.parse(String(span.attributes.honeyhive_attachments));
    expect(refs).toEqual(expect.arrayContaining([
      { type: "uri", uri: `hh-attachment://sha256/${sha256(chart)}`, mime_type: "image/png", modality: "image", size: chart.length, claimed_mime_type: "image/jpeg", name: "chart.png" },
      { type: "uri", uri: `hh-attachment://sha256/${sha256(pdf)}`, mime_type: "application/pdf", modality: "document", size: pdf.length, name: "source.pdf" },
    ]));
    expect(refs).toHaveLength(2);
    expect(new Set(uris)).toEqual(new Set(refs.map((r: { uri: string }) => r.uri)));
    await tracer.shutdown();
  });
});

describe("attachment() under the 16 KiB threshold", () => {
  it("is stored all the same: in a trace() argument, a message list, a return value and enrichSpan; a plain small data URI stays inline", async () => {
    const puts: Array<{ uri: string; size: number }> = [];
    const tracer = new HoneyHiveTracer({
      apiKey: "k-small", serverUrl: recorder.url, sessionName: "small", logSink: () => undefined,
      attachments: { store: { kind: "memory", put: async (ref, bytes) => void puts.push({ uri: ref.uri, size: bytes.length }) } },
    });
    const icon = png(4, 4, 31); // about 100 bytes
    const stamp = png(6, 5, 32);
    const note = padded("%PDF-1.4\n", 2_000, 33);
    const logo = png(3, 3, 34);
    const plain = `data:image/png;base64,${png(5, 5, 35).toString("base64")}`;
    const messages = [{ role: "user", content: [{ type: "text", text: "read" }, { type: "image_url", image_url: { url: attachment(stamp, { mimeType: "image/png" }) } }] }];
    const file = trace(function fileIt(image: string, conversation: typeof messages, other: string) {
      enrichSpan({ metadata: { note: attachment(note, { mimeType: "application/pdf", name: "note.pdf" }) } });
      expect([image.length > 0, conversation.length, other]).toEqual([true, 1, plain]);
      return attachment(logo, { name: "logo.png" });
    }, { tracer });
    file(attachment(icon, { mimeType: "image/png", name: "icon.png" }), messages, plain);
    expect(await tracer.flush()).toBe(true);
    const span = recorder.spans().find((s) => s.attributes["honeyhive_inputs.image"] !== undefined && JSON.stringify(s.attributes).includes(sha256(icon)))!;
    expect(span.attributes["honeyhive_inputs.image"]).toBe(`hh-attachment://sha256/${sha256(icon)}`);
    expect(JSON.parse(String(span.attributes["honeyhive_inputs.conversation"]))[0].content[1]).toEqual({ type: "uri", uri: `hh-attachment://sha256/${sha256(stamp)}`, mime_type: "image/png", modality: "image", size: stamp.length });
    expect(span.attributes["honeyhive_outputs.result"]).toBe(`hh-attachment://sha256/${sha256(logo)}`);
    expect(span.attributes["honeyhive_metadata.note"]).toBe(`hh-attachment://sha256/${sha256(note)}`);
    expect(span.attributes["honeyhive_inputs.other"]).toBe(plain);
    const listed = JSON.parse(String(span.attributes.honeyhive_attachments)) as Array<{ uri: string; name?: string }>;
    expect(new Map(listed.map((r) => [r.uri.slice(-64), r.name]))).toEqual(new Map([[sha256(icon), "icon.png"], [sha256(stamp), undefined], [sha256(logo), "logo.png"], [sha256(note), "note.pdf"]]));
    expect(new Set(puts.map((p) => p.uri.slice(-64)))).toEqual(new Set([sha256(icon), sha256(stamp), sha256(logo), sha256(note)]));
    await tracer.shutdown();
  });
});

describe("bytes passed to trace() as they are", () => {
  it("a Buffer argument and an ArrayBuffer return value of 16 KiB or more become references; smaller ones keep their label", async () => {
    const uris: string[] = [];
    const tracer = new HoneyHiveTracer({
      apiKey: "k-bytes", serverUrl: recorder.url, sessionName: "bytes", logSink: () => undefined,
      attachments: { store: { kind: "memory", put: async (ref) => void uris.push(ref.uri) } },
    });
    const photo = png(100, 100, 12);
    const audio = padded("fLaC\x00\x00", 20_000, 13);
    const small = new Uint8Array(1024);
    const transcode = trace(function transcode(input: Buffer, thumbnail: Uint8Array) {
      expect(input.length + thumbnail.length).toBe(photo.length + 1024);
      return audio.buffer.slice(audio.byteOffset, audio.byteOffset + audio.length);
    }, { tracer });
    transcode(photo, small);
    expect(await tracer.flush()).toBe(true);
    const span = recorder.spans().find((s) => s.attributes["honeyhive_inputs.thumbnail"] !== undefined)!;
    expect(span.attributes["honeyhive_inputs.input"]).toBe(`hh-attachment://sha256/${sha256(photo)}`);
    expect(span.attributes["honeyhive_inputs.thumbnail"]).toBe("[Uint8Array(1024)]");
    expect(String(span.attributes["honeyhive_outputs.result"])).toBe(`hh-attachment://sha256/${sha256(audio)}`);
    const refs = JSON.parse(String(span.attributes.honeyhive_attachments)) as Array<{ mime_type: string }>;
    expect(refs.map((r) => r.mime_type).sort()).toEqual(["audio/flac", "image/png"]);
    expect(uris).toHaveLength(2);
    await tracer.shutdown();
  });
});

describe("a message list passed to trace() over maxAttributeBytes", () => {
  it("is written whole for the stage, which replaces its image part by a reference part", async () => {
    const tracer = new HoneyHiveTracer({
      apiKey: "k-list", serverUrl: recorder.url, sessionName: "list", logSink: () => undefined,
      attachments: { store: { kind: "memory", put: async () => undefined } },
    });
    const image = png(400, 400, 14); // about 480 KB
    const messages = [{ role: "user", content: [{ type: "text", text: "what is this?" }, { type: "image_url", image_url: { url: `data:image/png;base64,${image.toString("base64")}` } }] }];
    const ask = trace(function ask(chat: typeof messages) {
      return chat.length;
    }, { tracer });
    ask(messages);
    expect(await tracer.flush()).toBe(true);
    const span = recorder.spans().find((s) => s.attributes["honeyhive_inputs.chat"] !== undefined)!;
    const ref = { type: "uri", uri: `hh-attachment://sha256/${sha256(image)}`, mime_type: "image/png", modality: "image", size: image.length };
    expect(JSON.parse(String(span.attributes["honeyhive_inputs.chat"]))).toEqual([{ role: "user", content: [{ type: "text", text: "what is this?" }, ref] }]);
    expect(tracer.diagnostics().truncatedAttributes).toBe(0);
    await tracer.shutdown();
  });
});
