/**
 * A chat call with an image, through the real `openai` client and the SDK's default instrumentation, against a
 * loopback fake of the API: the exported span keeps a GenAI `uri` reference part, not the bytes, and lists its
 * attachments; equal images are stored once.
 */
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";
import { memoryStore, dataUri, png, sha256 } from "./fixtures";

let fake: FakeOpenAI;
let recorder: HoneyHiveRecorder;

beforeAll(async () => {
  [fake, recorder] = await Promise.all([startFakeOpenAI(), startHoneyHiveRecorder()]);
});
afterAll(() => Promise.all([fake.close(), recorder.close()]));


function attributeBytes(attributes: Record<string, unknown>): number {
  return Buffer.byteLength(JSON.stringify(attributes));
}

async function askAboutImage(client: OpenAI, uri: string): Promise<void> {
  await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: [{ type: "text", text: "What is in this image?" }, { type: "image_url", image_url: { url: uri } }] }],
  });
}

describe("OpenAI chat with an image_url data URI", () => {
  it("exports a span under 64 KiB with a uri reference part for a 5 MB PNG, the bytes in the store", async () => {
    const store = memoryStore();
    const tracer = new HoneyHiveTracer({ apiKey: "k-img", serverUrl: recorder.url, sessionName: "img", logSink: () => undefined, attachments: { store }, instrumentModules: { openAI: OpenAI } });
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    const image = png(1300, 1300); // about 5 MB of pixels that do not compress
    expect(image.length).toBeGreaterThan(5_000_000);
    await askAboutImage(client, dataUri("image/png", image));
    expect(await tracer.flush()).toBe(true);
    const span = recorder.spans().find((s) => JSON.stringify(s.attributes).includes("hh-attachment://"));
    expect(span, "a span with a reference").toBeDefined();
    const attributes = span!.attributes as Record<string, unknown>;
    expect(attributeBytes(attributes)).toBeLessThan(64 * 1024);
    const hex = sha256(image);
    const expectedRef = { type: "uri", uri: `hh-attachment://sha256/${hex}`, mime_type: "image/png", modality: "image", size: image.length };
    expect(JSON.parse(String(attributes.honeyhive_attachments))).toEqual([expectedRef]);
    const prompt = Object.entries(attributes).find(([, v]) => typeof v === "string" && v.includes("hh-attachment://") && v.includes("What is in this image?"));
    expect(prompt, "the prompt attribute keeps text and the reference part").toBeDefined();
    expect(JSON.stringify(JSON.parse(prompt![1] as string))).toContain(JSON.stringify(expectedRef));
    expect(store.puts.map((p) => p.uri)).toEqual([expectedRef.uri]);
    expect(sha256(store.puts[0]!.bytes)).toBe(hex);
    expect(tracer.diagnostics().attachments).toMatchObject({ store: "memory", extracted: 1, uploaded: 1, failed: 0, tooLarge: 0 });
    await tracer.shutdown();
  });

  it("stores the same image sent 100 times once", async () => {
    const store = memoryStore();
    const tracer = new HoneyHiveTracer({ apiKey: "k-img100", serverUrl: recorder.url, sessionName: "img100", logSink: () => undefined, attachments: { store }, instrumentModules: { openAI: OpenAI } });
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    const uri = dataUri("image/png", png(120, 120, 5));
    for (let i = 0; i < 100; i++) await askAboutImage(client, uri);
    expect(await tracer.flush()).toBe(true);
    expect(store.puts).toHaveLength(1);
    expect(tracer.diagnostics().attachments).toMatchObject({ extracted: 100, uploaded: 1, deduplicated: 99 });
    await tracer.shutdown();
  });
});
