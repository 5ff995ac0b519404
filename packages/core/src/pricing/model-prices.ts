/**
 * The built-in price list for model calls: list prices in US dollars per million tokens, per provider and model
 * family, as the providers published them when this table was last revised (`MODEL_PRICES_REVISED`). Prices change:
 * users add or override entries (`createPriceTable`), and a call whose model is in no table has no price — never 0.
 *
 * A key matches a model name when the name equals it or continues it after a `-`, `.`, `@`, `:` or `_`
 * (dated snapshots such as `gpt-4o-2024-08-06` or `claude-3-5-sonnet-20241022`); the longest matching key wins, so
 * `gpt-4o-mini-…` is priced as `gpt-4o-mini`, not `gpt-4o`.
 */

/** A model's price in US dollars per million tokens of each kind. Unset kinds fall back as `priceCall` documents. */
export interface ModelPrice {
  /** Uncached input (prompt) tokens. */
  readonly input: number;
  /** Output (completion) tokens. */
  readonly output: number;
  /** Input tokens read from the provider's prompt cache (default: `input`). */
  readonly cacheRead?: number;
  /** Input tokens written to the provider's prompt cache (default: `input`). */
  readonly cacheWrite?: number;
  /** Reasoning (thinking) output tokens (default: `output`). */
  readonly reasoning?: number;
}

/** When the built-in prices were last compared with the providers' published list prices (YYYY-MM). */
export const MODEL_PRICES_REVISED = "2025-08";

type ProviderPrices = Readonly<Record<string, ModelPrice>>;

const OPENAI: ProviderPrices = {
  "gpt-5": { input: 1.25, cacheRead: 0.125, output: 10 },
  "gpt-5-mini": { input: 0.25, cacheRead: 0.025, output: 2 },
  "gpt-5-nano": { input: 0.05, cacheRead: 0.005, output: 0.4 },
  "gpt-4.1": { input: 2, cacheRead: 0.5, output: 8 },
  "gpt-4.1-mini": { input: 0.4, cacheRead: 0.1, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, cacheRead: 0.025, output: 0.4 },
  "gpt-4o": { input: 2.5, cacheRead: 1.25, output: 10 },
  "gpt-4o-mini": { input: 0.15, cacheRead: 0.075, output: 0.6 },
  "gpt-4-turbo": { input: 10, output: 30 },
  "gpt-4": { input: 30, output: 60 },
  "gpt-3.5-turbo": { input: 0.5, output: 1.5 },
  o1: { input: 15, cacheRead: 7.5, output: 60 },
  "o1-mini": { input: 1.1, cacheRead: 0.55, output: 4.4 },
  o3: { input: 2, cacheRead: 0.5, output: 8 },
  "o3-mini": { input: 1.1, cacheRead: 0.55, output: 4.4 },
  "o4-mini": { input: 1.1, cacheRead: 0.275, output: 4.4 },
  "text-embedding-3-small": { input: 0.02, output: 0 },
  "text-embedding-3-large": { input: 0.13, output: 0 },
  "text-embedding-ada-002": { input: 0.1, output: 0 },
};

const ANTHROPIC: ProviderPrices = {
  "claude-opus-4-5": { input: 5, cacheWrite: 6.25, cacheRead: 0.5, output: 25 },
  "claude-opus-4-1": { input: 15, cacheWrite: 18.75, cacheRead: 1.5, output: 75 },
  "claude-opus-4": { input: 15, cacheWrite: 18.75, cacheRead: 1.5, output: 75 },
  "claude-sonnet-4-5": { input: 3, cacheWrite: 3.75, cacheRead: 0.3, output: 15 },
  "claude-sonnet-4": { input: 3, cacheWrite: 3.75, cacheRead: 0.3, output: 15 },
  "claude-haiku-4-5": { input: 1, cacheWrite: 1.25, cacheRead: 0.1, output: 5 },
  "claude-3-7-sonnet": { input: 3, cacheWrite: 3.75, cacheRead: 0.3, output: 15 },
  "claude-3-5-sonnet": { input: 3, cacheWrite: 3.75, cacheRead: 0.3, output: 15 },
  "claude-3-5-haiku": { input: 0.8, cacheWrite: 1, cacheRead: 0.08, output: 4 },
  "claude-3-opus": { input: 15, cacheWrite: 18.75, cacheRead: 1.5, output: 75 },
  "claude-3-haiku": { input: 0.25, cacheWrite: 0.3, cacheRead: 0.03, output: 1.25 },
};

const GOOGLE: ProviderPrices = {
  "gemini-2.5-pro": { input: 1.25, cacheRead: 0.31, output: 10 },
  "gemini-2.5-flash": { input: 0.3, cacheRead: 0.075, output: 2.5 },
  "gemini-2.5-flash-lite": { input: 0.1, cacheRead: 0.025, output: 0.4 },
  "gemini-2.0-flash": { input: 0.1, cacheRead: 0.025, output: 0.4 },
  "gemini-2.0-flash-lite": { input: 0.075, output: 0.3 },
  "gemini-1.5-pro": { input: 1.25, output: 5 },
  "gemini-1.5-flash": { input: 0.075, output: 0.3 },
};

/** The built-in prices, by canonical provider name (`openai`, `anthropic`, `google`). */
export const BUILT_IN_MODEL_PRICES: Readonly<Record<string, ProviderPrices>> = {
  openai: OPENAI,
  anthropic: ANTHROPIC,
  google: GOOGLE,
};
