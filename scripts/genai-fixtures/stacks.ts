/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies, OTLP JSON and CommonJS-loaded packages are walked untyped */
/**
 * The LLM stacks of the fixture corpus: for each, the packages it exercises, the dialect it speaks and the calls
 * it makes (the same three everywhere: a multi-turn chat with a system prompt, a streamed chat, a tool call).
 * Packages are loaded as CommonJS (`require`) so that an instrumentation's `manuallyInstrument` patches the very
 * module object the client is built from.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { ANTHROPIC_MODEL } from "./fake-providers";
import { MASTRA_STACK_DIR, mastraCalls } from "./mastra-stack";

const require = createRequire(import.meta.url);

/** What a stack gets: the tracer provider to report to and the fakes' base URL. */
export interface StackRun {
  provider: BasicTracerProvider;
  baseURL: string;
}

/** One call a stack made, in order (the conformance tests match spans to calls by this list). */
export interface FixtureCall {
  call: "chat" | "stream" | "tool";
  streamed: boolean;
}

/** A stack of the corpus. */
export interface Stack {
  name: string;
  dialect: string;
  packages: string[];
  /** Where `packages` are installed, when not at the repository root (a framework stack's own folder). */
  packagesDir?: string;
  run(run: StackRun): Promise<FixtureCall[]>;
}

const SYSTEM = "You are a terse assistant.";
const HISTORY = [
  { role: "user" as const, content: "Hi" },
  { role: "assistant" as const, content: "Hello." },
  { role: "user" as const, content: "Name a colour" },
];
const CALLS: FixtureCall[] = [{ call: "chat", streamed: false }, { call: "stream", streamed: true }, { call: "tool", streamed: false }];
const WEATHER_SCHEMA = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };

interface Instrumentation {
  setTracerProvider(provider: unknown): void;
  manuallyInstrument(module: unknown): void;
  enable?(): void;
}

function instrument(instrumentation: Instrumentation, provider: BasicTracerProvider, module: unknown): void {
  instrumentation.setTracerProvider(provider);
  instrumentation.manuallyInstrument(module);
}

async function openaiCalls(baseURL: string, openaiModule: any): Promise<FixtureCall[]> {
  const client = new openaiModule.OpenAI({ baseURL: `${baseURL}/v1`, apiKey: "sk-fixture" });
  await client.chat.completions.create({ model: "gpt-4o-mini", temperature: 0.2, max_tokens: 64, messages: [{ role: "system", content: SYSTEM }, ...HISTORY] });
  const stream = await client.chat.completions.create({
    model: "gpt-4o-mini", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "Stream a colour" }],
  });
  for await (const chunk of stream) void chunk;
  await client.chat.completions.create({
    model: "gpt-4o-mini", messages: [{ role: "user", content: "Weather in Paris?" }],
    tools: [{ type: "function", function: { name: "get_weather", description: "Weather of a city", parameters: WEATHER_SCHEMA } }],
  });
  return CALLS;
}

async function anthropicCalls(client: any): Promise<FixtureCall[]> {
  await client.messages.create({ model: ANTHROPIC_MODEL, max_tokens: 64, temperature: 0.2, system: SYSTEM, messages: HISTORY });
  const stream = await client.messages.create({ model: ANTHROPIC_MODEL, max_tokens: 64, stream: true, messages: [{ role: "user", content: "Stream a colour" }] });
  for await (const event of stream) void event;
  await client.messages.create({
    model: ANTHROPIC_MODEL, max_tokens: 64, messages: [{ role: "user", content: "Weather in Paris?" }],
    tools: [{ name: "get_weather", description: "Weather of a city", input_schema: WEATHER_SCHEMA }],
  });
  return CALLS;
}

function anthropicClient(baseURL: string, openTelemetry: unknown): any {
  const Anthropic = require("@anthropic-ai/sdk").default;
  return new Anthropic({ baseURL, apiKey: "sk-ant-fixture", maxRetries: 0, openTelemetry });
}

async function langchainCalls(baseURL: string): Promise<FixtureCall[]> {
  const { ChatOpenAI } = require("@langchain/openai");
  const { SystemMessage, HumanMessage, AIMessage } = require("@langchain/core/messages");
  const chat = new ChatOpenAI({ model: "gpt-4o-mini", temperature: 0.2, maxTokens: 64, apiKey: "sk-fixture", configuration: { baseURL: `${baseURL}/v1` } });
  await chat.invoke([new SystemMessage(SYSTEM), new HumanMessage("Hi"), new AIMessage("Hello."), new HumanMessage("Name a colour")]);
  for await (const chunk of await chat.stream("Stream a colour")) void chunk;
  const withTools = chat.bindTools([{ type: "function", function: { name: "get_weather", description: "Weather of a city", parameters: WEATHER_SCHEMA } }]);
  await withTools.invoke("Weather in Paris?");
  return CALLS;
}

async function vercelCalls(run: StackRun): Promise<FixtureCall[]> {
  const { createOpenAI } = require("@ai-sdk/openai");
  const { generateText, streamText, jsonSchema, tool } = require("ai");
  const model = createOpenAI({ baseURL: `${run.baseURL}/v1`, apiKey: "sk-fixture" }).chat("gpt-4o-mini");
  const telemetry = { isEnabled: true, tracer: run.provider.getTracer("ai") };
  await generateText({ model, system: SYSTEM, messages: HISTORY, temperature: 0.2, maxOutputTokens: 64, experimental_telemetry: telemetry });
  const streamed = streamText({ model, prompt: "Stream a colour", experimental_telemetry: telemetry });
  for await (const part of streamed.textStream) void part;
  await generateText({
    model, prompt: "Weather in Paris?", experimental_telemetry: telemetry,
    tools: { get_weather: tool({ description: "Weather of a city", inputSchema: jsonSchema(WEATHER_SCHEMA) }) },
  });
  return CALLS;
}

/** Every stack, by name. */
export const STACKS: readonly Stack[] = [
  {
    name: "openinference-openai", dialect: "openinference", packages: ["openai", "@arizeai/openinference-instrumentation-openai"],
    run: ({ provider, baseURL }) => {
      const module = require("openai");
      const { OpenAIInstrumentation } = require("@arizeai/openinference-instrumentation-openai");
      instrument(new OpenAIInstrumentation(), provider, module);
      return openaiCalls(baseURL, module);
    },
  },
  {
    name: "openinference-anthropic", dialect: "openinference", packages: ["@anthropic-ai/sdk", "@arizeai/openinference-instrumentation-anthropic"],
    run: ({ provider, baseURL }) => {
      const { AnthropicInstrumentation } = require("@arizeai/openinference-instrumentation-anthropic");
      instrument(new AnthropicInstrumentation(), provider, require("@anthropic-ai/sdk"));
      return anthropicCalls(anthropicClient(baseURL, false));
    },
  },
  {
    name: "openinference-langchain", dialect: "openinference", packages: ["@langchain/openai", "@langchain/core", "@arizeai/openinference-instrumentation-langchain"],
    run: ({ provider, baseURL }) => {
      const { LangChainInstrumentation } = require("@arizeai/openinference-instrumentation-langchain");
      instrument(new LangChainInstrumentation(), provider, require("@langchain/core/callbacks/manager"));
      return langchainCalls(baseURL);
    },
  },
  {
    name: "openllmetry-openai", dialect: "openllmetry", packages: ["openai", "@traceloop/instrumentation-openai"],
    run: ({ provider, baseURL }) => {
      const module = require("openai");
      const { OpenAIInstrumentation } = require("@traceloop/instrumentation-openai");
      instrument(new OpenAIInstrumentation({ enrichTokens: false }), provider, module.OpenAI);
      return openaiCalls(baseURL, module);
    },
  },
  {
    name: "openllmetry-anthropic", dialect: "openllmetry", packages: ["@anthropic-ai/sdk", "@traceloop/instrumentation-anthropic"],
    run: ({ provider, baseURL }) => {
      const sdk = require("@anthropic-ai/sdk");
      const { AnthropicInstrumentation } = require("@traceloop/instrumentation-anthropic");
      // 0.27.0 cannot patch @anthropic-ai/sdk 1.x on its own: it wraps `Anthropic.Completions`, which 1.x no longer
      // has, and throws. The shim gives it a stand-in for that one class and the real Messages classes, so the
      // spans below are the ones it emits for Messages.create once patched (documented in the README).
      const shim = { APIPromise: sdk.APIPromise, Anthropic: { Completions: class { create(): void {} }, Messages: sdk.Anthropic.Messages, Beta: sdk.Anthropic.Beta } };
      instrument(new AnthropicInstrumentation({ enabled: false }), provider, shim);
      return anthropicCalls(anthropicClient(baseURL, false));
    },
  },
  {
    name: "vercel-ai", dialect: "vercel-ai", packages: ["ai", "@ai-sdk/openai"],
    run: (run) => vercelCalls(run),
  },
  {
    name: "mastra", dialect: "mastra", packages: ["@mastra/core", "@mastra/observability", "@mastra/otel-bridge", "@ai-sdk/openai"], packagesDir: MASTRA_STACK_DIR,
    run: (run) => mastraCalls(run),
  },
  {
    name: "anthropic-sdk", dialect: "otel-genai", packages: ["@anthropic-ai/sdk"],
    run: ({ provider, baseURL }) => anthropicCalls(anthropicClient(baseURL, { tracerProvider: provider, traces: { contentMode: "content" } })),
  },
];

/** False for a stack whose packages live in a framework stack's folder that is not installed yet (`npm ci` there). */
export function stackInstalled(stack: Stack): boolean {
  return stack.packagesDir === undefined || stack.packages.every((p) => existsSync(join(stack.packagesDir!, "node_modules", p, "package.json")));
}
