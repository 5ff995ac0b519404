/**
 * Groq's own SDK with OpenInference's OpenAI instrumentation: the app registers it (`instrumentations`) and passes
 * `instrumentModules: { groq: Groq }`, so the SDK patches groq-sdk with OpenInference's package (the app's choice
 * first), through the view of the client in the openai module's shape (groq-client-view.ts). The checks are groq.test.ts's.
 */
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import Groq from "groq-sdk";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { openAICompatibleStackTests } from "../../openai-compatible-stack";

openAICompatibleStackTests({
  stack: "groq-openinference",
  testUrl: import.meta.url,
  endpoint: "https://api.groq.com/openai/v1",
  model: "llama-3.3-70b-versatile",
  provider: "groq",
  setup: () => void createTestTracer({ instrumentations: [new OpenAIInstrumentation()] }),
  client: (fetch) => new Groq({ apiKey: "gsk-test", maxRetries: 0, fetch }),
  instrumentModules: { groq: Groq },
  scope: "@arizeai/openinference-instrumentation-openai",
  eventName: "OpenAI Chat Completions",
});
