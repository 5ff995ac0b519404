/**
 * `openai` 7 (the `openai-v7` alias) streamed with `include_usage`, through OpenInference's OpenAI instrumentation
 * enabled with `manuallyInstrument(OpenAI)` (the ESM setup). openai 7 hands `post()` its request options as a promise,
 * the `stream` flag settled only when the body is serialized; the SDK's stream observer
 * (integrations/provider-stream-usage.ts) read the flag from those options and so watched no openai 7 stream: the
 * streamed calls arrived with no tokens, no `streamed`, no time to first token and the request's model. Against a
 * loopback fake that answers with a dated model, under evaluate() (the dev server's events read back).
 */
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import OpenAI from "openai-v7";
import { describe, it } from "vitest";
import { createTestTracer } from "../../packages/honeyhive/src/testing";
import { FAKE_CLIENT_OPTIONS, useFakeOpenAIStack } from "./fake-openai-stack";
import { expectStreamedUsage, streamedUsageCalls } from "./openai-stream-usage";

const DATED = "gpt-4o-mini-2024-07-18";
const stack = useFakeOpenAIStack({
  fake: { responseModel: () => DATED },
  client: (baseURL) => {
    const instrumentation = new OpenAIInstrumentation();
    createTestTracer({ instrumentations: [instrumentation] });
    // its signature names the root's openai 6 class; at run time it patches any openai class it is given
    instrumentation.manuallyInstrument(OpenAI as unknown as Parameters<OpenAIInstrumentation["manuallyInstrument"]>[0]);
    return new OpenAI({ baseURL, ...FAKE_CLIENT_OPTIONS });
  },
});

describe("openai 7 + OpenInference (manuallyInstrument), streamed with include_usage, evaluate() 20 datapoints x maxWorkers 10", () => {
  it("40 calls -> 40 model events with tokens, cost and the response model; the 20 streamed ones streamed, with a time to first token", async () => {
    expectStreamedUsage(await stack.backend.evaluate("openai7-openinference-stream-usage", (i) => streamedUsageCalls(stack.client, i)), { responseModel: DATED });
  });
});
