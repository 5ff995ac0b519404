// Broken: the app registers OpenInference's OpenAI instrumentation and patches its own `openai` itself
// (`manuallyInstrument`, the ESM route), while @langchain/openai calls through its own nested copy
// (node_modules/@langchain/openai/node_modules/openai, another major), which nothing patches: its calls record
// nothing. Then fixed as diagnose() says: the module given to `instrumentModules`, which patches every installed
// copy with the instrumentation package the app registered (the app's own copy, already patched by hand, is left as it is); under tsx the nested ES module copy is patched
// once its import() resolves, which diagnose() waits for (and this script too, before its next call).
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import { ChatOpenAI } from "@langchain/openai";
import * as openai from "openai";
import { whenProviderCopiesSettled } from "../../../packages/honeyhive/src/integrations/provider-copy-states";
import { report, setupTracer, withFakeOpenAI } from "./report";

const instrumentation = new OpenAIInstrumentation();
const tracer = setupTracer({ instrumentations: [instrumentation] });
instrumentation.manuallyInstrument(openai as unknown as Parameters<typeof instrumentation.manuallyInstrument>[0]); // its types name the class; it patches the module's OpenAI

async function callThroughLangChain(prompt: string): Promise<void> {
  await withFakeOpenAI(tracer, async (baseURL) => {
    const model = new ChatOpenAI({ model: "gpt-test", apiKey: "sk-test", configuration: { baseURL }, maxRetries: 0 });
    await model.invoke(prompt);
  });
}

await callThroughLangChain("unit-0/a");
await report("framework's copy unpatched");
setupTracer({ setAsDefault: false, instrumentModules: { openAI: openai.OpenAI } });
await report("instrumentModules: every copy patched");
await whenProviderCopiesSettled(60_000);
await callThroughLangChain("unit-0/b");
await report("a call through the framework's copy");
