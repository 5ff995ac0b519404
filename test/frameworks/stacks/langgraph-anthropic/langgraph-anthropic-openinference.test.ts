/**
 * Issue 47, requirement 3, with OpenInference's Anthropic instrumentation registered by hand beside its LangChain one
 * (`instrumentations` + `manuallyInstrument`, as its README sets them up). It records Anthropic's tool result as a
 * `user` message with the call's id (`llm.input_messages.<n>.message.tool_call_id`) where the LangChain run has a
 * `tool` message: still one call. 80 calls -> 80 model events, each twin a chain linked to its call's model event.
 */
import { describe, it } from "vitest";
import { expectDiagnosisClean } from "../../provider-stack";
import { withAgentStack } from "./agent-stack";
import { expectTwinsLinked, expectWholeModelEvents } from "./whole-model-events";

const stack = withAgentStack("langgraph-anthropic+openinference", import.meta.url, "openinference");

describe("LangGraph + ChatAnthropic + OpenInference LangChain + OpenInference Anthropic, evaluate() 20 x 10", () => {
  it("80 calls reported twice -> 80 model events (LangChain's runs, replies whole), each twin a linked chain", () => {
    expectWholeModelEvents(stack.report, stack.row);
    expectTwinsLinked(stack.report);
  });

  it("diagnose(): no problem, both instrumentations' spans counted", async () => {
    await expectDiagnosisClean("@arizeai/openinference-instrumentation-langchain");
    await expectDiagnosisClean("@arizeai/openinference-instrumentation-anthropic");
  });
});
