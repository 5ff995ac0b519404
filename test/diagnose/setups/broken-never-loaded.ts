// Broken: an instrumentation for a library this process never loads (the app calls the API another way).
import { AnthropicInstrumentation } from "@arizeai/openinference-instrumentation-anthropic";
import { report, setupTracer } from "./report";

setupTracer({ instrumentations: [new AnthropicInstrumentation()] });
await report("nothing loaded");
