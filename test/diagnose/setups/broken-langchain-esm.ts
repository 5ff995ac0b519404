// Broken: the README's LangChain setup without `manuallyInstrument(CallbackManagerModule)` (ESM): LangChain's module
// is imported before the instrumentation is enabled, and its require hook never sees it. The fix must name
// LangChain's module, not OpenAI's.
import { LangChainInstrumentation } from "@arizeai/openinference-instrumentation-langchain";
import { ChatOpenAI } from "@langchain/openai";
import { report, setupTracer, withFakeOpenAI } from "./report";

const tracer = setupTracer({ instrumentations: [new LangChainInstrumentation()] });
await withFakeOpenAI(tracer, async (baseURL) => {
  await new ChatOpenAI({ model: "gpt-test", apiKey: "sk-test", configuration: { baseURL }, maxRetries: 0 }).invoke("unit-0/a");
});
await report("after calls");
