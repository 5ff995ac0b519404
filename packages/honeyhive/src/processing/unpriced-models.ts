/**
 * The model calls that need a price, and those the dev server has none for: read by `diagnose()` (its `prices`
 * check) and by the summary of `honeyhive eval`, so a model missing from the price data is named — its cost is
 * unknown, never 0 — before anyone reads a total that leaves it out. The tracer counts, per provider and model, each
 * model event it exports that reports token usage and no cost of its own (process-wide, bounded:
 * {@link MAX_UNPRICED_MODELS} names, the rest under {@link OTHER_MODELS}; the span is read through the one GenAI
 * translation only when it has usage). Which of them have no price is asked of `@honeyhive/dev-server`
 * (`modelHasPrice`: its built-in prices and the `HH_DEV_SERVER_PRICES` file), loaded only then and only when
 * installed: the SDK carries no price data.
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { REPORTED_COST_KEYS } from "@honeyhive/core/pricing/usage-keys";
import { ATTR_EVENT_TYPE, namespacedKey } from "@honeyhive/core/semconv/attributes";
import { readModelCall } from "@honeyhive/core/semconv/genai";
import { usageOf } from "@honeyhive/core/semconv/model-call";
import { sharedState } from "../internal/process-state";
import { noteInternalError } from "../internal/guard";
import { devServerPrices } from "./dev-server-prices";

/** One model whose calls need a price (or have none), and how many of its calls the tracer exported. */
export interface UnpricedModel {
  /** The model name the calls recorded (`(no model name)` when they named none). */
  readonly model: string;
  /** The provider the calls recorded, or null. */
  readonly provider: string | null;
  readonly calls: number;
}

/** Names kept at most; calls of further models are counted under {@link OTHER_MODELS}. */
export const MAX_UNPRICED_MODELS = 50;
/** The entry that counts the calls of models beyond the bound. */
export const OTHER_MODELS = "(other models)";
const NO_MODEL_NAME = "(no model name)";
const MAX_NAME_LENGTH = 200;

/** Span attributes under which a call reports its own cost (then it needs no price). */
const REPORTED_COST_ATTRIBUTES = REPORTED_COST_KEYS.map((key) => (key === "cost" ? namespacedKey("metadata", "cost") : key));

interface UnpricedTable {
  readonly models: Map<string, { model: string; provider: string | null; calls: number }>;
}

function table(): UnpricedTable {
  const slot = sharedState();
  return (slot.unpricedModels ??= { models: new Map() }) as UnpricedTable;
}

function reportsCost(attributes: Readonly<Record<string, unknown>>): boolean {
  return REPORTED_COST_ATTRIBUTES.some((key) => typeof attributes[key] === "number");
}

function count(model: string, provider: string | null): void {
  const { models } = table();
  const name = model.slice(0, MAX_NAME_LENGTH);
  let key = `${provider ?? ""}\u0000${name}`;
  if (!models.has(key) && models.size >= MAX_UNPRICED_MODELS) key = OTHER_MODELS;
  const entry = models.get(key);
  if (entry !== undefined) entry.calls++;
  else models.set(key, key === OTHER_MODELS ? { model: OTHER_MODELS, provider: null, calls: 1 } : { model: name, provider, calls: 1 });
}

/** Notes an exported span: a model event with token usage and no reported cost counts its model. Never throws. */
export function notePricedCall(span: ReadableSpan): void {
  try {
    const attributes = span.attributes as Readonly<Record<string, unknown>>;
    if (attributes[ATTR_EVENT_TYPE] !== "model" || reportsCost(attributes)) return;
    if (Object.keys(usageOf(attributes)).length === 0) return;
    const call = readModelCall({ name: span.name, attributes, scopeName: span.instrumentationScope?.name });
    if (call === undefined || (call.tokens.input === null && call.tokens.output === null)) return;
    count(call.model ?? NO_MODEL_NAME, call.provider);
  } catch (error) {
    noteInternalError(error);
  }
}

/** The models counted since start (or the last reset), most calls first. */
export function modelsNeedingPrices(): UnpricedModel[] {
  return [...table().models.values()].map((m) => ({ ...m })).sort((a, b) => b.calls - a.calls || a.model.localeCompare(b.model));
}


/**
 * The counted models the dev server has no price for, most calls first (a call naming no model cannot be priced; the
 * bucket of models beyond the bound cannot be checked and is left out); undefined when `@honeyhive/dev-server` is not installed, so prices cannot be checked. Never
 * rejects.
 */
export async function unpricedModels(): Promise<UnpricedModel[] | undefined> {
  const models = modelsNeedingPrices();
  if (models.length === 0) return [];
  const hasPrice = (await devServerPrices())?.modelHasPrice;
  if (hasPrice === undefined) return undefined;
  return models.filter((m) => m.model !== OTHER_MODELS && (m.model === NO_MODEL_NAME || !hasPrice(m.provider, m.model)));
}

/** `"my-model" (ollama) ×3, "other" ×1` — the first `shown` models, and how many more. */
export function unpricedModelsText(models: readonly UnpricedModel[], shown = 5): string {
  const listed = models.slice(0, shown).map((m) => `${m.model === OTHER_MODELS ? m.model : JSON.stringify(m.model)}${m.provider ? ` (${m.provider})` : ""} ×${m.calls}`);
  const more = models.length > shown ? `, and ${models.length - shown} more` : "";
  return `${listed.join(", ")}${more}`;
}
