/**
 * A streamed call whose connection drops midway, under OpenInference's OpenAI and Anthropic instrumentations (patched
 * through HoneyHive): both read the stream on a `tee()` branch of their own, in a promise nobody awaits, so the failure
 * was an unhandled rejection (which ends a Node app by default) and their span never ended (the call was lost). The SDK
 * records the failure on the span and lets the instrumentation end it (integrations/instrumentation-stream-branch.ts);
 * the application still receives the error. A loopback server sends two chunks, then closes the connection.
 */
import { AnthropicInstrumentation } from "@arizeai/openinference-instrumentation-anthropic";
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import * as AnthropicModule from "@anthropic-ai/sdk";
import { createServer, type Server } from "node:http";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTracer, type TestTracer } from "../../packages/honeyhive/src/testing";
import { type LoopbackServer, listenOnLoopback } from "../helpers/loopback-server";

const openAIChunk = (content: string) => `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 1, model: "gpt-4o-mini", choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
const anthropicEvent = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
const ANTHROPIC_START = [
  anthropicEvent("message_start", { message: { id: "m1", type: "message", role: "assistant", model: "claude-haiku-4-5", content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 3, output_tokens: 1 } } }),
  anthropicEvent("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
  anthropicEvent("content_block_delta", { index: 0, delta: { type: "text_delta", text: "half" } }),
];

/** Streams the start of an answer, then drops the connection. */
function startDroppingServer(): Server {
  return createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(req.url?.includes("/messages") ? ANTHROPIC_START.join("") : openAIChunk("half") + openAIChunk(" way"));
      setTimeout(() => res.destroy(), 20);
    });
  });
}

let server: LoopbackServer;
let test: TestTracer;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

beforeAll(async () => {
  server = await listenOnLoopback(startDroppingServer());
  const openAI = new OpenAIInstrumentation();
  const anthropic = new AnthropicInstrumentation();
  test = createTestTracer({ instrumentations: [openAI, anthropic], setAsDefault: true });
  openAI.manuallyInstrument(OpenAI);
  anthropic.manuallyInstrument(AnthropicModule.Anthropic);
  process.on("unhandledRejection", onUnhandled);
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await test.tracer.shutdown();
  await server.close();
});

async function readAll(stream: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const _ of stream);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe("a stream that fails midway under OpenInference's instrumentations", () => {
  it("reaches the application as its error, ends the span with the error and the part received, rejects nothing unhandled", async () => {
    const openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    const anthropic = new AnthropicModule.Anthropic({ baseURL: server.url, apiKey: "sk-ant-test", maxRetries: 0 });
    const errors = [
      await readAll(await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], stream: true })),
      await readAll(await anthropic.messages.create({ model: "claude-haiku-4-5", max_tokens: 10, messages: [{ role: "user", content: "hi" }], stream: true })),
    ];
    expect(errors.map((e) => (e as Error | undefined)?.message)).toEqual(["terminated", "terminated"]);
    await new Promise((resolve) => setTimeout(resolve, 100)); // an unhandled rejection is reported after a turn
    expect(unhandled).toEqual([]);
    const spans = await test.spans();
    const openAISpan = spans.find((s) => s.name === "OpenAI Chat Completions");
    const anthropicSpan = spans.find((s) => s.name === "Anthropic Messages");
    expect(openAISpan?.attributes).toMatchObject({ honeyhive_error: "terminated", "output.value": "half way" });
    expect(anthropicSpan?.attributes).toMatchObject({ honeyhive_error: "terminated" });
    expect(JSON.stringify(anthropicSpan?.attributes)).toContain("half");
  });
});
