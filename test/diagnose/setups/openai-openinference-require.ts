// Working: OpenInference's OpenAI instrumentation given to the tracer, then `openai` required (CommonJS): the require hook patches it.
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import { ask, requireOpenAI } from "../../routing/openai-workload";
import { report, setupTracer, withFakeOpenAI } from "./report";

const tracer = setupTracer({ instrumentations: [new OpenAIInstrumentation()] });
const { OpenAI } = requireOpenAI();
await report("before calls");
await withFakeOpenAI(tracer, async (baseURL) => {
  const client = new OpenAI({ baseURL, apiKey: "sk-test", maxRetries: 0 });
  await ask(client, "unit-0/a");
  await ask(client, "unit-0/b", true);
});
await report("after calls");
