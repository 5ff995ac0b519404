/** Types of scripts/generate-prices.mjs (for the tests). */
export const GENERATED_PRICES_PATH: string;
export function renderGeneratedPrices(): Promise<string>;
