/**
 * The ai 7 stack of the GenAI step corpus (scripts/genai-fixtures/step-stacks.ts), in this folder so that `ai`,
 * `@ai-sdk/otel` and `@ai-sdk/openai` resolve from its own node_modules (ai 7 is ESM-only). Two two-step tool loops
 * with generateText (a tool that returns an object, then one that returns a string: the AI SDK records both as JSON
 * text) and a streamed answer, traced by @ai-sdk/otel's OpenTelemetry integration.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { OpenTelemetry } from "@ai-sdk/otel";
import { generateText, jsonSchema, registerTelemetry, stepCountIs, streamText, tool } from "ai";

const WEATHER_SCHEMA = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };

/** Runs the calls against the fake at `baseURL`, reporting to `tracer`. */
export async function runAi7(baseURL, tracer) {
  registerTelemetry(new OpenTelemetry({ tracer }));
  const model = createOpenAI({ baseURL: `${baseURL}/v1`, apiKey: "sk-fixture" }).chat("gpt-4o-mini");
  const getWeather = tool({
    description: "Weather of a city",
    inputSchema: jsonSchema(WEATHER_SCHEMA),
    execute: async ({ city }) => ({ forecast: `Sunny in ${city}` }),
  });
  const getSummary = tool({
    description: "Weather of a city, in words",
    inputSchema: jsonSchema(WEATHER_SCHEMA),
    execute: async ({ city }) => `Sunny in ${city}, 21C`,
  });
  await generateText({ model, prompt: "Weather in Paris?", tools: { get_weather: getWeather }, stopWhen: stepCountIs(3) });
  await generateText({ model, prompt: "Summary for Paris?", tools: { get_summary: getSummary }, stopWhen: stepCountIs(3) });
  const streamed = streamText({ model, prompt: "Stream a colour" });
  for await (const part of streamed.textStream) void part;
}
