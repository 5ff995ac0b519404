// Working: the README's Anthropic setup for ESM: OpenInference's instrumentation registered, then `manuallyInstrument(Anthropic)`.
import { AnthropicInstrumentation } from "@arizeai/openinference-instrumentation-anthropic";
import Anthropic from "@anthropic-ai/sdk";
import { anthropicCalls } from "../../routing/anthropic-workload";
import { report, setupTracer, withFakeAnthropic } from "./report";

const instrumentation = new AnthropicInstrumentation();
const tracer = setupTracer({ instrumentations: [instrumentation] });
instrumentation.manuallyInstrument(Anthropic);
await report("before calls");
await withFakeAnthropic(tracer, (baseURL) => anthropicCalls(new Anthropic({ baseURL, apiKey: "sk-test", maxRetries: 0 }), 0));
await report("after calls");
