/**
 * The one rule for a `trace(fn, { eventType: "model" })` span whose function returns a provider's raw result (what
 * HoneyHive's old `traceModel` read): an OpenAI chat completion (`object: "chat.completion"`, or the usage chunk of a
 * stream, `chat.completion.chunk` with `usage`) or Responses API response (`object: "response"`; in a stream the `response.completed` event), an Anthropic
 * message (`type: "message"`; in a stream `message_start` and `message_delta` events), or an AI SDK `generateText`
 * / `generateObject` result (`steps` + `totalUsage`). Read into OTel GenAI attributes — `gen_ai.provider.name`,
 * `gen_ai.response.model`, `gen_ai.usage.input_tokens` (cached tokens included), `gen_ai.usage.output_tokens`
 * (reasoning included), `gen_ai.usage.cache_read.input_tokens`, `gen_ai.usage.cache_creation.input_tokens`,
 * `gen_ai.usage.reasoning.output_tokens`, and OpenAI's audio and image parts (`modality-tokens.ts`) — that the SDK sets on the span at its end where the span has none, so
 * HoneyHive's backend and the dev server (whose translation reads them, then prices the call) both see the model,
 * the tokens and the cost. Pure and total: anything else reads as no attributes. Getters are read guarded.
 */
import { count, record, text } from "./read-values";
import { modalityTokenAttributes, type ModalityTokens, openAiModalityTokens } from "./modality-tokens";

/** The attributes read from a provider result (absent values left out). */
export type ProviderResultAttributes = Record<string, string | number>;

/** A property of an untrusted object, own or inherited (class getters such as the AI SDK's), never throwing. */
function prop(source: unknown, key: string): unknown {
  if (typeof source !== "object" || source === null) return undefined;
  try {
    return (source as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function path(source: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((value, key) => prop(value, key), source);
}

interface Usage extends ModalityTokens {
  input?: number | undefined;
  output?: number | undefined;
  cacheRead?: number | undefined;
  cacheWrite?: number | undefined;
  reasoning?: number | undefined;
}

function attributes(provider: string | undefined, model: string | undefined, usage: Usage): ProviderResultAttributes {
  const out: ProviderResultAttributes = {};
  const put = (key: string, value: string | number | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  put("gen_ai.provider.name", provider);
  put("gen_ai.response.model", model);
  put("gen_ai.usage.input_tokens", usage.input);
  put("gen_ai.usage.output_tokens", usage.output);
  put("gen_ai.usage.cache_read.input_tokens", usage.cacheRead);
  put("gen_ai.usage.cache_creation.input_tokens", usage.cacheWrite);
  put("gen_ai.usage.reasoning.output_tokens", usage.reasoning);
  return { ...out, ...modalityTokenAttributes(usage) };
}

function openAiChat(value: unknown): ProviderResultAttributes {
  const usage = prop(value, "usage");
  return attributes("openai", text(prop(value, "model")), {
    input: count(prop(usage, "prompt_tokens")), output: count(prop(usage, "completion_tokens")),
    cacheRead: count(path(usage, "prompt_tokens_details", "cached_tokens")), reasoning: count(path(usage, "completion_tokens_details", "reasoning_tokens")),
    ...openAiModalityTokens(prop(usage, "prompt_tokens_details"), prop(usage, "completion_tokens_details")),
  });
}

function openAiResponse(value: unknown): ProviderResultAttributes {
  const usage = prop(value, "usage");
  return attributes("openai", text(prop(value, "model")), {
    input: count(prop(usage, "input_tokens")), output: count(prop(usage, "output_tokens")),
    cacheRead: count(path(usage, "input_tokens_details", "cached_tokens")), reasoning: count(path(usage, "output_tokens_details", "reasoning_tokens")),
    ...openAiModalityTokens(prop(usage, "input_tokens_details"), prop(usage, "output_tokens_details")),
  });
}

/** Anthropic's `input_tokens` leaves out the cached part: the canonical input count adds it back. */
function anthropicMessage(value: unknown): ProviderResultAttributes {
  const usage = prop(value, "usage");
  const uncached = count(prop(usage, "input_tokens"));
  const cacheRead = count(prop(usage, "cache_read_input_tokens"));
  const cacheWrite = count(prop(usage, "cache_creation_input_tokens"));
  const input = uncached === undefined ? undefined : uncached + (cacheRead ?? 0) + (cacheWrite ?? 0);
  return attributes("anthropic", text(prop(value, "model")), { input, output: count(prop(usage, "output_tokens")), cacheRead, cacheWrite });
}

/** A stream's `message_start` reports a placeholder output count (the real one comes with `message_delta`). */
function withoutOutput(found: ProviderResultAttributes): ProviderResultAttributes {
  delete found["gen_ai.usage.output_tokens"];
  return found;
}

/** An AI SDK result: the last step's model and provider (`openai.chat` → `openai`), the usage of every step. */
function aiSdkResult(value: unknown, steps: readonly unknown[]): ProviderResultAttributes {
  const last = steps[steps.length - 1];
  const usage = prop(value, "totalUsage") ?? prop(value, "usage");
  const provider = text(path(last, "model", "provider"))?.split(".")[0];
  const model = text(path(last, "response", "modelId")) ?? text(path(last, "model", "modelId"));
  return attributes(provider, model, {
    input: count(prop(usage, "inputTokens")), output: count(prop(usage, "outputTokens")),
    cacheRead: count(path(usage, "inputTokenDetails", "cacheReadTokens")) ?? count(prop(usage, "cachedInputTokens")),
    cacheWrite: count(path(usage, "inputTokenDetails", "cacheWriteTokens")),
    reasoning: count(path(usage, "outputTokenDetails", "reasoningTokens")) ?? count(prop(usage, "reasoningTokens")),
  });
}

/** An OpenAI chat completion (or a stream's usage chunk), Responses API response or `response.completed` event. */
function openAiResult(value: unknown): ProviderResultAttributes | undefined {
  const object = text(prop(value, "object"));
  if (object === "chat.completion" || object === "text_completion" || (object === "chat.completion.chunk" && record(prop(value, "usage")))) return openAiChat(value);
  if (object === "response") return openAiResponse(value);
  if (prop(value, "type") === "response.completed") return openAiResponse(prop(value, "response"));
  return undefined;
}

/** An Anthropic message, or a stream's `message_start` or `message_delta` event. */
function anthropicResult(value: unknown): ProviderResultAttributes | undefined {
  const type = prop(value, "type");
  if (type === "message" && prop(value, "role") === "assistant") return anthropicMessage(value);
  if (type === "message_start") return withoutOutput(anthropicMessage(prop(value, "message")));
  if (type === "message_delta") return attributes(undefined, undefined, { output: count(path(value, "usage", "output_tokens")) });
  return undefined;
}

/** An AI SDK result: `steps` and its usage. */
function aiSdkStepsResult(value: unknown): ProviderResultAttributes | undefined {
  const steps = prop(value, "steps");
  if (Array.isArray(steps) && steps.length > 0 && record(prop(value, "totalUsage") ?? prop(value, "usage"))) return aiSdkResult(value, steps);
  return undefined;
}

/** The OTel GenAI attributes of a provider result returned by a traced model function; `{}` for anything else. */
export function providerResultAttributes(value: unknown): ProviderResultAttributes {
  if (!record(value)) return {};
  return openAiResult(value) ?? anthropicResult(value) ?? aiSdkStepsResult(value) ?? {};
}
