// Broken: OpenLLMetry's OpenAI instrumentation 0.27 declares openai ">=4 <7"; the openai that loads is 7.x (the copy
// @langchain/openai ships), so its require hook leaves it alone.
import { createRequire } from "node:module";
import { OpenAIInstrumentation } from "@traceloop/instrumentation-openai";
import { report, setupTracer } from "./report";

setupTracer({ instrumentations: [new OpenAIInstrumentation()] });
createRequire(createRequire(import.meta.url).resolve("@langchain/openai"))("openai");
await report("openai 7 loaded");
