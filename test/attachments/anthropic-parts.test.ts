/**
 * Anthropic base64 image and document blocks, through the real `@anthropic-ai/sdk` client and the instrumentation the
 * SDK patches it with, against a loopback fake of the Messages API: the exported span keeps reference parts.
 */
import * as AnthropicModule from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { type FakeAnthropic, startFakeAnthropic } from "../helpers/fake-anthropic-server";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";
import { padded, png, sha256 } from "./fixtures";

let fake: FakeAnthropic;
let recorder: HoneyHiveRecorder;

beforeAll(async () => {
  [fake, recorder] = await Promise.all([startFakeAnthropic(), startHoneyHiveRecorder()]);
});
afterAll(() => Promise.all([fake.close(), recorder.close()]));

describe("Anthropic messages with base64 image and document blocks", () => {
  it("exports reference parts and lists both attachments; the bytes reach the store once each", async () => {
    const puts: string[] = [];
    const tracer = new HoneyHiveTracer({
      apiKey: "k-anthropic", serverUrl: recorder.url, sessionName: "anthropic", logSink: () => undefined,
      attachments: { store: { kind: "memory", put: async (ref) => void puts.push(ref.uri) } }, instrumentModules: { anthropic: AnthropicModule },
    });
    const client = new AnthropicModule.Anthropic({ baseURL: fake.url, apiKey: "sk-ant-test", maxRetries: 0 });
    const image = png(200, 200, 6);
    const pdf = padded("%PDF-1.7\n", 300_000, 9);
    await client.messages.create({
      model: "claude-3-5-sonnet-latest", max_tokens: 64,
      messages: [{ role: "user", content: [
        { type: "image", source: { type: "base64", media_type: "image/png", data: image.toString("base64") } },
        { type: "document", source: { type: "base64", media_type: "application/pdf", data: pdf.toString("base64") } },
        { type: "text", text: "Compare the chart with the report." },
      ] }],
    });
    expect(await tracer.flush()).toBe(true);
    const span = recorder.spans().find((s) => s.attributes.honeyhive_attachments !== undefined);
    expect(span, "a span listing attachments").toBeDefined();
    const attributes = span!.attributes as Record<string, unknown>;
    expect(Buffer.byteLength(JSON.stringify(attributes))).toBeLessThan(64 * 1024);
    expect(JSON.stringify(attributes)).not.toContain(image.toString("base64").slice(0, 200));
    const refs = JSON.parse(String(attributes.honeyhive_attachments)) as Array<{ uri: string; mime_type: string; modality: string }>;
    expect(refs.map((r) => [r.uri, r.mime_type, r.modality]).sort()).toEqual([
      [`hh-attachment://sha256/${sha256(image)}`, "image/png", "image"],
      [`hh-attachment://sha256/${sha256(pdf)}`, "application/pdf", "document"],
    ].sort());
    const withText = Object.values(attributes).find((v) => typeof v === "string" && v.includes("Compare the chart") && v.includes("hh-attachment://"));
    expect(withText, "the prompt keeps its text beside the references").toBeDefined();
    expect(new Set(puts)).toEqual(new Set(refs.map((r) => r.uri)));
    await tracer.shutdown();
  });
});
