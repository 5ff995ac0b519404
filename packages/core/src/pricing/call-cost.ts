/**
 * The one definition of what a model call cost, used wherever a cost is shown or summed (the dev server's ingest,
 * session and run totals, the viewer). Pure: no I/O, no globals.
 *
 * Token counts are the canonical event's: `inputTokens` counts every input token, cached ones included (cache reads
 * and cache writes are subsets of it), and `outputTokens` counts every output token, reasoning included. Each subset
 * is priced at its own rate and the rest of the input or output at the plain rate, so a prompt-cached call is
 * neither double-counted nor priced as uncached.
 *
 * A call is priced by the provider it records: the user's price for that provider (or a provider it falls back to),
 * then the dataset's; then, for a call whose provider is not recorded or lists no such model, the model maker's
 * (`claude-…` → Anthropic) — except through a local model server (Ollama, vLLM, LM Studio), which has no list price.
 *
 * The cost's basis says how far to trust it: `reported` (the call carried its own cost), `priced` (provider-reported
 * token counts × a table price) or `estimated` (token counts that an instrumentation estimated). A call whose model
 * is in no table, or that reports no tokens, has no cost (`null`) — never 0.
 */
import { combinedCostBasis, type CostBasis } from "./cost-basis";
import { findDatasetEntry, modelNames } from "./dataset-lookup";
import type { ModelPrice } from "./model-prices";
import { priceAt, type DatasetModel, type DatasetModelPrice } from "./price-dataset";
import { createPriceTable, type PriceTable } from "./price-table";
import { canonicalProvider, datasetProvider, isLocalServer, modelMaker } from "./provider-names";
import { tokenCost, type CallTokenUsage } from "./token-cost";

export type { CostBasis } from "./cost-basis";
export { createPriceTable, type PriceOverrides, type PriceTable } from "./price-table";
export { canonicalProvider } from "./provider-names";

/** What `priceCall` needs to know about a call. */
interface PricedCall {
  /** Provider as any dialect names it (`openai`, `az.ai.openai`, `anthropic.messages`, `gcp.gemini`, `groq`, …). */
  readonly provider?: string | null;
  /** Model name, preferably the response's (dated snapshots are matched to their family). */
  readonly model?: string | null;
  readonly usage: CallTokenUsage;
  /** A cost the call reported itself (US dollars); used as is when it is a finite number ≥ 0. */
  readonly reportedCost?: number | null;
  /** True when the token counts were estimated by an instrumentation rather than reported by the provider. */
  readonly tokensEstimated?: boolean;
  /** When the call was made (epoch ms; default: now): picks the price in effect that day where prices changed. */
  readonly at?: number | null;
  /** True when the call went through the provider's Batch API: priced at its batch rate (see {@link BATCH_PRICE_FACTOR}). */
  readonly batch?: boolean;
}

/**
 * What a call made through a provider's Batch API costs, as a share of the list price: half, at OpenAI and at
 * Anthropic (their published batch rate). A provider not listed is priced at its list price.
 */
export const BATCH_PRICE_FACTOR: Readonly<Record<string, number>> = { openai: 0.5, anthropic: 0.5 };

/** A call's cost in US dollars and how it was obtained. */
export interface CallCost {
  readonly cost: number;
  readonly basis: CostBasis;
  /** The price-table entry used (`provider/model`), absent for a reported cost. */
  readonly priceKey?: string;
}

/**
 * What may follow a user price's model key in a model name: a date or snapshot number (three digits or more:
 * `-20241022`, `-2024-08-06`, `-0613`, `-002`), a `v` version, or a `latest`/`preview` tag. One or two digits are a
 * newer model of the family, so they do not match.
 */
const SNAPSHOT_SUFFIX = /^[-@:_](\d{3,}[\d-]*(-v\d[\w:.@-]*)?|latest|preview(-[\d-]+)?|v\d[\w:.@-]*)$/;

function findUserPrice(models: Readonly<Record<string, ModelPrice>>, names: readonly string[]): [string, ModelPrice] | undefined {
  for (const name of names) {
    let best: string | undefined;
    for (const key of Object.keys(models)) {
      const fits = name === key || (name.startsWith(key) && SNAPSHOT_SUFFIX.test(name.slice(key.length)));
      if (fits && (best === undefined || key.length > best.length)) best = key;
    }
    if (best !== undefined) return [best, models[best]!];
  }
  return undefined;
}

type Found = readonly [string, DatasetModel["price"]];

/** The providers whose prices may apply, in order: each group's user prices, then the dataset under its head. */
function providerGroups(provider: string | null | undefined, names: readonly string[]): string[][] {
  const recorded = canonicalProvider(provider);
  const maker = names.map(modelMaker).find((id) => id !== undefined);
  if (recorded !== undefined && isLocalServer(recorded)) return [[recorded]];
  const groups: string[][] = [];
  if (recorded !== undefined) groups.push([recorded, ...(datasetProvider(recorded)?.fallback ?? [])]);
  if (maker !== undefined && maker !== recorded) groups.push([maker]);
  return groups;
}

function findModelPrice(provider: string | null | undefined, model: string, table: PriceTable): Found | undefined {
  const names = modelNames(model);
  for (const group of providerGroups(provider, names)) {
    for (const id of group) {
      const models = table.providers[id];
      const found = models ? findUserPrice(models, names) : undefined;
      if (found) return [`${id}/${found[0]}`, found[1]];
    }
    const entry = table.builtIns ? findDatasetEntry(group[0]!, names) : undefined;
    if (entry) return [`${entry.provider}/${entry.model.id}`, entry.model.price];
  }
  return undefined;
}

const DEFAULT_TABLE = createPriceTable();
/** Lookups already answered, per table (a table is never changed once built); bounded, emptied when full. */
const LOOKUPS = new WeakMap<PriceTable, Map<string, Found | null>>();
const MAX_REMEMBERED_LOOKUPS = 1024;

/** The price-table entry for a provider and model (`[key, price]`) in effect at `at` (epoch ms, default now), or undefined. */
export function lookupModelPrice(
  provider: string | null | undefined,
  model: string | null | undefined,
  table: PriceTable = DEFAULT_TABLE,
  at?: number | null,
): [string, DatasetModelPrice] | undefined {
  if (typeof model !== "string" || model.trim() === "") return undefined;
  let remembered = LOOKUPS.get(table);
  if (remembered === undefined) LOOKUPS.set(table, (remembered = new Map()));
  const named = typeof provider === "string" ? provider : "";
  const key = `${named.length}:${named}${model}`; // the length prefix keeps every (provider, model) pair apart
  let entry = remembered.get(key);
  if (entry === undefined) {
    entry = findModelPrice(provider, model, table) ?? null;
    if (remembered.size >= MAX_REMEMBERED_LOOKUPS) remembered.clear();
    remembered.set(key, entry);
  }
  if (entry === null) return undefined;
  return [entry[0], priceAt(entry[1], typeof at === "number" && Number.isFinite(at) ? at : Date.now())];
}

/** The share of the list price a batched call of this price-table entry (`provider/model`) costs. */
function batchFactor(priceKey: string): number {
  const provider = priceKey.slice(0, priceKey.indexOf("/"));
  return Object.prototype.hasOwnProperty.call(BATCH_PRICE_FACTOR, provider) ? BATCH_PRICE_FACTOR[provider]! : 1;
}

/** The cost of one call, or null when it reports no cost and no price fits its model and tokens. Never throws. */
export function priceCall(call: PricedCall, table: PriceTable = DEFAULT_TABLE): CallCost | null {
  const reported = typeof call?.reportedCost === "number" && Number.isFinite(call.reportedCost) && call.reportedCost >= 0 ? call.reportedCost : null;
  if (reported !== null) return { cost: reported, basis: "reported" };
  const entry = lookupModelPrice(call?.provider, call?.model, table, call?.at);
  if (!entry) return null;
  const listCost = tokenCost(entry[1], call.usage ?? {});
  if (listCost === null) return null;
  const cost = call.batch === true ? listCost * batchFactor(entry[0]) : listCost;
  return { cost, basis: call.tokensEstimated === true ? "estimated" : "priced", priceKey: entry[0] };
}

/** The sum of several costs: null when none has one; its basis the least certain part's (`cost-basis.ts`). */
export function sumCosts(costs: Iterable<CallCost | null | undefined>): CallCost | null {
  let total: CallCost | null = null;
  for (const c of costs) {
    if (!c) continue;
    total = total === null ? { cost: c.cost, basis: c.basis } : { cost: total.cost + c.cost, basis: combinedCostBasis(total.basis, c.basis) ?? c.basis };
  }
  return total;
}
