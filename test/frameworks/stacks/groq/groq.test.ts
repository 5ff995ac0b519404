/**
 * Groq's own SDK as `npm install groq-sdk @traceloop/instrumentation-openai` gives it, through
 * `instrumentModules: { groq: Groq }` (the OpenAI instrumentation patches groq-sdk's client, which has the openai
 * client's shape). The client keeps Groq's endpoint; the test's `fetch` carries its requests to a loopback fake of the
 * OpenAI-shaped API. Each call is one model event named provider `groq` (from the endpoint) and priced at Groq's price;
 * the streamed one has tokens and a time to first token (test/frameworks/openai-compatible-stack.ts).
 */
import Groq from "groq-sdk";
import { openAICompatibleStackTests } from "../../openai-compatible-stack";

openAICompatibleStackTests({
  stack: "groq",
  testUrl: import.meta.url,
  endpoint: "https://api.groq.com/openai/v1",
  model: "llama-3.3-70b-versatile",
  provider: "groq",
  client: (fetch) => new Groq({ apiKey: "gsk-test", maxRetries: 0, fetch }),
  instrumentModules: { groq: Groq },
  scope: "@traceloop/instrumentation-openai",
});
