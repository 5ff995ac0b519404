/**
 * Issue 45's round trip for Google's shape: an `inlineData` image and PDF through the real `@google/genai` client
 * (against a loopback fake of the Gemini API) and the SDK's default store, the dev server's: bytes stored there once,
 * references in the stored event, and the attachments found by the viewer's readers.
 */
import * as genai from "@google/genai";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { DevServer } from "../../../../packages/dev-server/src/index";
import { HoneyHiveTracer } from "../../../../packages/honeyhive/src/index";
import { padded, png } from "../../../attachments/fixtures";
import { expectRoundTrip, startQuietDevServer } from "../../../attachments/round-trip-check";
import { type FakeGemini, startFakeGemini } from "../../../helpers/fake-gemini-server";

let server: DevServer;
let fake: FakeGemini;

beforeAll(async () => {
  [server, fake] = await Promise.all([
    startQuietDevServer(),
    startFakeGemini(),
  ]);
});
afterAll(async () => {
  await fake?.close();
  await server?.close();
});

describe("@google/genai inlineData parts", () => {
  it("are stored in the dev server and kept as references the viewer shows", async () => {
    const key = "hh_rt_google_genai";
    const tracer = new HoneyHiveTracer({ apiKey: key, serverUrl: server.url, sessionName: key, logSink: () => undefined, instrumentModules: { googleGenAI: genai } });
    const image = png(100, 70, 31);
    const pdf = padded("%PDF-1.7\n", 30_000, 12);
    const client = new genai.GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: fake.url } });
    await client.models.generateContent({ model: "gemini-2.5-flash", contents: [{ role: "user", parts: [
      { text: "What do these show?" },
      { inlineData: { mimeType: "image/png", data: image.toString("base64") } },
      { inlineData: { mimeType: "application/pdf", data: pdf.toString("base64") } },
    ] }] });
    await expectRoundTrip(server, key, tracer, [image, pdf]);
  });
});
