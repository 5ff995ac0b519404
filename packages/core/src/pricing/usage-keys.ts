/**
 * Where a model call's usage is found in an event's fields, one list each, shared by the dev server's ingest (the
 * cost it stores) and its totals (the tokens and cost it sums), so the two never read different keys.
 */
import { HONEYHIVE_TOKEN_METADATA, tokenAttributeKeys, type TokenField } from "../semconv/genai/token-keys";

/**
 * Keys a call reports its own cost under (US dollars), in precedence order: HoneyHive's `metadata.cost` first (an
 * explicit value wins, and the ingest stores the cost it settles on there), then OpenInference's `llm.cost.total`,
 * then `gen_ai.usage.cost` and `llm.usage.cost`, which instrumentations outside the OTel conventions set.
 */
export const REPORTED_COST_KEYS = ["cost", "llm.cost.total", "gen_ai.usage.cost", "llm.usage.cost"] as const;

/** Keys that say a call's token counts were estimated rather than reported by the provider (`true` or `"true"`). */
export const TOKENS_ESTIMATED_KEYS = ["tokens_estimated", "gen_ai.usage.estimated", "llm.usage.estimated"] as const;

/** An OpenAI- or Anthropic-style `usage` object stored in an event's fields (flat or nested under `usage`). */
const PROVIDER_USAGE_KEYS: Readonly<Partial<Record<TokenField, readonly string[]>>> = {
  input: ["input_tokens", "usage.prompt_tokens", "usage.input_tokens"],
  output: ["output_tokens", "usage.completion_tokens", "usage.output_tokens"],
  total: ["usage.total_tokens"],
};

function keysOf(field: TokenField): readonly string[] {
  return [...new Set([HONEYHIVE_TOKEN_METADATA[field], ...tokenAttributeKeys(field), ...(PROVIDER_USAGE_KEYS[field] ?? [])])];
}

/**
 * Keys each token count of a call is read from, first found wins: HoneyHive's metadata key (where the ingest stores
 * the canonical count, corrected where a dialect misreports), then every GenAI dialect's attribute keys in the
 * translation's order, then a provider usage object's. The counts a call is priced by and the ones it is counted by.
 */
export const CALL_TOKEN_KEYS: Readonly<Record<TokenField, readonly string[]>> = Object.fromEntries(
  (Object.keys(HONEYHIVE_TOKEN_METADATA) as TokenField[]).map((field) => [field, keysOf(field)]),
) as Record<TokenField, readonly string[]>;

/** {@link CALL_TOKEN_KEYS} of the input, output and total counts (the ones a usage sums). */
export const USAGE_TOKEN_KEYS: Readonly<Record<"input" | "output" | "total", readonly string[]>> = {
  input: CALL_TOKEN_KEYS.input,
  output: CALL_TOKEN_KEYS.output,
  total: CALL_TOKEN_KEYS.total,
};
