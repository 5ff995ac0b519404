/**
 * Issue 47, requirement 3, with OpenInference's Anthropic instrumentation registered by hand beside its LangChain one
 * (`instrumentations` + `manuallyInstrument`, as its README sets them up). It records Anthropic's tool result as a
 * `user` message with the call's id (`llm.input_messages.<n>.message.tool_call_id`) where the LangChain run has a
 * `tool` message: still one call. 80 calls -> 80 model events, each twin a chain linked to its call's model event.
 */
import { AnthropicInstrumentation } from "@arizeai/openinference-instrumentation-anthropic";
import { LangChainInstrumentation } from "@arizeai/openinference-instrumentation-langchain";
import * as AnthropicModule from "@anthropic-ai/sdk";
import * as CallbackManagerModule from "@langchain/core/callbacks/manager";
import { describe, it } from "vitest";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { startFakeAnthropic } from "../../../helpers/fake-anthropic-server";
import { expectDiagnosisClean, withProviderStack } from "../../provider-stack";
import { agentCalls, bindStackCallbackQueue, CALLS_PER_RUN, createAgent } from "./langgraph-anthropic-shared";
import { expectTwinsLinked, expectWholeModelEvents } from "./whole-model-events";

const stack = withProviderStack({
  stack: "langgraph-anthropic+openinference",
  testUrl: import.meta.url,
  startFake: startFakeAnthropic,
  fromStackDir: true,
  captureLogs: false,
  run: (fake, backend) => {
    bindStackCallbackQueue();
    const langchain = new LangChainInstrumentation();
    const anthropic = new AnthropicInstrumentation();
    createTestTracer({ instrumentations: [langchain, anthropic] });
    langchain.manuallyInstrument(CallbackManagerModule);
    anthropic.manuallyInstrument(AnthropicModule.Anthropic);
    const agent = createAgent(fake.url);
    return backend.evaluate("langgraph-anthropic-openinference", (i) => agentCalls(agent, i), undefined, { callsPerTag: { a: CALLS_PER_RUN, b: CALLS_PER_RUN } });
  },
});

describe("LangGraph + ChatAnthropic + OpenInference LangChain + OpenInference Anthropic, evaluate() 20 x 10", () => {
  it("80 calls reported twice -> 80 model events (LangChain's runs, replies whole), each twin a linked chain", () => {
    expectWholeModelEvents(stack.report, stack.row, true);
    expectTwinsLinked(stack.report);
  });

  it("diagnose(): no problem, both instrumentations' spans counted", async () => {
    await expectDiagnosisClean("@arizeai/openinference-instrumentation-langchain");
    await expectDiagnosisClean("@arizeai/openinference-instrumentation-anthropic");
  });
});
