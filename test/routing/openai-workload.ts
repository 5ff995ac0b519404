/**
 * The unit of work of the OpenAI routing tests: a few calls of the real `openai` client with awaits, timers,
 * `Promise.all` and a traced function in between. Every prompt carries the unit's marker, so each LLM span
 * names its unit in its own content.
 */
import { createRequire } from "node:module";
import type * as OpenAIModule from "openai";
import type { OpenAI } from "openai";
import { trace } from "../../packages/honeyhive/src/index";
import { fakeAnswer } from "../helpers/fake-openai-server";
import { sleep, unitMark } from "./routing-check";

/** Options of {@link runOpenAIUnit}. */
export interface OpenAIWorkloadOptions {
  /** Use `stream: true` for every chat call. */
  stream?: boolean;
  /** Add one embeddings call. */
  embeddings?: boolean;
}

/**
 * Loads the CommonJS build of `openai` with `require` — what require-hook instrumentations patch. Call it
 * only after the instrumentation was enabled (a native ESM `import`, as in vitest, gets the ESM build).
 */
export function requireOpenAI(): typeof OpenAIModule {
  return createRequire(import.meta.url)("openai") as typeof OpenAIModule;
}

/** Name of the traced function's span each unit creates. */
export const STEP_SPAN_NAME = "unit_step";

/** Chat calls each unit makes. */
export const CHAT_CALLS_PER_UNIT = 3;

/** Sends one chat completion (streamed or not) and returns the answer text. */
export async function ask(client: OpenAI, content: string, stream = false): Promise<string> {
  const messages = [{ role: "user" as const, content }];
  if (!stream) {
    const response = await client.chat.completions.create({ model: "gpt-test", messages });
    return response.choices[0]?.message.content ?? "";
  }
  const chunks = await client.chat.completions.create({ model: "gpt-test", messages, stream: true });
  let text = "";
  for await (const chunk of chunks) text += chunk.choices[0]?.delta?.content ?? "";
  return text;
}

/**
 * Runs unit `i`: call a directly; a short sleep; then in parallel (`Promise.all`) call b from a timer callback
 * and call c inside a traced function; then optionally an embeddings call. Throws if any answer is not the
 * server's echo.
 */
export async function runOpenAIUnit(client: OpenAI, i: number, options: OpenAIWorkloadOptions = {}): Promise<void> {
  const call = (tag: string): Promise<string> => ask(client, `${unitMark(i)}${tag}`, options.stream);
  const step = trace(async (tag: string): Promise<string> => {
    await sleep(i % 3);
    return call(tag);
  }, { eventType: "chain", eventName: STEP_SPAN_NAME });
  const answers: string[] = [await call("a")];
  await sleep(i % 2);
  const fromTimer = new Promise<string>((resolve, reject) => setTimeout(() => call("b").then(resolve, reject), i % 4));
  answers.push(...(await Promise.all([fromTimer, step("c")])));
  const expected = ["a", "b", "c"].map((tag) => fakeAnswer(`${unitMark(i)}${tag}`));
  if (answers.join("|") !== expected.join("|")) throw new Error(`unit ${i}: unexpected answers ${answers.join("|")}`);
  if (options.embeddings) {
    const result = await client.embeddings.create({ model: "text-embedding-test", input: `${unitMark(i)}e` });
    if (result.data.length !== 1) throw new Error(`unit ${i}: embeddings returned ${result.data.length} vectors`);
  }
}
