/**
 * The built-in prices of model calls: the `@pydantic/genai-prices` dataset (`generated-prices.ts`, generated at build
 * time from the pinned package, docs/decisions/0045-prices-from-genai-prices.md), list prices in US dollars per
 * million tokens per provider and model, with the dataset's name-matching rules. Prices change: users add or override
 * entries (`createPriceTable`), and a call whose model is in no table has no price — never 0.
 */
import { GENERATED_PRICES_SOURCE } from "./generated-prices";

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
  /** Audio input tokens (default: `input`). */
  readonly inputAudio?: number;
  /** Audio output tokens (default: `output`). */
  readonly outputAudio?: number;
  /** Image input tokens (default: `input`). */
  readonly inputImage?: number;
  /** Image output tokens (default: `output`). */
  readonly outputImage?: number;
}

/** The day the built-in price dataset was published (YYYY-MM-DD; `@pydantic/genai-prices`, see `GENERATED_PRICES_SOURCE`). */
export const MODEL_PRICES_REVISED: string = GENERATED_PRICES_SOURCE.published;
