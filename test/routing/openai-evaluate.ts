/** Datapoint i's two calls of the real `openai` client (the second streamed), for the evaluate() stack tests. */
import type { OpenAI } from "openai";
import { ask } from "./openai-workload";
import { unitMark } from "./routing-check";

export async function openAICalls(client: OpenAI, i: number): Promise<string[]> {
  return [await ask(client, `${unitMark(i)}a`), await ask(client, `${unitMark(i)}b`, true)];
}
