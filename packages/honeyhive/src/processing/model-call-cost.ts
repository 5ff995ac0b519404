/**
 * What an exported model event cost, for evaluate()'s cost budget (`maxCostUsd`): the cost the call reported itself,
 * else its price by `@honeyhive/dev-server`'s rule (`modelCallCost`: its built-in prices and the `HH_DEV_SERVER_PRICES`
 * file, the rule the dev server stores costs with), loaded when a budget is set and only when that package is
 * installed — the SDK carries no price data. A call neither reports nor has a price for is unpriced: its cost is
 * unknown, never 0.
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { REPORTED_COST_KEYS } from "@honeyhive/core/pricing/usage-keys";
import { ATTR_LLM_BATCH, isLlmBatchMark, namespacedKey } from "@honeyhive/core/semconv/attributes";
import { readModelCall } from "@honeyhive/core/semconv/genai";
import { type DevServerPrices, devServerPrices } from "./dev-server-prices";

/** Span attributes under which a call reports its own cost. */
const REPORTED_COST_ATTRIBUTES = REPORTED_COST_KEYS.map((key) => (key === "cost" ? namespacedKey("metadata", "cost") : key));

/** Prices one call (the dev server's `modelCallCost`). */
type CallPricer = NonNullable<DevServerPrices["modelCallCost"]>;

/** Reads the cost of model spans. */
export interface ModelCostReader {
  /** The span's cost in US dollars, or null when it is unpriced. Never throws. */
  costOf(span: ReadableSpan): number | null;
  /** True when prices could be loaded (`@honeyhive/dev-server` is installed); else only reported costs count. */
  readonly priced: boolean;
}

function reportedCost(attributes: Readonly<Record<string, unknown>>): number | undefined {
  for (const key of REPORTED_COST_ATTRIBUTES) {
    const value = attributes[key];
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
  }
  return undefined;
}

function startMs(span: ReadableSpan): number | null {
  const [seconds, nanos] = span.startTime ?? [0, 0];
  return seconds > 0 ? seconds * 1000 + nanos / 1e6 : null;
}

/** A reader of model spans' costs (see the module comment). Never rejects. */
export async function createModelCostReader(): Promise<ModelCostReader> {
  const pricer: CallPricer | undefined = (await devServerPrices())?.modelCallCost;
  return {
    priced: pricer !== undefined,
    costOf(span) {
      try {
        const attributes = span.attributes as Readonly<Record<string, unknown>>;
        const reported = reportedCost(attributes);
        if (reported !== undefined) return reported;
        if (pricer === undefined) return null;
        const call = readModelCall({ name: span.name, attributes, scopeName: span.instrumentationScope?.name });
        if (call === undefined) return null;
        return pricer({ provider: call.provider, model: call.model, tokens: { ...call.tokens }, at: startMs(span), batch: isLlmBatchMark(attributes[ATTR_LLM_BATCH]) });
      } catch {
        return null;
      }
    },
  };
}
