/**
 * The lifecycle of the stack's three setups (withProviderStack): LangChain's instrumentation, plus none, an Anthropic
 * client instrumentation through `instrumentModules: { anthropic }`, or OpenInference's Anthropic instrumentation
 * registered by hand (`instrumentations` + `manuallyInstrument`); then the agent's evaluation.
 */
import { AnthropicInstrumentation } from "@arizeai/openinference-instrumentation-anthropic";
import { LangChainInstrumentation } from "@arizeai/openinference-instrumentation-langchain";
import * as AnthropicModule from "@anthropic-ai/sdk";
import * as CallbackManagerModule from "@langchain/core/callbacks/manager";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { type FakeAnthropic, startFakeAnthropic } from "../../../helpers/fake-anthropic-server";
import { type ProviderStack, withProviderStack } from "../../provider-stack";
import { agentCalls, bindStackCallbackQueue, CALLS_PER_RUN, createAgent } from "./langgraph-anthropic-shared";

/** The Anthropic client instrumentation a setup adds beside LangChain's. */
export type ClientInstrumentation = "none" | "instrumentModules" | "openinference";

/** Registers the file's lifecycle for the stack `stack` (its row's name) with `client`'s setup. */
export function withAgentStack(stack: string, testUrl: string, client: ClientInstrumentation): ProviderStack<FakeAnthropic> {
  return withProviderStack({
    stack, testUrl, startFake: startFakeAnthropic, fromStackDir: true, captureLogs: client === "instrumentModules",
    run: (fake, backend) => {
      bindStackCallbackQueue();
      const langchain = new LangChainInstrumentation();
      const anthropic = client === "openinference" ? new AnthropicInstrumentation() : undefined;
      createTestTracer({ instrumentations: anthropic === undefined ? [langchain] : [langchain, anthropic] });
      langchain.manuallyInstrument(CallbackManagerModule);
      anthropic?.manuallyInstrument(AnthropicModule.Anthropic);
      const agent = createAgent(fake.url);
      const modules = client === "instrumentModules" ? { anthropic: AnthropicModule } : undefined;
      return backend.evaluate(stack, (i) => agentCalls(agent, i), modules, { callsPerTag: { a: CALLS_PER_RUN, b: CALLS_PER_RUN } });
    },
  });
}
