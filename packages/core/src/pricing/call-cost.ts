/**
 * The one definition of what a model call cost, used wherever a cost is shown or summed (the dev server's ingest,
 * session and run totals, the viewer). Pure: no I/O, no globals.
 *
 * Token counts are the canonical event's: `inputTokens` counts every input token, cached ones included (cache reads
 * and cache writes are subsets of it), and `outputTokens` counts every output token, reasoning included. Each subset
 * is priced at its own rate and the rest of the input or output at the plain rate, so a prompt-cached call is
 * neither double-counted nor priced as uncached.
 *
 * The cost's basis says how far to trust it: `reported` (the call carried its own cost), `priced` (provider-reported
 * token counts × a table price) or `estimated` (token counts that an instrumentation estimated). A call whose model
 * is in no table, or that reports no tokens, has no cost (`null`) — never 0.
 */
import { unknownKeyMessage, unknownKeys } from "../text/closest-key";
import { combinedCostBasis, type CostBasis } from "./cost-basis";
import { BUILT_IN_MODEL_PRICES, type ModelPrice } from "./model-prices";

export type { CostBasis } from "./cost-basis";

/** Token counts of one call (canonical meaning: see the module comment). Absent or null means "not reported". */
interface CallTokenUsage {
  readonly inputTokens?: number | null;
  readonly outputTokens?: number | null;
  readonly cacheReadTokens?: number | null;
  readonly cacheWriteTokens?: number | null;
  readonly reasoningTokens?: number | null;
}

/** What `priceCall` needs to know about a call. */
interface PricedCall {
  /** Provider as any dialect names it (`openai`, `az.ai.openai`, `anthropic.messages`, `gcp.gemini`, …). */
  readonly provider?: string | null;
  /** Model name, preferably the response's (dated snapshots are matched to their family). */
  readonly model?: string | null;
  readonly usage: CallTokenUsage;
  /** A cost the call reported itself (US dollars); used as is when it is a finite number ≥ 0. */
  readonly reportedCost?: number | null;
  /** True when the token counts were estimated by an instrumentation rather than reported by the provider. */
  readonly tokensEstimated?: boolean;
}

/** A call's cost in US dollars and how it was obtained. */
export interface CallCost {
  readonly cost: number;
  readonly basis: CostBasis;
  /** The price-table entry used (`provider/model`), absent for a reported cost. */
  readonly priceKey?: string;
}

/** Prices by canonical provider, then model family. Build with `createPriceTable`. */
export interface PriceTable {
  readonly providers: Readonly<Record<string, Readonly<Record<string, ModelPrice>>>>;
}

/** Per provider, per model: prices to add to (or replace in) the built-in table. */
export type PriceOverrides = Readonly<Record<string, Readonly<Record<string, ModelPrice>>>>;

const PRICE_KINDS = ["input", "output", "cacheRead", "cacheWrite", "reasoning"] as const;
const PER_TOKEN = 1 / 1_000_000;

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
 * A price table: the built-in prices plus `overrides` (an entry for a known provider/model replaces the built-in
 * one; new providers and models are added). With `builtIns: false` only the overrides are used.
 * Throws a `TypeError` naming the entry when a price is not a finite number ≥ 0 or has an unknown key.
 */
export function createPriceTable(overrides: PriceOverrides = {}, options: { builtIns?: boolean } = {}): PriceTable {
  const providers: Record<string, Record<string, ModelPrice>> = {};
  if (options.builtIns !== false) {
    for (const [provider, models] of Object.entries(BUILT_IN_MODEL_PRICES)) providers[provider] = { ...models };
  }
  for (const [rawProvider, models] of Object.entries(overrides)) {
    const provider = canonicalProvider(tableKey(rawProvider, "provider")) ?? rawProvider.trim().toLowerCase();
    const target = (providers[provider] ??= {});
    for (const [model, price] of Object.entries(models ?? {})) target[tableKey(model, `${provider}: model`)] = checkedPrice(provider, model, price);
  }
  return { providers };
}

const DEFAULT_TABLE = createPriceTable();

/** The canonical provider (`openai`, `anthropic`, `google`) for a dialect's provider name, or undefined. */
export function canonicalProvider(name: string | null | undefined): string | undefined {
  if (typeof name !== "string") return undefined;
  const n = name.trim().toLowerCase();
  if (n === "") return undefined;
  if (/^(openai|azure|az\.ai\.openai|azure\.ai\.openai|azure[_-]openai)(\.|$)/.test(n)) return "openai";
  if (/^anthropic(\.|$)/.test(n)) return "anthropic";
  if (/^(google|gcp\.|vertex|gemini)/.test(n)) return "google";
  return n;
}

function providerFromModel(model: string): string | undefined {
  if (/^(gpt-|o\d(-|$)|text-embedding-|chatgpt-)/.test(model)) return "openai";
  if (model.startsWith("claude-")) return "anthropic";
  if (model.startsWith("gemini-")) return "google";
  return undefined;
}

/** `openai/gpt-4o` → `gpt-4o`; `us.anthropic.claude-3-5-sonnet-…` → `claude-3-5-sonnet-…`; lower case. */
function modelFamilyName(model: string): string {
  let name = model.trim().toLowerCase();
  name = name.slice(name.lastIndexOf("/") + 1);
  for (let match = /^([a-z]+)\.(.+)$/.exec(name); match; match = /^([a-z]+)\.(.+)$/.exec(name)) name = match[2]!;
  return name;
}

/**
 * What may follow a family key in a model name: a date or snapshot number (three digits or more: `-20241022`,
 * `-2024-08-06`, `-0613`, `-002`), a `v` version, or a `latest`/`preview` tag. One or two digits are a newer model
 * of the family (`claude-opus-4-6` is not a snapshot of `claude-opus-4` and has its own price), so they do not match.
 */
const SNAPSHOT_SUFFIX = /^[-@:_](\d{3,}[\d-]*(-v\d[\w:.@-]*)?|latest|preview(-[\d-]+)?|v\d[\w:.@-]*)$/;

function findPrice(models: Readonly<Record<string, ModelPrice>>, name: string): [string, ModelPrice] | undefined {
  let best: string | undefined;
  for (const key of Object.keys(models)) {
    const fits = name === key || (name.startsWith(key) && SNAPSHOT_SUFFIX.test(name.slice(key.length)));
    if (fits && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : [best, models[best]!];
}

/** More tokens than any call can have: such a count is corrupt data, read as "not reported". */
const MAX_TOKEN_COUNT = 1e12;

function count(value: number | null | undefined, max = MAX_TOKEN_COUNT): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= max ? value : null;
}

function tokenCost(price: ModelPrice, usage: CallTokenUsage): number | null {
  const input = count(usage.inputTokens);
  const output = count(usage.outputTokens);
  if (input === null && output === null) return null;
  const cacheRead = Math.min(count(usage.cacheReadTokens) ?? 0, input ?? Infinity);
  const cacheWrite = Math.min(count(usage.cacheWriteTokens) ?? 0, Math.max(0, (input ?? Infinity) - cacheRead));
  const reasoning = Math.min(count(usage.reasoningTokens) ?? 0, output ?? Infinity);
  const plainInput = Math.max(0, (input ?? cacheRead + cacheWrite) - cacheRead - cacheWrite);
  const plainOutput = Math.max(0, (output ?? reasoning) - reasoning);
  const dollars =
    plainInput * price.input +
    cacheRead * (price.cacheRead ?? price.input) +
    cacheWrite * (price.cacheWrite ?? price.input) +
    plainOutput * price.output +
    reasoning * (price.reasoning ?? price.output);
  return Number.isFinite(dollars) ? dollars * PER_TOKEN : null;
}

/** Lookups already answered, per table (a table is never changed once built); bounded, emptied when full. */
const LOOKUPS = new WeakMap<PriceTable, Map<string, readonly [string, ModelPrice] | null>>();
const MAX_REMEMBERED_LOOKUPS = 1024;

/** The price-table entry for a provider and model (`[key, price]`), or undefined when none fits. */
export function lookupModelPrice(provider: string | null | undefined, model: string | null | undefined, table: PriceTable = DEFAULT_TABLE): [string, ModelPrice] | undefined {
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
  return entry === null ? undefined : [entry[0], entry[1]];
}

function findModelPrice(provider: string | null | undefined, model: string, table: PriceTable): [string, ModelPrice] | undefined {
  const name = modelFamilyName(model);
  const canonical = canonicalProvider(provider);
  const candidates = [canonical, providerFromModel(name)].filter((p): p is string => p !== undefined);
  for (const candidate of new Set(candidates)) {
    const models = table.providers[candidate];
    const found = models ? findPrice(models, name) : undefined;
    if (found) return [`${candidate}/${found[0]}`, found[1]];
  }
  return undefined;
}

/** The cost of one call, or null when it reports no cost and no price fits its model and tokens. Never throws. */
export function priceCall(call: PricedCall, table: PriceTable = DEFAULT_TABLE): CallCost | null {
  const reported = count(call?.reportedCost, Number.MAX_VALUE);
  if (reported !== null) return { cost: reported, basis: "reported" };
  const entry = lookupModelPrice(call?.provider, call?.model, table);
  if (!entry) return null;
  const cost = tokenCost(entry[1], call.usage ?? {});
  if (cost === null) return null;
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
