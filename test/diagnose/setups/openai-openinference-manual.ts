// Working: OpenInference's OpenAI instrumentation registered, then `manuallyInstrument` on the ESM module (imported first).
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import * as openai from "openai";
import { ask } from "../../routing/openai-workload";
import { report, setupTracer, withFakeOpenAI } from "./report";

const instrumentation = new OpenAIInstrumentation();
const tracer = setupTracer({ instrumentations: [instrumentation] });
instrumentation.manuallyInstrument(openai as unknown as Parameters<typeof instrumentation.manuallyInstrument>[0]); // its types name the class; it patches the module's OpenAI
await report("before calls");
await withFakeOpenAI(tracer, async (baseURL) => {
  const client = new openai.OpenAI({ baseURL, apiKey: "sk-test", maxRetries: 0 });
  await ask(client, "unit-0/a");
  await ask(client, "unit-0/b", true);
});
await report("after calls");
