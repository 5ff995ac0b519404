/**
 * `@anthropic-ai/sdk` 1.x `messages.stream()` with `instrumentModules: { anthropic }` (the SDK picks OpenInference's
 * Anthropic instrumentation: Traceloop's throws on 1.x), under `evaluate()` with 20 datapoints at `maxWorkers: 10`,
 * against a loopback Anthropic server streaming SSE. Same bar as anthropic-message-stream.test.ts: one model event
 * per call, the client's built-in span a linked chain, session tokens equal to the provider's usage.
 */
import * as AnthropicModule from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type StackBackend, startStackBackend } from "./evaluate-stack";
import { type FakeAnthropic, startFakeAnthropic } from "../helpers/fake-anthropic-server";
import { anthropicStreamCalls } from "./anthropic-workload";
import { STREAM_TAGS, expectStreamCallsOnce } from "./anthropic-stream-check";

let fake: FakeAnthropic;
let backend: StackBackend;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  backend = await startStackBackend();
});
afterAll(async () => {
  await fake.close();
  await backend.close();
});

describe("instrumentModules: { anthropic }, messages.stream()", () => {
  it("40 streamed calls (20 through the stream helper) -> 40 model events, tokens counted once per session", async () => {
    const client = new AnthropicModule.Anthropic({ baseURL: fake.url, apiKey: "sk-ant-test", maxRetries: 0 });
    const report = await backend.evaluate("anthropic-stream-modules", (i) => anthropicStreamCalls(client, i), { anthropic: AnthropicModule }, { tags: STREAM_TAGS });
    await expectStreamCallsOnce(report, backend);
  });
});
