/**
 * Issue 23, requirement 7: OpenInference's OpenAI instrumentation (4.x) records no token counts for a streamed chat
 * completion although the server sent the usage chunk (`stream_options.include_usage`): its chunk loop skips every
 * chunk without choices, and the usage chunk has none; nor does it record the first chunk. The SDK's stream
 * observer (integrations/provider-stream-usage.ts, applied by `instrumentModules` to the `openai` module it patches)
 * sets them on the instrumentation's span. Here: the README's setup (`instrumentations: [new OpenAIInstrumentation()]`,
 * then a CommonJS `require("openai")` that the instrumentation's require hook patches), under evaluate().
 */
import { describe, it } from "vitest";
import { expectStreamedUsage, streamedUsageCalls } from "./openai-stream-usage";
import { useOpenInferenceOpenAIStack } from "./openinference-openai-stack";

const stack = useOpenInferenceOpenAIStack();

describe("OpenAI + OpenInference, streamed with include_usage, evaluate() 20 datapoints x maxWorkers 10", () => {
  it("40 calls -> 40 model events with tokens and cost; the 20 streamed ones with a time to first token", async () => {
    expectStreamedUsage(await stack.backend.evaluate("openai-openinference-stream-usage", (i) => streamedUsageCalls(stack.client, i)));
  });
});
