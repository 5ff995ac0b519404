// Working: `instrumentModules: { openAI: OpenAI }` (ESM) with both OpenAI instrumentation packages installed: the SDK
// patches with OpenInference's.
import { OpenAI } from "openai";
import { ask } from "../../routing/openai-workload";
import { report, setupTracer, withFakeOpenAI } from "./report";

const tracer = setupTracer({ instrumentModules: { openAI: OpenAI } });
await report("before calls");
await withFakeOpenAI(tracer, async (baseURL) => {
  const client = new OpenAI({ baseURL, apiKey: "sk-test", maxRetries: 0 });
  await ask(client, "unit-0/a");
  await ask(client, "unit-0/b", true);
});
await report("after calls");
