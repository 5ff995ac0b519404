/**
 * Issue 23 req 5: Google GenAI (`@google/genai` 3) required as CommonJS (`require("@google/genai")`: its own copy of the classes, distinct from the ESM build's), traced by the SDK's own instrumentation through
 * `instrumentModules: { googleGenAI: genai }`, under `evaluate()` (20 datapoints, 10 at a time) against the
 * loopback Gemini fake: generateContent and generateContentStream per datapoint, 40 LLM calls.
 */
import { createRequire } from "node:module";
import type { GoogleGenAIModule } from "../../google-genai-workload";
import { googleGenAIStackTests } from "../../google-genai-stack";

const genai = createRequire(import.meta.url)("@google/genai") as GoogleGenAIModule & { Models: unknown };
googleGenAIStackTests("cjs", genai, import.meta.url);
