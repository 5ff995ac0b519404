/**
 * The LangChain stack of the evaluate() tests: OpenInference's LangChain instrumentation registered through a test
 * tracer and applied to LangChain's callback manager, and a ChatOpenAI model against a loopback fake of OpenAI.
 */
import { LangChainInstrumentation } from "@arizeai/openinference-instrumentation-langchain";
import * as CallbackManagerModule from "@langchain/core/callbacks/manager";
import { ChatOpenAI } from "@langchain/openai";
import { createTestTracer } from "../../packages/honeyhive/src/testing";

/** Instruments LangChain (process-wide) and returns a `gpt-test` model calling `fakeUrl`. */
export function instrumentedLangChainModel(fakeUrl: string): ChatOpenAI {
  const instrumentation = new LangChainInstrumentation();
  createTestTracer({ instrumentations: [instrumentation] });
  instrumentation.manuallyInstrument(CallbackManagerModule);
  return new ChatOpenAI({ model: "gpt-test", apiKey: "sk-test", configuration: { baseURL: `${fakeUrl}/v1` }, maxRetries: 0 });
}
