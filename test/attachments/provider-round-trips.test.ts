/**
 * The round trip per provider shape, each through its real client package against a loopback fake of the provider's
 * API and the SDK's default store (the dev server's, as the tracer talks to a loopback dev server): the bytes are
 * extracted, stored once in the dev server, the exported span (the stored event) keeps `hh-attachment://` references
 * and not the bytes, and the viewer's conversation reader finds the attachments it renders (the browser rendering of
 * the OpenAI chat case is `test/viewer/attachments-browser.test.ts`).
 */
import { createOpenAI } from "@ai-sdk/openai";
import { generateText } from "ai";
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { dataUri, padded, png } from "./fixtures";
import { expectRoundTrip, startQuietDevServer } from "./round-trip-check";

let server: DevServer;
let fake: FakeOpenAI;

beforeAll(async () => {
  [server, fake] = await Promise.all([
    startQuietDevServer(),
    startFakeOpenAI(),
  ]);
});
afterAll(async () => {
  await fake?.close();
  await server?.close();
});

function tracerFor(key: string): HoneyHiveTracer {
  return new HoneyHiveTracer({ apiKey: key, serverUrl: server.url, sessionName: key, logSink: () => undefined, instrumentModules: { openAI: OpenAI } });
}

function openai(): OpenAI {
  return new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
}

const image = png(110, 80, 21);
const image2 = png(90, 70, 22);
const pdf = padded("%PDF-1.7\n", 40_000, 4);
const audio = padded("RIFF\u0000\u0000\u0000\u0000WAVEfmt ", 36_000, 8);

describe("round trips per provider shape, to the dev server's store and the viewer's reader", () => {
  it("OpenAI chat: an image_url data URI, input_audio data and file.file_data", async () => {
    const tracer = tracerFor("hh_rt_openai_chat");
    await openai().chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: [
      { type: "text", text: "Look, listen and read." },
      { type: "image_url", image_url: { url: dataUri("image/png", image) } },
      { type: "input_audio", input_audio: { data: audio.toString("base64"), format: "wav" } },
      { type: "file", file: { file_data: dataUri("application/pdf", pdf), filename: "report.pdf" } },
    ] }] });
    await expectRoundTrip(server, "hh_rt_openai_chat", tracer, [image, audio, pdf]);
  });

  it("OpenAI Responses API: input_image and input_file", async () => {
    const tracer = tracerFor("hh_rt_openai_responses");
    await openai().responses.create({ model: "gpt-4o-mini", input: [{ role: "user", content: [
      { type: "input_text", text: "Describe both." },
      { type: "input_image", image_url: dataUri("image/png", image), detail: "auto" },
      { type: "input_file", file_data: dataUri("application/pdf", pdf), filename: "report.pdf" },
    ] }] });
    await expectRoundTrip(server, "hh_rt_openai_responses", tracer, [image, pdf]);
  });

  it("AI SDK (ai + @ai-sdk/openai): image and file parts (a PDF, audio) as bytes, base64 and a data URL", async () => {
    const tracer = tracerFor("hh_rt_ai_sdk");
    const provider = createOpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test" });
    await generateText({
      model: provider.chat("gpt-4o-mini"),
      messages: [{ role: "user", content: [
        { type: "text", text: "Compare." },
        { type: "image", image: new Uint8Array(image), mediaType: "image/png" },
        { type: "file", data: pdf.toString("base64"), mediaType: "application/pdf", filename: "report.pdf" },
        { type: "image", image: new URL(dataUri("image/png", image2)) },
        { type: "file", data: new Uint8Array(audio), mediaType: "audio/wav" },
      ] }],
      experimental_telemetry: { isEnabled: true, tracer: tracer.getTracer() },
    });
    await expectRoundTrip(server, "hh_rt_ai_sdk", tracer, [image, pdf, image2, audio]);
  });

  it("OpenTelemetry GenAI blob parts on a span of the OpenTelemetry API", async () => {
    const tracer = tracerFor("hh_rt_otel_blob");
    const span = tracer.getTracer("my-genai-lib").startSpan("chat my-model", { attributes: {
      "gen_ai.operation.name": "chat", "gen_ai.request.model": "my-model",
      "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [
        { type: "text", content: "What is this?" },
        { type: "blob", modality: "image", mime_type: "image/png", content: image.toString("base64") },
      ] }]),
    } });
    span.end();
    await expectRoundTrip(server, "hh_rt_otel_blob", tracer, [image]);
  });
});
