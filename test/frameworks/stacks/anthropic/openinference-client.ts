/**
 * The anthropic stack's setup, as `npm install @anthropic-ai/sdk @arizeai/openinference-instrumentation-anthropic`
 * gives it: the instrumentation given to the tracer, then `manuallyInstrument(Anthropic)` (ES module); returns a client
 * of the loopback fake at `url`.
 */
import { AnthropicInstrumentation } from "@arizeai/openinference-instrumentation-anthropic";
import * as AnthropicModule from "@anthropic-ai/sdk";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";

/** The instrumented client (the test tracer created with the instrumentation). */
export function instrumentedAnthropic(url: string): AnthropicModule.Anthropic {
  const instrumentation = new AnthropicInstrumentation();
  createTestTracer({ instrumentations: [instrumentation] });
  instrumentation.manuallyInstrument(AnthropicModule.Anthropic);
  return new AnthropicModule.Anthropic({ baseURL: url, apiKey: "sk-ant-test", maxRetries: 0 });
}
