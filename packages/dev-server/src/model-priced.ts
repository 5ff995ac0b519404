/**
 * Whether the dev server prices a model's calls: a price for the provider and model the call records, in the built-in
 * prices plus the user's price file named by `HH_DEV_SERVER_PRICES` (read once; an unreadable file leaves the built-in
 * prices) — the table `honeyhive serve` starts with when given no `--prices`. The SDK's `diagnose()` and
 * `honeyhive eval` load it (when this package is installed) to name the models whose calls the dev server shows as
 * "no price"; the SDK itself carries no price data. {@link modelCallCost} prices a call as the server would store it:
 * the SDK's agent trace (`evaluate()`'s evaluators) prices model calls that report no cost with it.
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

/** A model call as {@link modelCallCost} prices it (its provider and model as recorded, its token counts, when it started). */
export interface PricedModelCall {
  provider?: string | null;
  model?: string | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  cacheReadTokens?: number | null;
  cacheWriteTokens?: number | null;
  reasoningTokens?: number | null;
  /** When the call started (ms since the epoch): picks the price in effect that day. */
  at?: number | null;
}

/**
 * The cost in US dollars the server would store for a call with these tokens (the same table as {@link modelHasPrice});
 * undefined when the model has no price or the call no tokens. Never throws.
 */
export function modelCallCost(call: PricedModelCall): number | undefined {
  try {
    const usage = { inputTokens: call.inputTokens, outputTokens: call.outputTokens, cacheReadTokens: call.cacheReadTokens, cacheWriteTokens: call.cacheWriteTokens, reasoningTokens: call.reasoningTokens };
    if (usage.inputTokens == null && usage.outputTokens == null) return undefined;
    return priceCall({ provider: call.provider, model: call.model, usage, at: call.at }, priceTable())?.cost;
  } catch {
    return undefined;
  }
}
