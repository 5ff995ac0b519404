/**
 * Issue 23 req 5: Google GenAI (`@google/genai` 3) imported as ESM (`import * as genai from "@google/genai"`: a namespace whose exports cannot be redefined, where OpenLLMetry's `manuallyInstrument` throws), traced by the SDK's own instrumentation through
 * `instrumentModules: { googleGenAI: genai }`, under `evaluate()` (20 datapoints, 10 at a time) against the
 * loopback Gemini fake: generateContent and generateContentStream per datapoint, 40 LLM calls.
 */
import * as genai from "@google/genai";
import type { GoogleGenAIModule } from "../../google-genai-workload";
import { googleGenAIStackTests } from "../../google-genai-stack";

googleGenAIStackTests("esm", genai as unknown as GoogleGenAIModule, import.meta.url);
