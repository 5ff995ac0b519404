// Broken: OpenLLMetry's OpenAI instrumentation patched the client before the tracer existed (its `manuallyInstrument`
// called first, then the instrumentation given to HoneyHive): the SDK could not put its promise guard around the
// wrapper, so `chat.completions.stream()` throws. diagnose() names the known-broken combination and the fix.
import { OpenAIInstrumentation } from "@traceloop/instrumentation-openai";
import { OpenAI } from "openai";
import { runOpenAIHelpers } from "../../routing/openai-helpers";
import { report, setupTracer, withFakeOpenAI } from "./report";

const traceloop = new OpenAIInstrumentation();
traceloop.manuallyInstrument(OpenAI as never);
const tracer = setupTracer({ instrumentations: [traceloop] });
let stream = "";
await withFakeOpenAI(tracer, async (baseURL) => {
  const outcomes = await runOpenAIHelpers(new OpenAI({ baseURL, apiKey: "sk-test", maxRetries: 0 }));
  stream = outcomes.find((o) => o.helper === "chat.completions.stream")!.result;
});
await report(`stream helper: ${stream}`);
