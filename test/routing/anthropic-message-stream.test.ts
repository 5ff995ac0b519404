/**
 * `@anthropic-ai/sdk` 1.x `messages.stream()` traced by OpenInference's Anthropic instrumentation (given to the
 * tracer, then `manuallyInstrument`), under `evaluate()` with 20 datapoints at `maxWorkers: 10`, against a loopback
 * Anthropic server streaming SSE.
 *
 * The stream helper starts the client's built-in `anthropic.messages.create` span before it calls the (patched)
 * `create`, so that span is a sibling of OpenInference's `Anthropic Messages`, not its child, and it records no
 * content (no prompt to match): it was a second model event for every helper call, doubling the session's tokens.
 * The sibling rule matches a content-less report by model and token counts (semconv/sibling-call.ts).
 */
import { AnthropicInstrumentation } from "@arizeai/openinference-instrumentation-anthropic";
import * as AnthropicModule from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, it } from "vitest";
import { createTestTracer } from "../../packages/honeyhive/src/testing";
import { type StackBackend, startStackBackend } from "./evaluate-stack";
import { type FakeAnthropic, startFakeAnthropic } from "../helpers/fake-anthropic-server";
import { anthropicStreamCalls } from "./anthropic-workload";
import { STREAM_TAGS, expectStreamCallsOnce } from "./anthropic-stream-check";

let fake: FakeAnthropic;
let backend: StackBackend;
let client: AnthropicModule.Anthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  backend = await startStackBackend();
  const instrumentation = new AnthropicInstrumentation();
  createTestTracer({ instrumentations: [instrumentation] });
  instrumentation.manuallyInstrument(AnthropicModule.Anthropic);
  client = new AnthropicModule.Anthropic({ baseURL: fake.url, apiKey: "sk-ant-test", maxRetries: 0 });
});
afterAll(async () => {
  await fake.close();
  await backend.close();
});

describe("Anthropic SDK messages.stream() + OpenInference, evaluate() 20 datapoints x maxWorkers 10", () => {
  it("40 streamed calls (20 through the stream helper) -> 40 model events, tokens counted once per session", async () => {
    const report = await backend.evaluate("anthropic-stream", (i) => anthropicStreamCalls(client, i), undefined, { tags: STREAM_TAGS });
    await expectStreamCallsOnce(report, backend);
  });
});
