/**
 * A price table: the user's prices (from `createPriceTable` overrides or a price file), which win, on top of the
 * built-in dataset (`model-prices.ts`) unless that is switched off. Prices are checked when the table is built.
 */
import { unknownKeyMessage, unknownKeys } from "../text/closest-key";
import type { ModelPrice } from "./model-prices";
import { canonicalProvider } from "./provider-names";

/** The user's prices by canonical provider, then model family, and whether the built-in dataset is used. Build with `createPriceTable`. */
export interface PriceTable {
  readonly providers: Readonly<Record<string, Readonly<Record<string, ModelPrice>>>>;
  readonly builtIns: boolean;
}

/** Per provider, per model: prices to add to (or replace in) the built-in table. */
export type PriceOverrides = Readonly<Record<string, Readonly<Record<string, ModelPrice>>>>;

const PRICE_KINDS = ["input", "output", "cacheRead", "cacheWrite", "reasoning", "inputAudio", "outputAudio", "inputImage", "outputImage"] as const;

function checkedPrice(provider: string, model: string, value: unknown): ModelPrice {
  const price = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const unknown = unknownKeys(price, PRICE_KINDS);
  if (unknown.length > 0) throw new TypeError(`price of ${provider}/${model}: ${unknownKeyMessage(unknown[0]!, PRICE_KINDS, "key")}`);
  for (const kind of PRICE_KINDS) {
    const n = price[kind];
    const required = kind === "input" || kind === "output";
    if (n === undefined && !required) continue;
    if (typeof n !== "number" || !Number.isFinite(n) || n < 0) {
      throw new TypeError(`price of ${provider}/${model}: "${kind}" must be a finite number ≥ 0 (US dollars per million tokens)`);
    }
  }
  return Object.freeze({ ...(price as unknown as ModelPrice) });
}

const RESERVED_NAMES = new Set(["__proto__", "constructor", "prototype"]);

/** A provider or model name as a table key; a name that would reach an object's prototype is refused. */
function tableKey(name: string, what: string): string {
  const key = name.trim().toLowerCase();
  if (RESERVED_NAMES.has(key)) throw new TypeError(`${what} name ${JSON.stringify(name)} is not allowed in a price table`);
  return key;
}

/**
 * A price table: `overrides` on top of the built-in prices (an override for a provider/model is used before the
 * built-in price; new providers and models are added). With `builtIns: false` only the overrides are used.
 * Throws a `TypeError` naming the entry when a price is not a finite number ≥ 0 or has an unknown key.
 */
export function createPriceTable(overrides: PriceOverrides = {}, options: { builtIns?: boolean } = {}): PriceTable {
  const providers: Record<string, Record<string, ModelPrice>> = {};
  for (const [rawProvider, models] of Object.entries(overrides)) {
    const provider = canonicalProvider(tableKey(rawProvider, "provider")) ?? rawProvider.trim().toLowerCase();
    const target = (providers[provider] ??= {});
    for (const [model, price] of Object.entries(models ?? {})) target[tableKey(model, `${provider}: model`)] = checkedPrice(provider, model, price);
  }
  return { providers, builtIns: options.builtIns !== false };
}
