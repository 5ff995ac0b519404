/**
 * Whether the dev server prices a model's calls: a price for the provider and model the call records, in the built-in
 * prices plus the user's price file named by `HH_DEV_SERVER_PRICES` (read once; an unreadable file leaves the built-in
 * prices) — the table `honeyhive serve` starts with when given no `--prices`. The SDK's `diagnose()` and
 * `honeyhive eval` load it (when this package is installed) to name the models whose calls the dev server shows as
 * "no price"; the SDK itself carries no price data.
 */
import { createPriceTable, lookupModelPrice, type PriceTable } from "@honeyhive/core/pricing/call-cost";
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
