/**
 * The span attributes each GenAI dialect reports a call's token counts in (cache, reasoning and per-modality parts
 * included), one table per dialect (first key found wins). The dialect tables read them (`dialect-*.ts`); the dev server's totals read the same keys from events that
 * kept their raw attributes (`tokenAttributeKeys`). Mastra reports tokens inside JSON values, not as attributes.
 */
import type { GenAiTokens } from "./canonical-event";

/** A canonical token count (`GenAiTokens` field). */
export type TokenField = keyof GenAiTokens;

/** Attribute keys per token count of one dialect. */
type TokenKeys = Readonly<Partial<Record<TokenField, readonly string[]>>>;

/** Vercel AI SDK `ai.usage.*` (v5+ names first, then v4's). */
export const VERCEL_AI_TOKEN_KEYS = {
  input: ["ai.usage.inputTokens", "ai.usage.promptTokens"],
  output: ["ai.usage.outputTokens", "ai.usage.completionTokens"],
  total: ["ai.usage.totalTokens"],
  cache_read: ["ai.usage.inputTokenDetails.cacheReadTokens", "ai.usage.cachedInputTokens"],
  cache_write: ["ai.usage.inputTokenDetails.cacheWriteTokens"],
  reasoning: ["ai.usage.outputTokenDetails.reasoningTokens", "ai.usage.reasoningTokens"],
} as const satisfies TokenKeys;

/** OTel GenAI v1.36 (and the older `prompt_tokens` / `completion_tokens` names). */
export const OTEL_GENAI_1_36_TOKEN_KEYS = {
  input: ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"],
  output: ["gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"],
  total: ["gen_ai.usage.total_tokens"],
} as const satisfies TokenKeys;

/**
 * Per-modality parts of the input and output counts, as OTel GenAI instrumentations write them (the SDK writes the
 * first name of each: semconv/genai/modality-tokens.ts).
 */
export const MODALITY_TOKEN_KEYS = {
  input_audio: ["gen_ai.usage.input_tokens.audio", "gen_ai.usage.audio.input_tokens"],
  input_image: ["gen_ai.usage.input_tokens.image", "gen_ai.usage.image.input_tokens"],
  output_audio: ["gen_ai.usage.output_tokens.audio", "gen_ai.usage.audio.output_tokens"],
  output_image: ["gen_ai.usage.output_tokens.image", "gen_ai.usage.image.output_tokens"],
} as const satisfies TokenKeys;

/** OTel GenAI v1.37+: v1.36's keys plus cache and reasoning counts, with the names the Anthropic SDK 1.x emits. */
export const OTEL_GENAI_LATEST_TOKEN_KEYS = {
  ...OTEL_GENAI_1_36_TOKEN_KEYS,
  cache_read: ["gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens"],
  cache_write: [
    "gen_ai.usage.cache_creation.input_tokens", "gen_ai.usage.cache_write.input_tokens",
    "gen_ai.usage.cache_write_input_tokens", "gen_ai.usage.cache_creation_input_tokens",
  ],
  reasoning: ["gen_ai.usage.reasoning.output_tokens", "gen_ai.usage.reasoning_tokens", "gen_ai.usage.output_tokens_details.reasoning_tokens"],
  ...MODALITY_TOKEN_KEYS,
} as const satisfies TokenKeys;

/** OpenInference `llm.token_count.*`. */
export const OPENINFERENCE_TOKEN_KEYS = {
  input: ["llm.token_count.prompt"],
  output: ["llm.token_count.completion"],
  total: ["llm.token_count.total"],
  cache_read: ["llm.token_count.prompt_details.cache_read"],
  cache_write: ["llm.token_count.prompt_details.cache_write"],
  reasoning: ["llm.token_count.completion_details.reasoning"],
  input_audio: ["llm.token_count.prompt_details.audio"],
  input_image: ["llm.token_count.prompt_details.image"],
  output_audio: ["llm.token_count.completion_details.audio"],
  output_image: ["llm.token_count.completion_details.image"],
} as const satisfies TokenKeys;

/** Legacy OpenLLMetry (Traceloop) `gen_ai.usage.{prompt,completion}_tokens`, `llm.usage.*`. */
export const OPENLLMETRY_LEGACY_TOKEN_KEYS = {
  input: ["gen_ai.usage.prompt_tokens", "gen_ai.usage.input_tokens", "llm.usage.prompt_tokens"],
  output: ["gen_ai.usage.completion_tokens", "gen_ai.usage.output_tokens", "llm.usage.completion_tokens"],
  total: ["llm.usage.total_tokens", "gen_ai.usage.total_tokens"],
  cache_read: ["gen_ai.usage.cache_read_input_tokens"],
  cache_write: ["gen_ai.usage.cache_creation_input_tokens"],
} as const satisfies TokenKeys;

/** The attribute tables in the order the translation tries the dialects (`translate.ts`). */
const DIALECT_TOKEN_KEYS: readonly TokenKeys[] = [
  VERCEL_AI_TOKEN_KEYS, OTEL_GENAI_LATEST_TOKEN_KEYS, OPENINFERENCE_TOKEN_KEYS, OPENLLMETRY_LEGACY_TOKEN_KEYS, OTEL_GENAI_1_36_TOKEN_KEYS,
];

/** Every dialect's attribute keys for one token count, in the translation's order, each once. */
export function tokenAttributeKeys(field: TokenField): string[] {
  return [...new Set(DIALECT_TOKEN_KEYS.flatMap((table) => table[field] ?? []))];
}

/** HoneyHive's event `metadata` key for each canonical token count (how the dev server stores a model event's counts). */
export const HONEYHIVE_TOKEN_METADATA = {
  input: "prompt_tokens", output: "completion_tokens", total: "total_tokens",
  cache_read: "cache_read_input_tokens", cache_write: "cache_write_input_tokens", reasoning: "reasoning_tokens",
  input_audio: "input_audio_tokens", input_image: "input_image_tokens", output_audio: "output_audio_tokens", output_image: "output_image_tokens",
} as const satisfies Readonly<Record<TokenField, string>>;
