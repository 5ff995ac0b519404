/**
 * A prompt as the call parameters of the OpenAI, Anthropic and AI SDK clients. HoneyHive stores hyperparameters with
 * OpenAI's names (`temperature`, `max_tokens`, `top_p`, `stop`, …): OpenAI gets them all as they are; Anthropic and the
 * AI SDK get the ones they know, renamed (`stop` → `stop_sequences` / `stopSequences`, `max_tokens` → `maxOutputTokens`).
 */
import type { JsonObject } from "../api-client/types";
import type { PromptMessage } from "./compile-template";
import type { PromptData } from "./prompt-data";

type Settings = Pick<PromptData, "model" | "parameters" | "tools" | "responseFormat">;

/** Parameters of OpenAI's `chat.completions.create` (other stored hyperparameters are included as they are). */
export interface OpenAICallParams {
  model: string;
  messages: { role: "system" | "user" | "assistant" | "developer"; content: string }[];
  tools?: { type: "function"; function: { name: string; description?: string; parameters?: JsonObject } }[];
  response_format?: { type: "text" | "json_object" };
  temperature?: number;
  max_tokens?: number;
  top_p?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  stop?: string | string[];
  seed?: number;
}

/** Parameters of Anthropic's `messages.create`. */
export interface AnthropicCallParams {
  model: string;
  max_tokens: number;
  system?: string;
  messages: { role: "user" | "assistant"; content: string }[];
  tools?: { name: string; description?: string; input_schema: { type: "object" } & JsonObject }[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
}

/** Parameters of the AI SDK's `generateText` / `streamText` (model as an id string). */
export interface AISDKCallParams {
  model: string;
  system?: string;
  messages: { role: "user" | "assistant"; content: string }[];
  tools?: Record<string, { description?: string; inputSchema: unknown }>;
  temperature?: number;
  maxOutputTokens?: number;
  topP?: number;
  topK?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  stopSequences?: string[];
  seed?: number;
}

/** Anthropic's required `max_tokens` when the prompt sets none. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 1024;

const OPENAI_ROLES = new Set(["system", "user", "assistant", "developer"]);

function numberOf(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function stopList(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  return Array.isArray(value) && value.every((s) => typeof s === "string") ? value : undefined;
}

/** Object without its undefined values (so call parameters carry only what the prompt sets). */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** System messages joined into one text; the rest as user/assistant turns. */
function splitSystem(messages: readonly PromptMessage[]): { system?: string; turns: { role: "user" | "assistant"; content: string }[] } {
  const system = messages.filter((m) => m.role === "system" || m.role === "developer").map((m) => m.content);
  const turns = messages
    .filter((m) => m.role !== "system" && m.role !== "developer")
    .map((m) => ({ role: m.role === "assistant" ? ("assistant" as const) : ("user" as const), content: m.content }));
  return system.length > 0 ? { system: system.join("\n\n"), turns } : { turns };
}

/** {@link OpenAICallParams} of a prompt and its compiled messages. */
export function openAIParams(prompt: Settings, messages: readonly PromptMessage[]): OpenAICallParams {
  const tools = prompt.tools.map((t) => ({ type: "function" as const, function: defined({ name: t.name, description: t.description, parameters: t.parameters }) }));
  return defined({
    ...(prompt.parameters as Partial<OpenAICallParams>),
    model: prompt.model ?? "",
    messages: messages.map((m) => ({ role: (OPENAI_ROLES.has(m.role) ? m.role : "user") as OpenAICallParams["messages"][number]["role"], content: m.content })),
    tools: tools.length > 0 ? tools : undefined,
    response_format: prompt.responseFormat ? { type: prompt.responseFormat.type } : undefined,
  });
}

/** {@link AnthropicCallParams} of a prompt and its compiled messages. */
export function anthropicParams(prompt: Settings, messages: readonly PromptMessage[]): AnthropicCallParams {
  const p = prompt.parameters;
  const { system, turns } = splitSystem(messages);
  const tools = prompt.tools.map((t) => defined({ name: t.name, description: t.description, input_schema: { type: "object" as const, ...t.parameters } }));
  return defined({
    model: prompt.model ?? "",
    max_tokens: numberOf(p.max_tokens) ?? numberOf(p.max_completion_tokens) ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
    system,
    messages: turns,
    tools: tools.length > 0 ? tools : undefined,
    temperature: numberOf(p.temperature),
    top_p: numberOf(p.top_p),
    top_k: numberOf(p.top_k),
    stop_sequences: stopList(p.stop ?? p.stop_sequences),
  });
}

/** {@link AISDKCallParams} of a prompt and its compiled messages; tools only with the AI SDK's `jsonSchema`. */
export function aiSdkParams(prompt: Settings, messages: readonly PromptMessage[], jsonSchema?: (schema: JsonObject) => unknown): AISDKCallParams {
  const p = prompt.parameters;
  const { system, turns } = splitSystem(messages);
  const tools = jsonSchema && prompt.tools.length > 0
    ? Object.fromEntries(prompt.tools.map((t) => [t.name, defined({ description: t.description, inputSchema: jsonSchema({ type: "object", ...t.parameters }) })]))
    : undefined;
  return defined({
    model: prompt.model ?? "",
    system,
    messages: turns,
    tools,
    temperature: numberOf(p.temperature),
    maxOutputTokens: numberOf(p.max_tokens) ?? numberOf(p.max_completion_tokens),
    topP: numberOf(p.top_p),
    topK: numberOf(p.top_k),
    presencePenalty: numberOf(p.presence_penalty),
    frequencyPenalty: numberOf(p.frequency_penalty),
    stopSequences: stopList(p.stop),
    seed: numberOf(p.seed),
  });
}
