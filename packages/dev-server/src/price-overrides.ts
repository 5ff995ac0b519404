/**
 * User prices for the dev server's model-event costs: the `prices` option of `createDevServer`, the
 * `--prices FILE` flag of `honeyhive serve`, or the `HH_DEV_SERVER_PRICES` environment variable (a JSON file path).
 * The shape is provider → model → price in US dollars per million tokens, e.g.
 * `{"openai": {"gpt-4o": {"input": 2.5, "output": 10, "cacheRead": 1.25}}}`; entries add to or replace the
 * built-in table (semconv/model-prices.ts). Invalid input is a clear error naming the entry, at startup.
 */
import { readFileSync } from "node:fs";
import { createPriceTable, type PriceOverrides, type PriceTable } from "@honeyhive/core/pricing/call-cost";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The price table for `overrides` (the built-in prices plus them). Throws an Error naming the offending entry when
 * the shape is not provider → model → `{input, output, cacheRead?, cacheWrite?, reasoning?}`.
 */
export function priceTableFrom(overrides: unknown, origin = "prices"): PriceTable {
  if (overrides === undefined) return createPriceTable();
  if (!isObject(overrides)) throw new Error(`${origin}: expected an object of provider → model → price, got ${Array.isArray(overrides) ? "an array" : typeof overrides}`);
  for (const [provider, models] of Object.entries(overrides)) {
    if (!isObject(models)) throw new Error(`${origin}: "${provider}" must be an object of model → price`);
    for (const [model, price] of Object.entries(models)) {
      if (!isObject(price)) throw new Error(`${origin}: price of ${provider}/${model} must be an object such as {"input": 2.5, "output": 10}`);
    }
  }
  try {
    return createPriceTable(overrides as PriceOverrides);
  } catch (error) {
    throw new Error(`${origin}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Reads and validates a prices JSON file (see the module comment); throws an Error naming the file. */
export function readPriceOverrides(path: string): PriceOverrides {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`prices file ${path} could not be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`prices file ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  priceTableFrom(parsed, `prices file ${path}`);
  return parsed as PriceOverrides;
}
