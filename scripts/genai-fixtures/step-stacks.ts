/* eslint-disable @typescript-eslint/no-explicit-any -- CommonJS-loaded packages are walked untyped */
/**
 * The step stacks of the GenAI fixture corpus: agent-style runs whose tool, chain and agent spans must reach
 * HoneyHive with their inputs and outputs (test/fixtures/genai/steps/). Each runs a tool loop (the model asks for
 * `get_weather`, the tool runs, the model answers) and, where the framework has them, a chain and a streamed call.
 * Packages beyond the root devDependencies (ai 7 + `@ai-sdk/otel`, OpenLLMetry's LangChain instrumentation) come
 * from `scripts/genai-fixtures/extra/` (its own package.json and lock; `npm ci` there first).
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CONVENTIONS_2026_STACK } from "./conventions-2026-stack";
import type { Stack, StackRun } from "./stacks";

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const extraRequire = createRequire(join(HERE, "extra", "package.json"));
const WEATHER_SCHEMA = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };

/** LangChain: a bound-tools model asks for the tool, the tool runs, the model answers; then a two-step chain. */
async function langchainSteps(baseURL: string, load: (id: string) => any): Promise<void> {
  const { ChatOpenAI } = load("@langchain/openai");
  const { HumanMessage } = load("@langchain/core/messages");
  const { tool } = load("@langchain/core/tools");
  const { RunnableLambda, RunnableSequence } = load("@langchain/core/runnables");
  const getWeather = tool(async ({ city }: { city: string }) => `Sunny in ${city}`, { name: "get_weather", description: "Weather of a city", schema: WEATHER_SCHEMA });
  const chat = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "sk-fixture", configuration: { baseURL: `${baseURL}/v1` } }).bindTools([getWeather]);
  const question = new HumanMessage("Weather in Paris?");
  const first = await chat.invoke([question]);
  const result = await getWeather.invoke(first.tool_calls[0]);
  await chat.invoke([question, first, result]);
  const chain = RunnableSequence.from([
    RunnableLambda.from((q: string) => ({ question: q })).withConfig({ runName: "prepare" }),
    RunnableLambda.from(({ question: q }: { question: string }) => q.toUpperCase()).withConfig({ runName: "shout" }),
  ]).withConfig({ runName: "shout_chain" });
  await chain.invoke("hello");
}

/**
 * The AI SDK 6 (`ai.*` telemetry): generateText tool loops with an executed tool (one returns an object, one a string:
 * `ai.toolCall.result` is the JSON text of either), then a streamed answer.
 */
async function vercelSteps(run: StackRun): Promise<void> {
  const { createOpenAI } = require("@ai-sdk/openai");
  const { generateText, jsonSchema, stepCountIs, streamText, tool } = require("ai");
  const model = createOpenAI({ baseURL: `${run.baseURL}/v1`, apiKey: "sk-fixture" }).chat("gpt-4o-mini");
  const telemetry = { isEnabled: true, tracer: run.provider.getTracer("ai") };
  const getWeather = tool({
    description: "Weather of a city", inputSchema: jsonSchema(WEATHER_SCHEMA),
    execute: async ({ city }: { city: string }) => ({ forecast: `Sunny in ${city}` }),
  });
  const getSummary = tool({
    description: "Weather of a city, in words", inputSchema: jsonSchema(WEATHER_SCHEMA),
    execute: async ({ city }: { city: string }) => `Sunny in ${city}, 21C`,
  });
  await generateText({ model, prompt: "Weather in Paris?", tools: { get_weather: getWeather }, stopWhen: stepCountIs(3), experimental_telemetry: telemetry });
  await generateText({ model, prompt: "Summary for Paris?", tools: { get_summary: getSummary }, stopWhen: stepCountIs(3), experimental_telemetry: telemetry });
  const streamed = streamText({ model, prompt: "Stream a colour", experimental_telemetry: telemetry });
  for await (const part of streamed.textStream) void part;
}

/** The step stacks, by name. */
export const STEP_STACKS: readonly Stack[] = [
  {
    name: "openinference-langchain-steps", dialect: "openinference", packages: ["@langchain/core", "@arizeai/openinference-instrumentation-langchain"],
    run: async ({ provider, baseURL }) => {
      const { LangChainInstrumentation } = require("@arizeai/openinference-instrumentation-langchain");
      const instrumentation = new LangChainInstrumentation();
      instrumentation.setTracerProvider(provider);
      instrumentation.manuallyInstrument(require("@langchain/core/callbacks/manager"));
      await langchainSteps(baseURL, require);
      return [];
    },
  },
  {
    name: "openllmetry-langchain-steps", dialect: "openllmetry", packages: ["extra:@langchain/core", "extra:@langchain/openai", "extra:@traceloop/instrumentation-langchain"],
    run: async ({ provider, baseURL }) => {
      const { LangChainInstrumentation } = extraRequire("@traceloop/instrumentation-langchain");
      const instrumentation = new LangChainInstrumentation({ traceContent: true });
      instrumentation.setTracerProvider(provider);
      instrumentation.manuallyInstrument({ callbackManagerModule: extraRequire("@langchain/core/callbacks/manager") });
      await langchainSteps(baseURL, extraRequire);
      return [];
    },
  },
  { name: "vercel-ai-steps", dialect: "vercel-ai", packages: ["ai", "@ai-sdk/openai"], run: async (run) => (await vercelSteps(run), []) },
  {
    name: "ai7-otel-steps", dialect: "otel-genai", packages: ["extra:ai", "extra:@ai-sdk/otel", "extra:@ai-sdk/openai"],
    run: async ({ provider, baseURL }) => {
      const { runAi7 } = await import(pathToFileURL(join(HERE, "extra", "ai7.mjs")).href);
      await runAi7(baseURL, provider.getTracer("gen_ai"));
      return [];
    },
  },
  CONVENTIONS_2026_STACK,
];
