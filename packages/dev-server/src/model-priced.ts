/**
 * Prices as the dev server prices calls, for the SDK. Whether the dev server prices a model's calls: a price for the provider and model the call records, in the built-in
 * prices plus the user's price file named by `HH_DEV_SERVER_PRICES` (read once; an unreadable file leaves the built-in
 * prices) — the table `honeyhive serve` starts with when given no `--prices`. The SDK's `diagnose()` and
 * `honeyhive eval` load it (when this package is installed) to name the models whose calls the dev server shows as
 * "no price"; the SDK itself carries no price data. What a call cost ({@link modelCallCost}): evaluate()'s cost budget
 * (`maxCostUsd`) prices each model call of a run with it, by the rule the ingest stores costs with.
 */
import { createPriceTable, lookupModelPrice, priceCall, type PriceTable } from "@honeyhive/core/pricing/call-cost";
import { readPriceOverrides } from "./price-overrides";

let table: PriceTable | undefined;

function priceTable(): PriceTable {
  if (table !== undefined) return table;
  const file = process.env.HH_DEV_SERVER_PRICES?.trim();
  try {
    table = createPriceTable(file ? readPriceOverrides(file) : {});
  } catch {
    table = createPriceTable(); // the server itself reports the broken file at its start
  }
  return table;
}

/** True when a call of `model` recorded with `provider` gets a price (see the module comment). Never throws. */
export function modelHasPrice(provider: string | null, model: string): boolean {
  try {
    return lookupModelPrice(provider, model, priceTable()) !== undefined;
  } catch {
    return false;
  }
}

/** A model call as evaluate()'s cost budget reads it (the canonical model event's provider, model and tokens). */
export interface ModelCallForCost {
  provider: string | null;
  model: string | null;
  tokens: {
    input: number | null; output: number | null; cache_read: number | null; cache_write: number | null; reasoning: number | null;
    input_audio: number | null; input_image: number | null; output_audio: number | null; output_image: number | null;
  };
  /** A cost the call reported itself (US dollars). */
  reportedCost?: number | null;
  /** When the call started (epoch ms): the price in effect that day. */
  at?: number | null;
  /** True when the call went through the provider's Batch API (priced at the batch rate). */
  batch?: boolean;
}

/** The call's cost in US dollars by the ingest's rule (a reported cost, else its price), or null when it has no price. Never throws. */
export function modelCallCost(call: ModelCallForCost): number | null {
  try {
    const t = call.tokens;
    const cost = priceCall({
      provider: call.provider, model: call.model, reportedCost: call.reportedCost ?? null, at: call.at ?? null, batch: call.batch === true,
      usage: {
        inputTokens: t.input, outputTokens: t.output, cacheReadTokens: t.cache_read, cacheWriteTokens: t.cache_write, reasoningTokens: t.reasoning,
        inputAudioTokens: t.input_audio, inputImageTokens: t.input_image, outputAudioTokens: t.output_audio, outputImageTokens: t.output_image,
      },
    }, priceTable());
    return cost === null ? null : cost.cost;
  } catch {
    return null;
  }
}
