// Broken: ESM `import OpenAI` runs before the tracer enables the instrumentation; its require hook never sees it.
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import OpenAI from "openai";
import { ask } from "../../routing/openai-workload";
import { report, setupTracer, withFakeOpenAI } from "./report";

const tracer = setupTracer({ instrumentations: [new OpenAIInstrumentation()] });
await withFakeOpenAI(tracer, (baseURL) => ask(new OpenAI({ baseURL, apiKey: "sk-test", maxRetries: 0 }), "unit-0/a"));
await report("after calls");
