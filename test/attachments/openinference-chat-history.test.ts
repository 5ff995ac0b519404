/**
 * Images, audio and documents stay in the conversation when OpenInference records the call: the real `openai` and
 * `@anthropic-ai/sdk` clients, traced by OpenInference's instrumentations, against loopback fakes of the APIs and the
 * SDK's default store (the dev server's). OpenInference flattens only text parts and (for OpenAI) image URLs, which it
 * redacts when they are long base64; audio, files, Anthropic images and documents are not flattened at all. The stored
 * model event's `chat_history` must still hold each attachment's placeholder, and the viewer's conversation the
 * attachment (`round-trip-check.ts`).
 */
import * as AnthropicModule from "@anthropic-ai/sdk";
import { AnthropicInstrumentation } from "@arizeai/openinference-instrumentation-anthropic";
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import type { OpenAI as OpenAIClient } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { type FakeAnthropic, startFakeAnthropic } from "../helpers/fake-anthropic-server";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { requireOpenAI } from "../routing/openai-workload";
import { readConversation } from "../../packages/dev-server/src/viewer/client/conversation";
import { dataUri, padded, png, sha256 } from "./fixtures";
import { expectRoundTrip, startQuietDevServer } from "./round-trip-check";

let server: DevServer;
let fakeOpenAI: FakeOpenAI;
let fakeAnthropic: FakeAnthropic;
let OpenAI: typeof OpenAIClient;

const image = png(110, 80, 41);
const smallImage = png(80, 75, 42); // 18 KB: extracted (over 16 KiB), short enough that OpenInference keeps its URL
const pdf = padded("%PDF-1.7\n", 40_000, 43);
const audio = padded("RIFF\u0000\u0000\u0000\u0000WAVEfmt ", 36_000, 44);

beforeAll(async () => {
  [server, fakeOpenAI, fakeAnthropic] = await Promise.all([startQuietDevServer(), startFakeOpenAI(), startFakeAnthropic()]);
  const anthropic = new AnthropicInstrumentation();
  // the instrumentations are registered by a first tracer; OpenAI is then loaded through require (its hook patches it)
  new HoneyHiveTracer({ apiKey: "hh_oi_setup", serverUrl: server.url, sessionName: "setup", logSink: () => undefined, instrumentations: [new OpenAIInstrumentation(), anthropic] });
  anthropic.manuallyInstrument(AnthropicModule.Anthropic);
  OpenAI = requireOpenAI().OpenAI;
});
afterAll(async () => {
  await Promise.all([fakeOpenAI?.close(), fakeAnthropic?.close()]);
  await server?.close();
});

/** The file names the viewer's conversation of `key`'s model event gives its stored attachments, by hash. */
async function namesShown(key: string): Promise<Map<string, string | null>> {
  const res = await fetch(`${server.url}/events/export`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ project: "local", filters: [] }) });
  const model = ((await res.json()) as { events: Array<Record<string, unknown>> }).events.find((e) => e.event_type === "model");
  const shown = readConversation(model as never)?.messages.flatMap((m) => m.attachments) ?? [];
  return new Map(shown.flatMap((a) => (a.kind === "stored" ? [[a.sha256, a.name] as [string, string | null]] : [])));
}

function tracerFor(key: string): HoneyHiveTracer {
  return new HoneyHiveTracer({ apiKey: key, serverUrl: server.url, sessionName: key, logSink: () => undefined });
}

describe("OpenInference: attachments in chat_history", () => {
  it("OpenAI chat: an image (redacted by OpenInference), a short image, input_audio and a file", async () => {
    const key = "hh_oi_openai_chat";
    const tracer = tracerFor(key);
    await tracer.trace(() => new OpenAI({ baseURL: `${fakeOpenAI.url}/v1`, apiKey: "sk-test", maxRetries: 0 }).chat.completions.create({ model: "gpt-4o-mini", messages: [
      { role: "system", content: "You describe files." },
      { role: "user", content: [
        { type: "text", text: "Look, listen and read." },
        { type: "image_url", image_url: { url: dataUri("image/png", image) } },
        { type: "image_url", image_url: { url: dataUri("image/png", smallImage) } },
        { type: "input_audio", input_audio: { data: audio.toString("base64"), format: "wav" } },
        { type: "file", file: { file_data: dataUri("application/pdf", pdf), filename: "report.pdf" } },
      ] },
    ] }));
    await expectRoundTrip(server, key, tracer, [image, smallImage, audio, pdf]);
    expect((await namesShown(key)).get(sha256(pdf))).toBe("report.pdf"); // the file's name, from the recorded request
  });

  it("Anthropic: a base64 image and a base64 document", async () => {
    const key = "hh_oi_anthropic";
    const tracer = tracerFor(key);
    const client = new AnthropicModule.Anthropic({ baseURL: fakeAnthropic.url, apiKey: "sk-ant-test", maxRetries: 0 });
    await tracer.trace(() => client.messages.create({ model: "claude-haiku-4-5", max_tokens: 64, system: "You describe files.", messages: [{ role: "user", content: [
      { type: "text", text: "What are these?" },
      { type: "image", source: { type: "base64", media_type: "image/png", data: image.toString("base64") } },
      { type: "document", source: { type: "base64", media_type: "application/pdf", data: pdf.toString("base64") }, title: "report.pdf" },
    ] }] }));
    await expectRoundTrip(server, key, tracer, [image, pdf]);
    expect((await namesShown(key)).get(sha256(pdf))).toBe("report.pdf"); // the document's title
  });

  it("keeps the text and the attachments in the order they were sent", async () => {
    const key = "hh_oi_order";
    const tracer = tracerFor(key);
    await tracer.trace(() => new OpenAI({ baseURL: `${fakeOpenAI.url}/v1`, apiKey: "sk-test", maxRetries: 0 }).chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: [
      { type: "text", text: "First this:" },
      { type: "input_audio", input_audio: { data: audio.toString("base64"), format: "wav" } },
      { type: "text", text: "then this:" },
      { type: "image_url", image_url: { url: dataUri("image/png", image) } },
    ] }] }));
    expect(await tracer.flush()).toBe(true);
    await tracer.shutdown();
    const res = await fetch(`${server.url}/events/export`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ project: "local", filters: [] }) });
    const events = ((await res.json()) as { events: Array<{ event_type: string; inputs: { chat_history?: Array<{ content: unknown }> } }> }).events;
    const content = events.find((e) => e.event_type === "model")?.inputs.chat_history?.[0]?.content;
    // the parts stay apart: each text, and each attachment as its reference
    expect(content).toEqual([
      { type: "text", text: "First this:" },
      expect.objectContaining({ type: "uri", uri: `hh-attachment://sha256/${sha256(audio)}`, mime_type: "audio/wav", modality: "audio" }),
      { type: "text", text: "then this:" },
      expect.objectContaining({ type: "uri", uri: `hh-attachment://sha256/${sha256(image)}`, mime_type: "image/png", modality: "image" }),
    ]);
  });
});
