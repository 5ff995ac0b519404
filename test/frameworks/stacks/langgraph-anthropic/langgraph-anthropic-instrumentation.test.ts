/**
 * Issue 47, requirement 3: the LangGraph + ChatAnthropic stack of `langgraph-anthropic.test.ts` with an Anthropic
 * client instrumentation added as `instrumentModules: { anthropic }` does (Traceloop's, first in the SDK's preference
 * order, on the `@anthropic-ai/sdk` copy ChatAnthropic uses). LangChain's LLM run and the client's span report each
 * call twice, neither enclosing the other; in the turn after a tool result Anthropic's request carries the result as
 * a `user` message of `tool_result` blocks where LangChain records a `tool` message — still one call
 * (semconv/sibling-call.ts): 80 calls -> 80 model events, each twin a chain linked to its call's model event.
 */
import { describe, expect, it } from "vitest";
import { expectDiagnosisClean } from "../../provider-stack";
import { withAgentStack } from "./agent-stack";
import { expectTwinsLinked, expectWholeModelEvents } from "./whole-model-events";

const stack = withAgentStack("langgraph-anthropic+modules", import.meta.url, "instrumentModules");

describe("LangGraph + ChatAnthropic + OpenInference LangChain + instrumentModules: { anthropic }, evaluate() 20 x 10", () => {
  it("80 calls reported twice -> 80 model events (LangChain's runs, replies whole), each twin a linked chain", () => {
    expect(stack.sdkLines).not.toContain("was not patched");
    expectWholeModelEvents(stack.report, stack.row);
    expectTwinsLinked(stack.report);
  });

  it("diagnose(): no problem, both instrumentations' spans counted", async () => {
    await expectDiagnosisClean("@arizeai/openinference-instrumentation-langchain");
    await expectDiagnosisClean("@traceloop/instrumentation-anthropic");
  });
});
