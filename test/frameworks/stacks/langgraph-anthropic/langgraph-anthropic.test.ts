/**
 * Issue 47, requirement 2: LangGraph's `createReactAgent` with `ChatAnthropic` (content-block replies), traced by
 * OpenInference's LangChain instrumentation as the README's LangChain setup does, under `evaluate()` (20 datapoints,
 * 10 at a time) against the fake Anthropic server: per datapoint the agent invoked and streamed, each run a tool-call
 * turn (a text block + a `tool_use` block) and an answer turn — 80 LLM calls, each one model event in its own
 * datapoint's session, with its reply's text and tool calls (the instrumentation flattens only the role of a
 * content-block message: read from the run's own record, semconv/genai/langchain-messages.ts) and its tokens.
 */
import { describe, it } from "vitest";
import { expectDiagnosisClean } from "../../provider-stack";
import { withAgentStack } from "./agent-stack";
import { expectWholeModelEvents } from "./whole-model-events";

const stack = withAgentStack("langgraph-anthropic", import.meta.url, "none");

describe("LangGraph + ChatAnthropic + OpenInference LangChain, evaluate() 20 datapoints x maxWorkers 10", () => {
  it("80 LLM calls -> 80 model events, each with its reply's text and tool calls and its tokens", () => {
    expectWholeModelEvents(stack.report, stack.row);
  });

  it("diagnose(): no problem, the instrumentation's spans counted", async () => {
    await expectDiagnosisClean("@arizeai/openinference-instrumentation-langchain");
  });
});
