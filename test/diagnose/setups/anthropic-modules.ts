// Working: `instrumentModules: { anthropic: Anthropic }` (Traceloop's 0.27 cannot patch @anthropic-ai/sdk 1.x, so OpenInference's is used).
import Anthropic from "@anthropic-ai/sdk";
import { anthropicCalls } from "../../routing/anthropic-workload";
import { report, setupTracer, withFakeAnthropic } from "./report";

const tracer = setupTracer({ instrumentModules: { anthropic: Anthropic } });
await report("before calls");
await withFakeAnthropic(tracer, (baseURL) => anthropicCalls(new Anthropic({ baseURL, apiKey: "sk-test", maxRetries: 0 }), 0));
await report("after calls");
