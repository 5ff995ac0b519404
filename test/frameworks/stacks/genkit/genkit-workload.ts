/**
 * The genkit stack's app, shared by its setups: a Genkit instance with the OpenAI-compatible plugin
 * (`@genkit-ai/compat-oai`) and the Google plugin (`@genkit-ai/google-genai`), and one tool. Per datapoint, through
 * the OpenAI plugin, `a` `generate`, `b` `generateStream`, `d` `generateStream` with the tool (the tool-call turn and
 * the answer: two LLM calls); through the Google plugin, `c` `generate` and `e` `generateStream`: 6 LLM calls. The
 * plugins keep the endpoints a user has (`api.openai.com`, `generativelanguage.googleapis.com`); the test's `fetch`
 * carries them to the fakes (given to the OpenAI plugin's client, whose `openai` 4 does not take the global one).
 */
import { genkit, z } from "genkit";
import { openAI } from "@genkit-ai/compat-oai/openai";
import { googleAI } from "@genkit-ai/google-genai";
import { afterAll, beforeAll } from "vitest";
import { unitMark } from "../../../routing/routing-check";
import { type FakeGemini, startFakeGemini } from "../../../helpers/fake-gemini-server";
import type { FakeOpenAI } from "../../../helpers/fake-openai-server";

/** The calls' tags, the streamed ones, and the LLM calls per tag (the tool loop's two turns). */
export const GENKIT_SHAPE = { tags: ["a", "b", "c", "d", "e"], callsPerTag: { d: 2 } } as const;
export const STREAMED_TAGS = ["b", "d", "e"] as const;

const OPENAI = "https://api.openai.com";
const GEMINI = "https://generativelanguage.googleapis.com";
const originalFetch = globalThis.fetch;
let gemini: FakeGemini;

/** Registers the file's Gemini fake (started before, closed after its tests) and restores the global fetch after them. */
export function withGeminiFake(): void {
  beforeAll(async () => {
    gemini = await startFakeGemini();
  });
  afterAll(async () => {
    globalThis.fetch = originalFetch;
    await gemini.close();
  });
}

/** Carries the plugins' requests to the fakes (each plugin's client takes the global fetch). */
function redirectProviders(openai: FakeOpenAI): void {
  globalThis.fetch = (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(OPENAI)) return originalFetch(`${openai.url}${url.slice(OPENAI.length)}`, init);
    if (url.startsWith(GEMINI)) return originalFetch(`${gemini.url}${url.slice(GEMINI.length)}`, init);
    return originalFetch(input, init);
  };
}

/**
 * Datapoint `i`'s calls through a Genkit instance whose plugins reach the fakes: all five tags, or with `plainOnly`
 * the two `generate` calls (`a`, `c`).
 */
export function genkitCalls(openai: FakeOpenAI, { plainOnly = false } = {}) {
  redirectProviders(openai);
  const ai = genkit({ plugins: [openAI({ apiKey: "sk-test", fetch: globalThis.fetch }), googleAI({ apiKey: "test-key" })] });
  const gpt = openAI.model("gpt-4o-mini");
  const flash = googleAI.model("gemini-2.5-flash");
  const weather = ai.defineTool(
    { name: "get_weather", description: "The weather of a city.", inputSchema: z.object({ city: z.string() }), outputSchema: z.string() },
    async () => "sunny",
  );
  const streamed = async (options: Parameters<typeof ai.generateStream>[0]): Promise<string> => {
    const { stream, response } = ai.generateStream(options);
    let text = "";
    for await (const chunk of stream) text += chunk.text;
    await response;
    return text;
  };
  return async (unit: number): Promise<string[]> => {
    const ask = (tag: string) => `${unitMark(unit)}${tag}`;
    const a = (await ai.generate({ model: gpt, prompt: ask("a") })).text;
    const b = plainOnly ? "" : await streamed({ model: gpt, prompt: ask("b") });
    const c = (await ai.generate({ model: flash, prompt: ask("c") })).text;
    if (plainOnly) return [a, c];
    const { stream, response } = ai.generateStream({ model: gpt, prompt: ask("d"), tools: [weather] });
    for await (const _chunk of stream) void _chunk;
    const d = (await response).text;
    const e = await streamed({ model: flash, prompt: ask("e") });
    return [a, b, c, d, e];
  };
}

