/**
 * Bytes serialized as an index map (`JSON.stringify(new Uint8Array(...))` gives `{"0":137,"1":80,...}`) or as a Buffer
 * object (`{"type":"Buffer","data":[137,80,...]}`): the AI SDK's outer span writes an image given as bytes that way in
 * `ai.prompt`. Through the real `ai` package against a
 * loopback fake of the OpenAI API, the exported outer span keeps a reference part instead (a 5 MB PNG: under 64 KiB);
 * the scanner recognises only exact index maps of byte values, resumably.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { generateText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ByteIndexMapScanner, findByteIndexMaps } from "../../packages/core/src/attachments/byte-index-maps";
import { extractValue } from "../../packages/honeyhive/src/attachments/extract-value";
import { UploadQueue } from "../../packages/honeyhive/src/attachments/upload-queue";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";
import { memoryStore, padded, png, sha256 } from "./fixtures";

let fake: FakeOpenAI;
let recorder: HoneyHiveRecorder;
beforeAll(async () => {
  [fake, recorder] = await Promise.all([startFakeOpenAI(), startHoneyHiveRecorder()]);
});
afterAll(() => Promise.all([fake.close(), recorder.close()]));


describe("the AI SDK's outer span with an image given as a Uint8Array", () => {
  it("exports ai.prompt with a reference part, not an index map: a 5 MB PNG gives a span under 64 KiB", async () => {
    const store = memoryStore();
    const tracer = new HoneyHiveTracer({ apiKey: "k-aisdk-bytes", serverUrl: recorder.url, sessionName: "aisdk", logSink: () => undefined, attachments: { store } });
    const image = png(1300, 1300);
    expect(image.length).toBeGreaterThan(5_000_000);
    const provider = createOpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test" });
    await generateText({
      model: provider.chat("gpt-4o-mini"),
      messages: [{ role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image", image: new Uint8Array(image), mediaType: "image/png" }] }],
      experimental_telemetry: { isEnabled: true, tracer: tracer.getTracer() },
    });
    expect(await tracer.flush()).toBe(true);
    const outer = recorder.spans().find((s) => s.name === "ai.generateText");
    expect(outer, "the outer span").toBeDefined();
    const attributes = outer!.attributes as Record<string, unknown>;
    expect(Buffer.byteLength(JSON.stringify(attributes))).toBeLessThan(64 * 1024);
    const ref = { type: "uri", uri: `hh-attachment://sha256/${sha256(image)}`, mime_type: "image/png", modality: "image", size: image.length };
    const prompt = JSON.parse(String(attributes["ai.prompt"])) as { messages: Array<{ content: unknown[] }> };
    expect(prompt.messages[0]!.content).toEqual([{ type: "text", text: "What is this?" }, ref]);
    expect(JSON.parse(String(attributes.honeyhive_attachments))).toEqual([ref]);
    expect(store.puts.map((p) => p.uri)).toEqual([ref.uri]); // the inner span's copy is the same bytes: stored once
    expect(Buffer.from(store.puts[0]!.bytes).equals(image)).toBe(true);
    await tracer.shutdown();
  }, 60_000);

  it("a Node Buffer (serialized as {type: Buffer, data: [...]}) becomes the same reference part", async () => {
    const store = memoryStore();
    const tracer = new HoneyHiveTracer({ apiKey: "k-aisdk-buffer", serverUrl: recorder.url, sessionName: "aisdk-buffer", logSink: () => undefined, attachments: { store } });
    const image = png(110, 80, 41);
    const provider = createOpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test" });
    await generateText({
      model: provider.chat("gpt-4o-mini"),
      messages: [{ role: "user", content: [{ type: "text", text: "And this?" }, { type: "image", image, mediaType: "image/png" }] }],
      experimental_telemetry: { isEnabled: true, tracer: tracer.getTracer() },
    });
    expect(await tracer.flush()).toBe(true);
    const outer = recorder.spans().find((s) => s.name === "ai.generateText" && String(s.attributes["ai.prompt"]).includes("And this?"));
    const prompt = JSON.parse(String(outer!.attributes["ai.prompt"])) as { messages: Array<{ content: unknown[] }> };
    const ref = { type: "uri", uri: `hh-attachment://sha256/${sha256(image)}`, mime_type: "image/png", modality: "image", size: image.length };
    expect(prompt.messages[0]!.content).toEqual([{ type: "text", text: "And this?" }, ref]);
    expect(Buffer.byteLength(JSON.stringify(outer!.attributes))).toBeLessThan(4 * 1024);
    expect(store.puts.map((p) => p.uri)).toEqual([ref.uri]);
    await tracer.shutdown();
  });
});

describe("the index-map scanner", () => {
  const bytes = padded("\x89PNG\r\n\x1a\n", 300, 3);
  const map = JSON.stringify(new Uint8Array(bytes));

  it("finds exact index maps of at least the minimum in JSON text, resumably, and decodes them", () => {
    const text = `{"a":${map},"b":{"0":1,"1":2},"c":[${map}]}`;
    const found = findByteIndexMaps(text, 100, 1000);
    expect(found.map((m) => [m.from, m.end, m.size])).toEqual([[5, 5 + map.length, 300], [text.indexOf(`[${map}`) + 1, text.indexOf(`[${map}`) + 1 + map.length, 300]]);
    expect(Buffer.from(found[0]!.bytes).equals(bytes)).toBe(true);
    const stepwise = new ByteIndexMapScanner(text, 100, 1000);
    let steps = 0;
    while (!stepwise.advance(7)) steps++;
    expect(steps).toBeGreaterThan(100);
    expect(stepwise.maps.map((m) => [m.from, m.end, m.size])).toEqual(found.map((m) => [m.from, m.end, m.size]));
  });

  it("finds a Buffer's JSON form too, and only when its values are bytes", () => {
    const buffer = JSON.stringify(bytes);
    expect(buffer.startsWith('{"type":"Buffer","data":[')).toBe(true);
    const text = `[${map},${buffer}]`;
    const found = findByteIndexMaps(text, 100, 1000);
    expect(found.map((m) => [m.from, m.end, m.size])).toEqual([[1, 1 + map.length, 300], [2 + map.length, 2 + map.length + buffer.length, 300]]);
    expect(Buffer.from(found[1]!.bytes).equals(bytes)).toBe(true);
    expect(findByteIndexMaps(buffer.replace("[137,", "[1370,"), 100, 1000)).toEqual([]);
    expect(findByteIndexMaps(buffer.replace("]}", "]"), 100, 1000)).toEqual([]);
  });

  it("leaves what is not an index map of bytes: a value over 255, a key out of order, a leading zero, spaces, an unclosed map", () => {
    const cases = [map.replace('"5":', '"5":256,"x":'), map.replace('"7":', '"8":'), map.replace('"3":', '"03":'), map.replace(/,/g, ", "), map.slice(0, -1)];
    for (const text of cases) expect(findByteIndexMaps(text, 100, 1000)).toEqual([]);
  });

  it("extraction replaces a map over maxBytes by the dropped text; the JSON stays valid", async () => {
    const value = JSON.stringify({ messages: [{ role: "user", content: [{ type: "image", image: new Uint8Array(padded("\x89PNG\r\n\x1a\n", 40_000, 9)) }] }] });
    const stored = memoryStore();
    const result = await extractValue(value, { thresholdBytes: 16 * 1024, maxBytes: 32 * 1024 }, new UploadQueue(stored));
    expect(result.tooLarge).toBe(1);
    expect(JSON.parse(result.value).messages[0].content[0].image).toBe("[image/png 39.1 KB not kept: over the attachment limit]");
    expect(stored.puts).toEqual([]);
  });
});
