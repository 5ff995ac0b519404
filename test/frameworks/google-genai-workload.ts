/**
 * One datapoint's work for the Google GenAI stacks (`@google/genai` loaded as ESM or as CommonJS; each stack passes
 * the module it loaded): `a` `models.generateContent`, `b` `models.generateContentStream` (consumed chunk by chunk),
 * against the loopback Gemini fake (`test/helpers/fake-gemini-server.ts`). The answers are the echo of each prompt.
 */
import type { HoneyHiveEvent } from "../../packages/honeyhive/src/api-client/types";
import { unitMark } from "../routing/routing-check";

/** The model the calls name (a priced model, so the events carry a cost). */
export const GEMINI_MODEL = "gemini-2.5-flash";

/** The parts of the `@google/genai` module the workload uses. */
export interface GoogleGenAIModule {
  GoogleGenAI: new (options: { apiKey: string; httpOptions: { baseUrl: string } }) => {
    models: {
      generateContent(params: { model: string; contents: unknown }): Promise<{ text?: string }>;
      generateContentStream(params: { model: string; contents: unknown }): Promise<AsyncIterable<{ text?: string }>>;
    };
  };
}

/** Datapoint `i`'s two calls through a client of the fake server at `baseUrl`. */
export function googleGenAICalls(genai: GoogleGenAIModule, baseUrl: string): (i: number) => Promise<string[]> {
  const client = new genai.GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl } });
  return async (i) => {
    const plain = (await client.models.generateContent({ model: GEMINI_MODEL, contents: `${unitMark(i)}a` })).text ?? "";
    let streamed = "";
    for await (const chunk of await client.models.generateContentStream({ model: GEMINI_MODEL, contents: `${unitMark(i)}b` })) streamed += chunk.text ?? "";
    return [plain, streamed];
  };
}

/** Model events with tokens, with a cost, and streamed (`b`) ones with a time to first token, over every session. */
export function googleGenAIFindings(eventsByDatapoint: readonly HoneyHiveEvent[][]): { modelEvents: number; withTokens: number; withCost: number; streamedWithTtft: number } {
  const models = eventsByDatapoint.flat().filter((e) => e.event_type === "model");
  return {
    modelEvents: models.length,
    withTokens: models.filter((e) => typeof e.metadata?.total_tokens === "number" && typeof e.metadata?.prompt_tokens === "number").length,
    withCost: models.filter((e) => typeof e.metadata?.cost === "number" && (e.metadata.cost as number) > 0).length,
    streamedWithTtft: models.filter((e) => /unit-\d+\/b\b/.test(JSON.stringify(e.inputs)) && typeof e.metadata?.time_to_first_token === "number").length,
  };
}
