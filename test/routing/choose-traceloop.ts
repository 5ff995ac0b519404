/**
 * Makes OpenLLMetry's (Traceloop's) OpenAI instrumentation the application's choice in this process: registered
 * through `instrumentations`, so `instrumentModules: { openAI }` patches with it (otherwise the SDK prefers
 * OpenInference's, also installed here). For the tests of that instrumentation's route.
 */
import { OpenAIInstrumentation } from "@traceloop/instrumentation-openai";
import { createTestTracer } from "../../packages/honeyhive/src/testing";

/** Registers it; returns it (its require hook is on: `disable()` it when the test loads the CommonJS `openai` for another instrumentation). */
export function chooseTraceloopForOpenAI(): OpenAIInstrumentation {
  const instrumentation = new OpenAIInstrumentation();
  createTestTracer({ instrumentations: [instrumentation] });
  return instrumentation;
}
