/**
 * Groq's own SDK as `npm install groq-sdk @traceloop/instrumentation-openai` gives it (registered as the app's
 * choice: the stack installs OpenInference's too, which `instrumentModules` prefers), through
 * `instrumentModules: { groq: Groq }` (the OpenAI instrumentation patches groq-sdk's client, which has the openai
 * client's shape). The client keeps Groq's endpoint; the test's `fetch` carries its requests to a loopback fake of the
 * OpenAI-shaped API. Each call is one model event named provider `groq` (from the endpoint) and priced at Groq's price;
 * the streamed one has tokens and a time to first token (test/frameworks/openai-compatible-stack.ts).
 */
import Groq from "groq-sdk";
import { OpenAIInstrumentation } from "@traceloop/instrumentation-openai";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { openAICompatibleStackTests } from "../../openai-compatible-stack";

openAICompatibleStackTests({
  stack: "groq",
  testUrl: import.meta.url,
  endpoint: "https://api.groq.com/openai/v1",
  model: "llama-3.3-70b-versatile",
  provider: "groq",
  client: (fetch) => new Groq({ apiKey: "gsk-test", maxRetries: 0, fetch }),
  setup: () => void createTestTracer({ instrumentations: [new OpenAIInstrumentation()] }), // the app's choice (the SDK prefers OpenInference's)
  instrumentModules: { groq: Groq },
  scope: "@traceloop/instrumentation-openai",
});
