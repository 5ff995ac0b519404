/**
 * One datapoint's work for the Vercel AI SDK stacks (ai 5, 6 and 7 share it; each stack passes its own `ai`,
 * `@ai-sdk/openai` and `zod` modules, so every major runs the same calls):
 *
 * - `a` `generateText` (plain), `b` `streamText` (streamed), `c` `generateObject`, `d` `streamObject` (the object's
 *   `answer` is the echo, so it carries the datapoint marker);
 * - `t` a tool loop: `generateText` with one tool and `stopWhen: stepCountIs(2)` — the tool-call turn, the tool's
 *   execution, then the answer: two LLM calls for one app call.
 *
 * The answers are the echo of each prompt, as `evaluateStack` checks.
 */
import { isDeepStrictEqual } from "node:util";
import type { HoneyHiveEvent } from "../../packages/honeyhive/src/api-client/types";
import type { StackShape } from "../routing/evaluate-stack";
import { unitMark } from "../routing/routing-check";

// The three majors' option types differ (`any` below); the calls are the same.

/** The parts of the `ai` module the workload calls (ai 5, 6 and 7 all export them). */
export interface AiModule {
  generateText(options: any): Promise<{ text: string }>;
  streamText(options: any): { textStream: AsyncIterable<string> };
  generateObject(options: any): Promise<{ object: any }>;
  streamObject(options: any): { object: PromiseLike<any>; partialObjectStream: AsyncIterable<unknown> };
  tool(options: any): unknown;
  stepCountIs(n: number): unknown;
}

/** The parts of `zod` the workload uses. */
export interface ZodModule {
  z: { object(shape: Record<string, unknown>): unknown; string(): unknown };
}

/** The shape of the workload's calls for `evaluateStack`: five app calls, the tool loop being two LLM calls. */
export const AI_SDK_SHAPE: StackShape = { tags: ["a", "b", "c", "d", "t"], callsPerTag: { t: 2 } };

/** LLM calls per datapoint. */
export const AI_SDK_CALLS_PER_DATAPOINT = 6;

/** What the `lookup` tool returned for each datapoint's tool call (tests assert it reached the tool event). */
export function toolResultFor(query: string): string {
  return `found: ${query}`;
}

/**
 * Datapoint `i`'s calls through `ai` with `model` (an `@ai-sdk/openai` chat model of the fake server).
 * `telemetry` is the call option each call gets (`experimental_telemetry`).
 */
export function aiSdkCalls(ai: AiModule, zod: ZodModule, model: () => unknown, telemetry: Record<string, unknown> = { isEnabled: true }) {
  const { z } = zod;
  const schema = z.object({ answer: z.string() });
  const lookup = ai.tool({
    description: "Looks the query up.",
    inputSchema: z.object({ query: z.string() }),
    execute: async ({ query }: { query: string }) => toolResultFor(query),
  });
  return async (i: number): Promise<string[]> => {
    const common = { model: model(), experimental_telemetry: telemetry };
    const plain = (await ai.generateText({ ...common, prompt: `${unitMark(i)}a` })).text;
    let streamed = "";
    for await (const part of ai.streamText({ ...common, prompt: `${unitMark(i)}b` }).textStream) streamed += part;
    const object = (await ai.generateObject({ ...common, schema, prompt: `${unitMark(i)}c` })).object as { answer: string };
    const objectStream = ai.streamObject({ ...common, schema, prompt: `${unitMark(i)}d` });
    for await (const partial of objectStream.partialObjectStream) void partial;
    const streamedObject = (await objectStream.object) as { answer: string };
    const looped = await ai.generateText({ ...common, prompt: `${unitMark(i)}t`, tools: { lookup }, stopWhen: ai.stepCountIs(2) });
    return [plain, streamed, object.answer, streamedObject.answer, looped.text];
  };
}

/** The model event of datapoint `unit`'s call `tag` (the one naming `unit-<i>/<tag>` in its inputs), if any. */
function modelEventsOf(events: readonly HoneyHiveEvent[], unit: number, tag: string): HoneyHiveEvent[] {
  const mark = `${unitMark(unit)}${tag}`;
  return events.filter((e) => e.event_type === "model" && JSON.stringify(e.inputs ?? {}).includes(mark));
}

/** What the AI SDK stack tests assert beyond the counts: per datapoint, the events each requirement needs. */
export interface AiSdkFindings {
  /** `generateObject` / `streamObject` model events whose outputs hold the object (its `answer`). */
  objectsInOutputs: number;
  /** `streamText` (`b`) model events with `metadata.time_to_first_token`. */
  streamTextWithTtft: number;
  /** `streamObject` (`d`) model events with `metadata.time_to_first_token`. */
  streamObjectWithTtft: number;
  /** Model events with a token count. */
  withTokens: number;
  modelEvents: number;
  /**
   * Tool events of the `lookup` tool whose inputs are `{ query }` and outputs `{ value: <the string it returned> }`:
   * the values, not the JSON text the AI SDK records (`"\"found: …\""`).
   */
  toolsWithInputsOutputs: number;
  toolEvents: number;
  /** The names of those tool events, each once, sorted. */
  toolEventNames: string[];
}

/** Counts {@link AiSdkFindings} over every datapoint's session. */
export function aiSdkFindings(eventsByDatapoint: readonly HoneyHiveEvent[][]): AiSdkFindings {
  const f: AiSdkFindings = { objectsInOutputs: 0, streamTextWithTtft: 0, streamObjectWithTtft: 0, withTokens: 0, modelEvents: 0, toolsWithInputsOutputs: 0, toolEvents: 0, toolEventNames: [] };
  const toolNames = new Set<string>();
  eventsByDatapoint.forEach((events, unit) => {
    for (const tag of ["c", "d"]) {
      f.objectsInOutputs += modelEventsOf(events, unit, tag).filter((e) => JSON.stringify(e.outputs ?? {}).includes(`answer\\":\\"echo: ${unitMark(unit)}${tag}`)).length;
    }
    const withTtft = (tag: string): number => modelEventsOf(events, unit, tag).filter((e) => typeof e.metadata?.time_to_first_token === "number").length;
    f.streamTextWithTtft += withTtft("b");
    f.streamObjectWithTtft += withTtft("d");
    const models = events.filter((e) => e.event_type === "model");
    f.modelEvents += models.length;
    f.withTokens += models.filter((e) => typeof e.metadata?.total_tokens === "number" || typeof e.metadata?.prompt_tokens === "number").length;
    const tools = events.filter((e) => e.event_type === "tool" && e.event_name !== "answer");
    f.toolEvents += tools.length;
    for (const tool of tools) toolNames.add(String(tool.event_name));
    const mark = `${unitMark(unit)}t`;
    f.toolsWithInputsOutputs += tools.filter((e) => isDeepStrictEqual(e.inputs, { query: mark }) && isDeepStrictEqual(e.outputs, { value: toolResultFor(mark) })).length;
  });
  f.toolEventNames = [...toolNames].sort();
  return f;
}
