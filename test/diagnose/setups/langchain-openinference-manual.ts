// Working: the README's LangChain setup: OpenInference's LangChain instrumentation, then manuallyInstrument(CallbackManagerModule).
import { LangChainInstrumentation } from "@arizeai/openinference-instrumentation-langchain";
import * as CallbackManagerModule from "@langchain/core/callbacks/manager";
import { ChatOpenAI } from "@langchain/openai";
import { report, setupTracer, withFakeOpenAI } from "./report";

const instrumentation = new LangChainInstrumentation();
const tracer = setupTracer({ instrumentations: [instrumentation] });
instrumentation.manuallyInstrument(CallbackManagerModule);
await report("before calls");
await withFakeOpenAI(tracer, async (baseURL) => {
  const model = new ChatOpenAI({ model: "gpt-test", apiKey: "sk-test", configuration: { baseURL }, maxRetries: 0 });
  await model.invoke("unit-0/a");
  for await (const chunk of await model.stream("unit-0/b")) void chunk;
});
await report("after calls");
