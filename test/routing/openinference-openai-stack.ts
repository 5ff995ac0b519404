/**
 * {@link useFakeOpenAIStack} with the README's OpenInference setup: a test tracer with OpenInference's OpenAI
 * instrumentation, then a CommonJS `require("openai")` that the instrumentation's require hook patches, the client
 * made from that module.
 */
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import type { OpenAI as OpenAIClient } from "openai";
import { createTestTracer } from "../../packages/honeyhive/src/testing";
import type { FakeOpenAIOptions } from "../helpers/fake-openai-server";
import { FAKE_CLIENT_OPTIONS, type FakeOpenAIStack, useFakeOpenAIStack } from "./fake-openai-stack";
import { requireOpenAI } from "./openai-workload";

/** Registers the file's `beforeAll` / `afterAll` for the fake, the backend, the instrumented tracer and the client. */
export function useOpenInferenceOpenAIStack(fake?: FakeOpenAIOptions): FakeOpenAIStack<OpenAIClient> {
  return useFakeOpenAIStack({
    fake,
    client: (baseURL) => {
      createTestTracer({ instrumentations: [new OpenAIInstrumentation()] });
      const { OpenAI } = requireOpenAI();
      return new OpenAI({ baseURL, ...FAKE_CLIENT_OPTIONS });
    },
  });
}
