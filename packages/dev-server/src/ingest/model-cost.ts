/**
 * The cost of each model event, stored as HoneyHive stores it: `metadata.cost` (US dollars), plus how it was
 * obtained (`metadata.cost_basis`: `reported`, `priced` or `estimated`) and the price-table entry used
 * (`metadata.cost_price_key`, e.g. `anthropic/claude-sonnet-4`). One rule for every write path: the SDK's
 * `priceCall` over the event's own stored fields (config model/provider, metadata token counts), so a cost always
 * agrees with the tokens shown beside it. A cost the span reports itself wins (`reported`); a model in no price
 * table gets no cost at all (the viewer shows "no price"), never 0.
 */
import { priceCall, type PriceTable } from "@honeyhive/core/pricing/call-cost";
import { REPORTED_COST_KEYS, TOKENS_ESTIMATED_KEYS } from "@honeyhive/core/pricing/usage-keys";
import { HONEYHIVE_TOKEN_METADATA as TOKEN_KEY } from "@honeyhive/core/semconv/genai/token-keys";
import { count } from "@honeyhive/core/values/count";
import { setOwn, type JsonObject } from "../domain/json";

function own(object: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

function number(value: unknown): number | null {
  return count(value) ?? null;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

function reportedCost(metadata: JsonObject): number | null {
  for (const key of REPORTED_COST_KEYS) {
    const n = number(own(metadata, key));
    if (n !== null) return n;
  }
  return null;
}

/**
 * True when the event says its token counts were estimated rather than reported by the provider
 * (`metadata.tokens_estimated: true`, or a `*.usage.estimated` attribute some instrumentations set).
 */
function tokensEstimated(metadata: JsonObject): boolean {
  return TOKENS_ESTIMATED_KEYS.some((key) => {
    const value = own(metadata, key);
    return value === true || value === "true";
  });
}

/**
 * Sets `metadata.cost`, `cost_basis` and `cost_price_key` of a model event from its `config` and `metadata`
 * (explicit values already there are kept), at the price in effect when the call started (`startMs`, epoch ms;
 * default now). No-op when the event has no cost and no price fits. Never throws.
 */
export function priceModelEvent(config: JsonObject, metadata: JsonObject, table: PriceTable, startMs?: number | null): void {
  const reported = reportedCost(metadata);
  const cost = priceCall({
    provider: text(own(config, "provider")),
    model: text(own(config, "model")),
    usage: {
      inputTokens: number(own(metadata, TOKEN_KEY.input)),
      outputTokens: number(own(metadata, TOKEN_KEY.output)),
      cacheReadTokens: number(own(metadata, TOKEN_KEY.cache_read)),
      cacheWriteTokens: number(own(metadata, TOKEN_KEY.cache_write)),
      reasoningTokens: number(own(metadata, TOKEN_KEY.reasoning)),
      inputAudioTokens: number(own(metadata, TOKEN_KEY.input_audio)),
      inputImageTokens: number(own(metadata, TOKEN_KEY.input_image)),
      outputAudioTokens: number(own(metadata, TOKEN_KEY.output_audio)),
      outputImageTokens: number(own(metadata, TOKEN_KEY.output_image)),
    },
    reportedCost: reported,
    tokensEstimated: tokensEstimated(metadata),
    at: startMs,
  }, table);
  if (cost === null) return;
  if (number(own(metadata, "cost")) === null) setOwn(metadata, "cost", cost.cost);
  if (own(metadata, "cost_basis") === undefined) setOwn(metadata, "cost_basis", cost.basis);
  if (cost.priceKey !== undefined && own(metadata, "cost_price_key") === undefined) setOwn(metadata, "cost_price_key", cost.priceKey);
}
