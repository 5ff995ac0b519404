/**
 * The cost of each model event, stored as HoneyHive stores it: `metadata.cost` (US dollars), plus how it was
 * obtained (`metadata.cost_basis`: `reported`, `priced` or `estimated`) and the price-table entry used
 * (`metadata.cost_price_key`, e.g. `anthropic/claude-sonnet-4`). One rule for every write path: the SDK's
 * `priceCall` over the event's own stored fields (config model/provider, metadata token counts), so a cost always
 * agrees with the tokens shown beside it. A cost the span reports itself wins (`reported`); a model in no price
 * table gets no cost at all (the viewer shows "no price"), never 0.
 */
import { priceCall, type PriceTable } from "@honeyhive/core/pricing/call-cost";
import { setOwn, type JsonObject } from "../domain/json";

/** Span attributes other conventions report a call's cost in (US dollars), checked after `metadata.cost`. */
const REPORTED_COST_KEYS = ["cost", "llm.cost.total", "gen_ai.usage.cost", "llm.usage.cost"] as const;

function own(object: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

function number(value: unknown): number | null {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
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
  return [own(metadata, "tokens_estimated"), own(metadata, "gen_ai.usage.estimated"), own(metadata, "llm.usage.estimated")].some((v) => v === true || v === "true");
}

/**
 * Sets `metadata.cost`, `cost_basis` and `cost_price_key` of a model event from its `config` and `metadata`
 * (explicit values already there are kept). No-op when the event has no cost and no price fits. Never throws.
 */
export function priceModelEvent(config: JsonObject, metadata: JsonObject, table: PriceTable): void {
  const reported = reportedCost(metadata);
  const cost = priceCall({
    provider: text(own(config, "provider")),
    model: text(own(config, "model")),
    usage: {
      inputTokens: number(own(metadata, "prompt_tokens")),
      outputTokens: number(own(metadata, "completion_tokens")),
      cacheReadTokens: number(own(metadata, "cache_read_input_tokens")),
      cacheWriteTokens: number(own(metadata, "cache_write_input_tokens")),
      reasoningTokens: number(own(metadata, "reasoning_tokens")),
    },
    reportedCost: reported,
    tokensEstimated: tokensEstimated(metadata),
  }, table);
  if (cost === null) return;
  if (number(own(metadata, "cost")) === null) setOwn(metadata, "cost", cost.cost);
  if (own(metadata, "cost_basis") === undefined) setOwn(metadata, "cost_basis", cost.basis);
  if (cost.priceKey !== undefined && own(metadata, "cost_price_key") === undefined) setOwn(metadata, "cost_price_key", cost.priceKey);
}
