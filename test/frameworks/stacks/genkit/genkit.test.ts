/**
 * Genkit (`genkit`) recorded from its own telemetry, with `instrumentModules: { genkit }` for the time to first token,
 * under `evaluate()` (20 datapoints, 10 at a time) against loopback fakes of the OpenAI and Gemini APIs: per datapoint,
 * through the OpenAI-compatible plugin (`@genkit-ai/compat-oai`), `a` `generate`, `b` `generateStream`, `d`
 * `generateStream` with a tool (the tool-call turn and the answer: two LLM calls); through the Google plugin
 * (`@genkit-ai/google-genai`), `c` `generate` and `e` `generateStream`: 120 LLM calls. The plugins keep the endpoints a
 * user has (`api.openai.com`, `generativelanguage.googleapis.com`); the test's `fetch` carries them to the fakes (given
 * to the OpenAI plugin's client, whose `openai` 4 does not take the global one).
 */
import * as genkitModule from "genkit";
import { genkit, z } from "genkit";
import { openAI } from "@genkit-ai/compat-oai/openai";
import { googleAI } from "@genkit-ai/google-genai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callOf, modelEvents } from "../../../routing/evaluate-stack";
import { unitMark } from "../../../routing/routing-check";
import { type FakeGemini, startFakeGemini } from "../../../helpers/fake-gemini-server";
import { type FakeOpenAI, startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { withProviderStack } from "../../provider-stack";

const OPENAI = "https://api.openai.com";
const GEMINI = "https://generativelanguage.googleapis.com";
const originalFetch = globalThis.fetch;
let gemini: FakeGemini;

beforeAll(async () => {
  gemini = await startFakeGemini();
});
afterAll(async () => {
  globalThis.fetch = originalFetch;
  await gemini.close();
});

/** Carries the plugins' requests to the fakes (each plugin's client takes the global fetch). */
function redirectProviders(openai: FakeOpenAI): void {
  globalThis.fetch = (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(OPENAI)) return originalFetch(`${openai.url}${url.slice(OPENAI.length)}`, init);
    if (url.startsWith(GEMINI)) return originalFetch(`${gemini.url}${url.slice(GEMINI.length)}`, init);
    return originalFetch(input, init);
  };
}

function calls(openai: FakeOpenAI) {
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
    const b = await streamed({ model: gpt, prompt: ask("b") });
    const c = (await ai.generate({ model: flash, prompt: ask("c") })).text;
    const { stream, response } = ai.generateStream({ model: gpt, prompt: ask("d"), tools: [weather] });
    for await (const _chunk of stream) void _chunk;
    const d = (await response).text;
    const e = await streamed({ model: flash, prompt: ask("e") });
    return [a, b, c, d, e];
  };
}

const stack = withProviderStack({
  stack: "genkit",
  testUrl: import.meta.url,
  startFake: () => startFakeOpenAI(),
  fromStackDir: false,
  captureLogs: false,
  streamedTags: ["b", "d", "e"],
  run: (fake, backend) => backend.evaluate("genkit", calls(fake), { genkit: genkitModule }, { tags: ["a", "b", "c", "d", "e"], callsPerTag: { d: 2 }, }),
});

describe("genkit (OpenAI-compatible and Google plugins) + instrumentModules: { genkit }", () => {
  it("120 LLM calls -> 120 model events, each in its own datapoint's session, none doubled", () => {
    expect(stack.report.problems).toEqual([]);
    expect(stack.report).toMatchObject({ expected: 120, arrived: 120, misrouted: 0, doubleCounted: 0, lost: 0 });
  });

  it("every model event whole: inputs, outputs, model, provider, tokens, a price; every streamed call's time to first token", () => {
    expect(stack.row).toMatchObject({ withTokens: "120/120", priced: "120/120", withProvider: "120/120", firstToken: "80/80" });
    const [withIo, of] = stack.row.withInputsOutputs.split("/");
    expect(withIo).toBe(of);
    const models = stack.report.eventsByDatapoint.flatMap(modelEvents);
    const provider = (tag: string) => [...new Set(models.filter((e) => callOf(e)?.tag === tag).map((e) => (e.config as Record<string, unknown>).provider))];
    expect(provider("a")).toEqual(["openai"]);
    expect(provider("c")).toEqual(["gcp.gemini"]);
    const tools = stack.report.eventsByDatapoint.flat().filter((e) => e.event_type === "tool");
    expect(tools).toHaveLength(20);
    for (const tool of tools) expect(tool.outputs).toEqual({ value: "sunny" });
  });
});
