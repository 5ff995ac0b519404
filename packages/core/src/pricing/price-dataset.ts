/**
 * The shape of the built-in price dataset (`generated-prices.ts`, generated from `@pydantic/genai-prices`) and the
 * one evaluator of its name-matching clauses. The clause kinds are exactly the dataset's: `equals`, `starts_with`,
 * `ends_with`, `contains` (case-insensitive), `regex` (the dataset's own expressions, compiled once; never a
 * user-supplied one), `or` and `and`.
 */

/** A name-matching rule of the dataset. */
export type MatchClause =
  | { readonly equals: string }
  | { readonly starts_with: string }
  | { readonly ends_with: string }
  | { readonly contains: string }
  | { readonly regex: string }
  | { readonly or: readonly MatchClause[] }
  | { readonly and: readonly MatchClause[] };

/**
 * A price in US dollars per million tokens: one number, or a base price with tiers by the call's input token count
 * (`[start, price]`: the price once the call has more than `start` input tokens; the highest such tier applies to
 * every token of that kind).
 */
export type TokenPrice = number | { readonly base: number; readonly tiers: readonly (readonly [number, number])[] };

/** A model's prices per token kind (see `ModelPrice` in `model-prices.ts` for each kind's meaning and default). */
export interface DatasetModelPrice {
  readonly input: TokenPrice;
  readonly output: TokenPrice;
  readonly cacheRead?: TokenPrice;
  readonly cacheWrite?: TokenPrice;
  readonly reasoning?: TokenPrice;
  readonly inputAudio?: TokenPrice;
  readonly outputAudio?: TokenPrice;
  readonly inputImage?: TokenPrice;
  readonly outputImage?: TokenPrice;
}

/** A price in effect from a day on (`from`, YYYY-MM-DD, UTC), or from the start when `from` is absent. */
export interface DatedPrice {
  readonly from?: string;
  readonly price: DatasetModelPrice;
}

/** One model of a provider: its id, the rule its names match, and its price (or its dated prices, oldest first). */
export interface DatasetModel {
  readonly id: string;
  readonly match: MatchClause;
  readonly price: DatasetModelPrice | readonly DatedPrice[];
}

/** One provider: its id, the rule other names of it match, the rule its models' names match, and its models. */
export interface DatasetProvider {
  readonly id: string;
  readonly providerMatch?: MatchClause;
  readonly modelMatch?: MatchClause;
  /** Providers whose models this one also serves at their price (Azure → OpenAI, …). */
  readonly fallback?: readonly string[];
  readonly models: readonly DatasetModel[];
}

/** The whole dataset: providers in the dataset's order (the first whose rule matches wins). */
export type PriceDataset = readonly DatasetProvider[];

const COMPILED = new Map<string, RegExp | null>();

function datasetRegex(source: string): RegExp | null {
  let re = COMPILED.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source);
    } catch {
      re = null; // a dataset expression this runtime cannot compile matches nothing
    }
    COMPILED.set(source, re);
  }
  return re;
}

/** True when `name` (already lower case) satisfies the clause. */
export function matchesClause(clause: MatchClause, name: string): boolean {
  if ("or" in clause) return clause.or.some((c) => matchesClause(c, name));
  if ("and" in clause) return clause.and.every((c) => matchesClause(c, name));
  if ("equals" in clause) return name === clause.equals.toLowerCase();
  if ("starts_with" in clause) return name.startsWith(clause.starts_with.toLowerCase());
  if ("ends_with" in clause) return name.endsWith(clause.ends_with.toLowerCase());
  if ("contains" in clause) return name.includes(clause.contains.toLowerCase());
  if ("regex" in clause) return datasetRegex(clause.regex)?.test(name) ?? false;
  return false;
}

/** The price of a dated entry list in effect at `atMs` (epoch ms): the latest entry whose day has begun. */
export function priceAt(price: DatasetModel["price"], atMs: number): DatasetModelPrice {
  if (!Array.isArray(price)) return price as DatasetModelPrice;
  const dated = price as readonly DatedPrice[];
  for (let i = dated.length - 1; i >= 0; i--) {
    const from = dated[i]!.from;
    if (from === undefined || Date.parse(`${from}T00:00:00Z`) <= atMs) return dated[i]!.price;
  }
  return dated[0]!.price;
}

/** A token price at a call's input token count. */
export function tokenPriceFor(price: TokenPrice, inputTokens: number): number {
  if (typeof price === "number") return price;
  let value = price.base;
  for (const [start, tierPrice] of price.tiers) if (inputTokens > start) value = tierPrice;
  return value;
}
