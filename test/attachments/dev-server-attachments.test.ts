/**
 * The dev server's attachment routes and the SDK's default store against it: content-addressed uploads, per-key
 * isolation, size and hash checks, and answers that cannot run script in the viewer's origin.
 */
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { dataUri, padded, png, sha256 } from "./fixtures";

let server: DevServer;
let fake: FakeOpenAI;

beforeAll(async () => {
  server = await createDevServer({ port: 0, host: "127.0.0.1", inMemory: true, logger: createLogger({ sink: () => undefined }) });
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
  await server.close();
});

function attachmentUrl(hex: string): string {
  return `${server.url}/v1/attachments/sha256/${hex}`;
}

function upload(key: string, bytes: Uint8Array, hex = sha256(bytes), method = "PUT"): Promise<Response> {
  return fetch(attachmentUrl(hex), { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/octet-stream" }, body: bytes });
}

function download(key: string, hex: string): Promise<Response> {
  return fetch(attachmentUrl(hex), { headers: { authorization: `Bearer ${key}` } });
}

describe("dev server attachment routes", () => {
  it("stores by hash once, serves the bytes typed by their magic numbers, to the uploading key only", async () => {
    const image = png(16, 16, 3);
    const first = await upload("hh_key_one_123456", image);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ stored: true, created: true, sha256: sha256(image), mime_type: "image/png", size: image.length });
    const again = await upload("hh_key_one_123456", image, sha256(image), "POST");
    expect(((await again.json()) as { created: boolean }).created).toBe(false);
    const served = await download("hh_key_one_123456", sha256(image));
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("content-security-policy")).toMatch(/^sandbox;/);
    expect(served.headers.get("content-disposition")).toMatch(/^inline;/);
    expect(Buffer.from(await served.arrayBuffer()).equals(image)).toBe(true);
    expect((await download("hh_key_two_123456", sha256(image))).status).toBe(404);
    expect((await download("hh_key_one_123456", "0".repeat(64))).status).toBe(404);
  });

  it("serves SVG and HTML as octet-stream downloads, whatever the uploader claimed", async () => {
    for (const text of ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<!doctype html><script>alert(1)</script>"]) {
      const bytes = Buffer.from(text);
      const put = await fetch(attachmentUrl(sha256(bytes)), { method: "PUT", headers: { authorization: "Bearer hh_key_one_123456", "content-type": "image/svg+xml" }, body: bytes });
      expect(((await put.json()) as { mime_type: string }).mime_type).toBe("application/octet-stream");
      const served = await download("hh_key_one_123456", sha256(bytes));
      expect(served.headers.get("content-type")).toBe("application/octet-stream");
      expect(served.headers.get("content-disposition")).toMatch(/^attachment;/);
      expect(served.headers.get("content-security-policy")).toMatch(/^sandbox;/);
    }
  });

  it("refuses a body whose hash the path does not name, a malformed hash, and a body over 32 MB", async () => {
    const bytes = padded("%PDF-", 1000);
    expect((await upload("hh_key_one_123456", bytes, "a".repeat(64))).status).toBe(400);
    expect((await upload("hh_key_one_123456", bytes, "../../etc/passwd")).status).toBe(404);
    expect((await upload("hh_key_one_123456", bytes, "ABC")).status).toBe(400);
    const tooLarge = await upload("hh_key_one_123456", new Uint8Array(32 * 1024 * 1024 + 1), "b".repeat(64)).catch(() => undefined);
    expect(tooLarge === undefined || tooLarge.status === 413).toBe(true);
  });
});

describe("uploads within the server's memory budget", () => {
  it("an upload reserves its bytes from the shared budget of bodies in flight: 503 busy beyond it, and the budget is given back", async () => {
    const small = await createDevServer({ port: 0, host: "127.0.0.1", inMemory: true, maxBufferedBytes: 1024 * 1024, logger: createLogger({ sink: () => undefined }) });
    try {
      const put = (bytes: Uint8Array) => fetch(`${small.url}/v1/attachments/sha256/${sha256(bytes)}`, { method: "PUT", headers: { authorization: "Bearer hh_key_budget_1234", "content-type": "application/octet-stream" }, body: bytes });
      const large = padded("%PDF-1.7\n", 2 * 1024 * 1024, 91); // under the 32 MB attachment limit, over the 1 MB budget
      const busy = await put(large);
      expect(busy.status).toBe(503);
      expect(busy.headers.get("retry-after")).toBe("1");
      expect(await busy.json()).toEqual({ error: "busy" });
      const fits = padded("%PDF-1.7\n", 600 * 1024, 92);
      expect((await put(fits)).status).toBe(200);
      expect((await put(padded("%PDF-1.7\n", 600 * 1024, 93))).status).toBe(200); // the first one's reservation was given back
    } finally {
      await small.close();
    }
  });
});

describe("the SDK's default store with a dev server", () => {
  it("uploads an extracted image to the dev server the tracer talks to, under its reference's hash", async () => {
    const tracer = new HoneyHiveTracer({ apiKey: "hh_key_sdk_123456", serverUrl: server.url, sessionName: "att", logSink: () => undefined, instrumentModules: { openAI: OpenAI } });
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    const audio = padded("RIFF\x24\x00\x00\x00WAVEfmt ", 40_000);
    await client.chat.completions.create({
      model: "gpt-4o-audio-preview",
      messages: [{ role: "user", content: [{ type: "text", text: "transcribe" }, { type: "input_audio", input_audio: { data: audio.toString("base64"), format: "wav" } }] }],
    });
    expect(await tracer.flush()).toBe(true);
    expect(tracer.diagnostics().attachments).toMatchObject({ store: "dev-server", extracted: 1, uploaded: 1, failed: 0 });
    const served = await download("hh_key_sdk_123456", sha256(audio));
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("audio/wav");
    expect(Buffer.from(await served.arrayBuffer()).equals(audio)).toBe(true);
    await tracer.shutdown();
  });

  it("keeps placeholders, uploads nothing, with the placeholder store", async () => {
    const tracer = new HoneyHiveTracer({ apiKey: "hh_key_ph_1234567", serverUrl: server.url, sessionName: "ph", logSink: () => undefined, attachments: { store: "placeholder" }, instrumentModules: { openAI: OpenAI } });
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    const image = png(100, 100, 9);
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: dataUri("image/png", image) } }] }] });
    expect(await tracer.flush()).toBe(true);
    expect(tracer.diagnostics().attachments).toMatchObject({ store: "placeholder", extracted: 1, uploaded: 0, failed: 0 });
    expect((await download("hh_key_ph_1234567", sha256(image))).status).toBe(404);
    await tracer.shutdown();
  });
});
