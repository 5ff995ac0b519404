/**
 * The Mastra stack of the GenAI fixture corpus: a Mastra agent exported through `@mastra/otel-bridge` (with HoneyHive's
 * `mastraStepUsage()` span output processor, as the README sets it up), with the
 * packages of the framework stack `test/frameworks/stacks/mastra` (its pinned versions; `npm ci` there first). The
 * same three calls as every stack: a multi-turn chat with a system prompt (the agent's instructions), a streamed
 * chat, and a tool call (one step, so the fake's tool call is the last round trip).
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mastraStepUsage } from "../../packages/honeyhive/src/integrations/mastra-step-usage";
import type { FixtureCall, StackRun } from "./stacks";

/** Where the Mastra packages are installed. */
export const MASTRA_STACK_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../test/frameworks/stacks/mastra");
const requireStack = createRequire(join(MASTRA_STACK_DIR, "package.json"));

const SYSTEM = "You are a terse assistant.";
const HISTORY = [
  { role: "user" as const, content: "Hi" },
  { role: "assistant" as const, content: "Hello." },
  { role: "user" as const, content: "Name a colour" },
];

/** Runs the three calls with the bridge reporting to `run.provider`. */
export async function mastraCalls(run: StackRun): Promise<FixtureCall[]> {
  const { Mastra } = requireStack("@mastra/core");
  const { Agent } = requireStack("@mastra/core/agent");
  const { createTool } = requireStack("@mastra/core/tools");
  const { Observability } = requireStack("@mastra/observability");
  const { OtelBridge } = requireStack("@mastra/otel-bridge");
  const { createOpenAI } = requireStack("@ai-sdk/openai");
  const { z } = requireStack("zod");
  const model = createOpenAI({ baseURL: `${run.baseURL}/v1`, apiKey: "sk-fixture" }).chat("gpt-4o-mini");
  const getWeather = createTool({ id: "get_weather", description: "Weather of a city", inputSchema: z.object({ city: z.string() }), execute: async () => ({ weather: "sunny" }) });
  const assistant = new Agent({ id: "assistant", name: "assistant", instructions: SYSTEM, model });
  const forecaster = new Agent({ id: "forecaster", name: "forecaster", instructions: SYSTEM, model, tools: { get_weather: getWeather } });
  const bridge = new OtelBridge({ tracerProvider: run.provider });
  const mastra = new Mastra({ agents: { assistant, forecaster }, logger: false, observability: new Observability({ configs: { default: { serviceName: "fixture", bridge, spanOutputProcessors: [mastraStepUsage()] } } }) });
  const chat = mastra.getAgent("assistant");
  await chat.generate(HISTORY, { modelSettings: { temperature: 0.2, maxOutputTokens: 64 } });
  const stream = await chat.stream("Stream a colour");
  for await (const part of stream.textStream) void part;
  await mastra.getAgent("forecaster").generate("Weather in Paris?", { maxSteps: 1 });
  await new Promise((resolve) => setTimeout(resolve, 50)); // the bridge ends its spans asynchronously
  return [{ call: "chat", streamed: false }, { call: "stream", streamed: true }, { call: "tool", streamed: false }];
}
