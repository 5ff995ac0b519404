/**
 * The round trip for Google's shape: `inlineData` image, PDF and audio parts through the real `@google/genai` client
 * (against a loopback fake of the Gemini API) and the SDK's default store, the dev server's: bytes stored there once,
 * references in the stored event, placeholders in its `chat_history`, and the attachments found by the viewer's
 * readers, the PDF under its `displayName`.
 */
import * as genai from "@google/genai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../../../packages/dev-server/src/index";
import { HoneyHiveTracer } from "../../../../packages/honeyhive/src/index";
import { readConversation } from "../../../../packages/dev-server/src/viewer/client/conversation";
import { padded, png, sha256 } from "../../../attachments/fixtures";
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
    const audio = padded("RIFF\u0000\u0000\u0000\u0000WAVEfmt ", 30_000, 13);
    const client = new genai.GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: fake.url } });
    await client.models.generateContent({ model: "gemini-2.5-flash", contents: [{ role: "user", parts: [
      { text: "What do these show?" },
      { inlineData: { mimeType: "image/png", data: image.toString("base64") } },
      { inlineData: { mimeType: "application/pdf", data: pdf.toString("base64"), displayName: "report.pdf" } },
      { inlineData: { mimeType: "audio/wav", data: audio.toString("base64") } },
    ] }] });
    await expectRoundTrip(server, key, tracer, [image, pdf, audio]);
    const res = await fetch(`${server.url}/events/export`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ project: "local", filters: [] }) });
    const model = ((await res.json()) as { events: Array<Record<string, unknown>> }).events.find((e) => e.event_type === "model");
    const shown = readConversation(model as never)?.messages.flatMap((m) => m.attachments) ?? [];
    expect(shown.find((a) => a.kind === "stored" && a.sha256 === sha256(pdf))).toMatchObject({ name: "report.pdf" });
  });
});
