/**
 * Prices check: the model calls the tracer exported with token usage (and no cost of their own) whose model the dev
 * server has no price for, named with their provider and call count (`processing/unpriced-models.ts`). Such a call's
 * cost is unknown — never 0: the dev server shows "no price", and a total leaves it out. Not a problem of the setup (a
 * local model has no list price, and HoneyHive's backend prices with its own table), so the check stays `ok` and says
 * which models and how to price them; `skipped` when `@honeyhive/dev-server` (which holds the price data) is not
 * installed.
 */
import { modelsNeedingPrices, unpricedModels, unpricedModelsText } from "../processing/unpriced-models";
import { type CheckFinding, ok, skipped } from "./diagnosis";

export async function checkPrices(): Promise<CheckFinding> {
  const models = await unpricedModels();
  if (models === undefined) {
    return skipped(`${modelsNeedingPrices().length} model(s) with token usage seen; their prices are checked with @honeyhive/dev-server, which is not installed here.`);
  }
  if (models.length === 0) return ok("Every model call with token usage seen so far has a price.");
  const calls = models.reduce((n, m) => n + m.calls, 0);
  return ok(
    `${calls} model call(s) with token usage had no price (unpriced: their cost is unknown, not 0): ${unpricedModelsText(models)}. ` +
      "Give these models a price in the dev server's price file (`honeyhive serve --prices prices.json`), or check the model and provider names.",
  );
}
