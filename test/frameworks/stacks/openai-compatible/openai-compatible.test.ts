/**
 * The `openai` client against an Ollama-style server, as the providers guide sets it up: `baseURL`
 * `http://localhost:11434/v1`, model `llama3.2`, `instrumentModules: { openAI: OpenAI }` with OpenLLMetry's OpenAI
 * instrumentation; the dev server reads the user's price file (`HH_DEV_SERVER_PRICES`, this folder's prices.json), as
 * the cost guide says for a local server. The test's `fetch` carries the client's requests to a loopback fake of the
 * OpenAI-shaped API (`/v1/chat/completions` on 127.0.0.1). Each call is one model event named provider `ollama` (from
 * the endpoint) and priced from the file; the streamed one has tokens and a time to first token
 * (test/frameworks/openai-compatible-stack.ts).
 */
import { fileURLToPath } from "node:url";
import { OpenAI } from "openai";
import { afterAll, beforeAll } from "vitest";
import { OpenAIInstrumentation } from "@traceloop/instrumentation-openai";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { openAICompatibleStackTests } from "../../openai-compatible-stack";
import { openAIRecorder } from "../../openai-recorder";

const OLLAMA = "http://localhost:11434/v1";
const previousPrices = process.env.HH_DEV_SERVER_PRICES;
beforeAll(() => {
  process.env.HH_DEV_SERVER_PRICES = fileURLToPath(new URL("./prices.json", import.meta.url)); // before the stack's dev server starts
});
afterAll(() => {
  if (previousPrices === undefined) delete process.env.HH_DEV_SERVER_PRICES;
  else process.env.HH_DEV_SERVER_PRICES = previousPrices;
});

openAICompatibleStackTests({
  stack: "openai-compatible",
  testUrl: import.meta.url,
  endpoint: OLLAMA,
  model: "llama3.2",
  provider: "ollama",
  client: (fetch) => new OpenAI({ baseURL: OLLAMA, apiKey: "ollama", maxRetries: 0, fetch }),
  setup: () => void createTestTracer({ instrumentations: [new OpenAIInstrumentation()] }), // the app's choice (the SDK prefers OpenInference's)
  instrumentModules: { openAI: OpenAI },
  scope: "@traceloop/instrumentation-openai",
  recorder: openAIRecorder(import.meta.url, new OpenAIInstrumentation({ enabled: false })), // OpenInference's on an openai newer than OpenLLMetry's range
});
