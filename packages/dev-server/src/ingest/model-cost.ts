/**
 * The cost of each model event, stored as HoneyHive stores it: `metadata.cost` (US dollars), plus how it was
 * obtained (`metadata.cost_basis`: `reported`, `priced` or `estimated`) and the price-table entry used
 * (`metadata.cost_price_key`, e.g. `anthropic/claude-sonnet-4`). One rule for every write path: the SDK's
 * `priceCall` over the event's own stored fields (config model/provider, and the token counts read by the totals'
 * rule, `domain/call-usage.ts`'s `readCall`: metadata, metrics or GenAI attributes alike), so a cost always agrees
 * with the tokens shown beside it. A call made through a provider's Batch API (`metadata.llm_batch`) is priced at the
 * batch rate. A cost the span reports itself wins (`reported`); a model in no price
 * table gets no cost at all (the viewer shows "no price"), never 0.
 */
import { priceCall, type PriceTable } from "@honeyhive/core/pricing/call-cost";
import { TOKENS_ESTIMATED_KEYS } from "@honeyhive/core/pricing/usage-keys";
import { count } from "@honeyhive/core/values/count";
import { isLlmBatchMark } from "@honeyhive/core/semconv/attributes";
import { readCall } from "../domain/call-usage";
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

/** The parts of a model event its cost is worked out from (the cost is written into `metadata`). */
export interface PricedEvent {
  config: JsonObject;
  metadata: JsonObject;
  metrics?: JsonObject;
  outputs?: JsonObject | null;
}

/**
 * Sets `metadata.cost`, `cost_basis` and `cost_price_key` of a model event from its `config` model and provider and
 * the tokens it holds wherever the totals read them (`readCall`: metadata, metrics, config, outputs; explicit values
 * already there are kept), at the price in effect when the call started (`startMs`, epoch ms; default now). No-op
 * when the event has no cost and no price fits. Never throws.
 */
export function priceModelEvent(event: PricedEvent, table: PriceTable, startMs?: number | null): void {
  const { config, metadata } = event;
  const { tokens, reportedCost } = readCall(event);
  const cost = priceCall({
    provider: text(own(config, "provider")),
    model: text(own(config, "model")),
    usage: {
      inputTokens: tokens.input, outputTokens: tokens.output, cacheReadTokens: tokens.cache_read, cacheWriteTokens: tokens.cache_write,
      reasoningTokens: tokens.reasoning, inputAudioTokens: tokens.input_audio, inputImageTokens: tokens.input_image,
      outputAudioTokens: tokens.output_audio, outputImageTokens: tokens.output_image,
    },
    reportedCost,
    tokensEstimated: tokensEstimated(metadata),
    at: startMs,
    batch: isLlmBatchMark(own(metadata, "llm_batch")),
  }, table);
  if (cost === null) return;
  if (number(own(metadata, "cost")) === null) setOwn(metadata, "cost", cost.cost);
  if (own(metadata, "cost_basis") === undefined) setOwn(metadata, "cost_basis", cost.basis);
  if (cost.priceKey !== undefined && own(metadata, "cost_price_key") === undefined) setOwn(metadata, "cost_price_key", cost.priceKey);
}
