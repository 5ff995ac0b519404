/**
 * Token counts and cost of a model call, read from whichever convention wrote them — in metadata, metrics, config
 * or outputs, stored flat or nested — through the one list of keys in `@honeyhive/core/pricing/usage-keys`:
 * HoneyHive's metadata keys first (the ingest writes the canonical model event's counts there, corrected where a
 * dialect misreports), then every GenAI dialect's token attributes (the dialect tables' own lists), then an
 * OpenAI-style `usage` object. Numbers and numeric strings count (`@honeyhive/core/values/count`); anything else is
 * ignored. The cost is the one the ingest stored (`metadata.cost`, priced by `priceCall`, with
 * `metadata.cost_basis`), read with the same reported-cost keys the ingest uses: the viewer never prices a call. *
 * {@link callTotals} is the one summing rule of the viewer's session and run pages and of the session API's roll-ups
 * (see its comment); {@link callTotalsBySide} splits it into the app's calls and the evaluation's (evaluators, LLM
 * judges). Pure, no Node APIs: the viewer's browser bundle uses it too.
 */
import { combinedCostBasis, isCostBasis, type CostBasis } from "@honeyhive/core/pricing/cost-basis";
import { CALL_TOKEN_KEYS, REPORTED_COST_KEYS, USAGE_TOKEN_KEYS } from "@honeyhive/core/pricing/usage-keys";
import type { TokenField } from "@honeyhive/core/semconv/genai/token-keys";
import { pathLeaves, pathPrefixes, type PathLeaves } from "./flatten";
import { firstCounts } from "./first-counts";

/** How a cost was obtained (`@honeyhive/core/pricing/cost-basis`); a sum takes its least certain part's basis. */
export type { CostBasis } from "@honeyhive/core/pricing/cost-basis";

/** Tokens and cost; null where unknown. */
export interface Usage {
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  cost: number | null;
  /** How `cost` was obtained, when the ingest said (absent for a cost of unknown origin). */
  cost_basis?: CostBasis;
  /** Model calls that report tokens but have no price (their cost is unknown: "no price", never 0). */
  unpriced_calls?: number;
  /** The models of those calls, first seen first, at most {@link MAX_UNPRICED_MODELS} names. */
  unpriced_models?: string[];
}

/** How many models without a price a usage names (a total of many calls names the first ones). */
export const MAX_UNPRICED_MODELS = 5;

/** An event as the summing rule reads it (a tree event, or a stored event mapped to this shape). */
export interface CallUsageEvent {
  id: string;
  parent: string | null;
  type: string;
  usage?: Usage | null;
  /** The event is evaluation work (an evaluator's or LLM judge's: {@link isEvaluationWork}). */
  evaluation?: boolean;
}

/** The app's tokens and cost and the evaluation's (evaluators, LLM judges), each null when it has none. */
export interface UsageBySide {
  app: Usage | null;
  evaluation: Usage | null;
}

/**
 * True for an event the SDK marked as evaluation work: evaluate() runs each evaluator with
 * `honeyhive_metadata.evaluator` (its name) set on every span started inside it, LLM judge calls included.
 */
export function isEvaluationWork(event: { metadata?: unknown }): boolean {
  const metadata = event.metadata;
  if (typeof metadata !== "object" || metadata === null) return false;
  const evaluator = (metadata as Record<string, unknown>).evaluator;
  return typeof evaluator === "string" && evaluator !== "";
}

/** Every key usage is read from (flattened paths): the shared token and reported-cost keys, and the cost basis. */
export const USAGE_KEYS: readonly string[] = [...Object.values(CALL_TOKEN_KEYS).flat(), ...REPORTED_COST_KEYS, "cost_basis"];
/** Every dotted prefix of {@link USAGE_KEYS}: the properties usage is looked for under. */
const USAGE_PATHS = pathPrefixes(USAGE_KEYS);
/**
 * Each of {@link USAGE_KEYS} contains one of these: a stored object whose JSON text contains none of them holds
 * no usage, so the session tree skips parsing it (store/sqlite-tree-rows.ts). A new key must keep this true.
 */
export const USAGE_KEY_MARKERS: readonly string[] = ["token", "Token", "cost"];
/** The key a call without a price is named by (`config.model`), as it appears in stored JSON text. */
export const MODEL_MARKER = '"model"';
/** The key {@link isEvaluationWork} reads, as it appears in stored JSON text. */
export const EVALUATOR_MARKER = '"evaluator"';

/** The parts of an event usage is read from (`event_type` tells a model call, which can lack a price). */
export interface UsageSource {
  event_type?: unknown;
  metadata?: unknown;
  metrics?: unknown;
  config?: unknown;
  outputs?: unknown;
}

const EMPTY: PathLeaves = new Map();

function isEmpty(value: object): boolean {
  for (const _ in value) return false;
  return Array.isArray(value) ? value.length === 0 : true;
}

/** The flattened objects usage is read from, in precedence order (metadata, metrics, config, outputs). */
function usageMaps(event: UsageSource): PathLeaves[] {
  // Empty objects (most of them, in a session's tree) hold nothing: not flattened. Only the properties on the way to a
  // usage key are visited: a call's inputs, outputs and other metadata are neither walked nor copied.
  const leaves: PathLeaves[] = [];
  for (const v of [event.metadata, event.metrics, event.config, event.outputs]) {
    if (typeof v === "object" && v !== null) leaves.push(isEmpty(v) ? EMPTY : pathLeaves(v, USAGE_PATHS, 2000));
  }
  return leaves;
}

/** Every token count of a model call and the cost it reports itself: what it is priced by. */
export interface CallReading {
  tokens: Record<TokenField, number | null>;
  reportedCost: number | null;
}

const TOKEN_FIELDS = Object.keys(CALL_TOKEN_KEYS) as TokenField[];
/** Every token count of a call (in {@link TOKEN_FIELDS} order), then its reported cost. */
const readCallCounts = firstCounts([...TOKEN_FIELDS.map((field) => CALL_TOKEN_KEYS[field]), REPORTED_COST_KEYS]);
/** The input, output and total tokens and the reported cost a usage sums. */
const readUsageCounts = firstCounts([USAGE_TOKEN_KEYS.input, USAGE_TOKEN_KEYS.output, USAGE_TOKEN_KEYS.total, REPORTED_COST_KEYS]);

/**
 * The token counts (every kind: cache, reasoning, audio, image too) and reported cost of a call, by the rule
 * {@link eventUsage} counts it by: wherever the event holds them (metadata, metrics, config, outputs; HoneyHive's
 * keys, a GenAI dialect's, a provider's usage object). The ingest prices a call from this, so tokens reported under
 * `metrics` (as the Python SDK's `/events/model` sends them) are priced as those under `metadata` are.
 */
export function readCall(event: UsageSource): CallReading {
  const counts = readCallCounts(usageMaps(event));
  const tokens = {} as Record<TokenField, number | null>;
  TOKEN_FIELDS.forEach((field, i) => (tokens[field] = counts[i]!));
  return { tokens, reportedCost: counts[TOKEN_FIELDS.length]! };
}

/** The usage of one event, or null when it records none. */
export function eventUsage(event: UsageSource): Usage | null {
  // The cost basis is read from the first object only, as always.
  const maps = usageMaps(event);
  const [input, output, reportedTotal, cost] = readUsageCounts(maps) as [number | null, number | null, number | null, number | null];
  const total = reportedTotal ?? (input !== null || output !== null ? (input ?? 0) + (output ?? 0) : null);
  if (input === null && output === null && total === null && cost === null) return null;
  const usage: Usage = { input_tokens: input, output_tokens: output, total_tokens: total, cost };
  const basis = maps[0]?.get("cost_basis");
  if (cost !== null && isCostBasis(basis)) usage.cost_basis = basis;
  if (cost === null && event.event_type === "model") markUnpriced(usage, event.config);
  return usage;
}

/** Marks a model call's usage as without a price, naming its model (`config.model`) when it has one. */
function markUnpriced(usage: Usage, config: unknown): void {
  usage.unpriced_calls = 1;
  const model = typeof config === "object" && config !== null ? (config as Record<string, unknown>).model : undefined;
  if (typeof model === "string" && model.trim() !== "") usage.unpriced_models = [model.trim().slice(0, 200)];
}

/** The models without a price of two usages, first seen first, without repeats, at most {@link MAX_UNPRICED_MODELS}. */
function unpricedModels(a: Usage, b: Usage): string[] | undefined {
  if (!b.unpriced_models) return a.unpriced_models;
  if (!a.unpriced_models) return b.unpriced_models;
  return [...new Set([...a.unpriced_models, ...b.unpriced_models])].slice(0, MAX_UNPRICED_MODELS);
}

/** The basis of two usages' summed cost: a side without a cost adds nothing to it; else the one rule of core. */
function sumBasis(a: Usage, b: Usage): CostBasis | undefined {
  if (a.cost === null) return b.cost_basis;
  if (b.cost === null) return a.cost_basis;
  return combinedCostBasis(a.cost_basis, b.cost_basis);
}

/** The sum of several usages (a field is null only when no usage has it); null for none. */
export function sumUsage(usages: Iterable<Usage | null | undefined>): Usage | null {
  let out: Usage | null = null;
  const add = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);
  for (const u of usages) {
    if (!u) continue;
    if (!out) {
      out = { ...u };
      continue;
    }
    const basis = sumBasis(out, u);
    const unpriced = (out.unpriced_calls ?? 0) + (u.unpriced_calls ?? 0);
    const models = unpricedModels(out, u);
    out = { input_tokens: add(out.input_tokens, u.input_tokens), output_tokens: add(out.output_tokens, u.output_tokens), total_tokens: add(out.total_tokens, u.total_tokens), cost: add(out.cost, u.cost) };
    if (basis !== undefined) out.cost_basis = basis;
    if (unpriced > 0) out.unpriced_calls = unpriced;
    if (models !== undefined) out.unpriced_models = models;
  }
  return out;
}

/** Deepest parent chain followed when looking for an enclosing model call. */
const MAX_DEPTH = 256;

/** What {@link ancestry} finds above an event. */
interface Ancestry {
  outer: CallUsageEvent | undefined;
  evaluation: boolean;
}

/**
 * The outermost model event enclosing `event` (an ancestor of type `model`), and whether an ancestor is evaluation
 * work: its parent chain followed up to {@link MAX_DEPTH} steps, stopping at an event met before (a parent cycle).
 * A chain that ends (no parent, or a parent not among the events) within the bound met no event twice (one that
 * meets an event again goes round for ever), so the first walk keeps no set of the events met (`seen`); only a
 * chain that reaches the bound is walked again with one. A session has thousands of model events, each a short chain.
 */
function ancestry(event: CallUsageEvent, byId: ReadonlyMap<string, CallUsageEvent>, seen?: Set<string>): Ancestry {
  let outer: CallUsageEvent | undefined;
  let evaluation = event.evaluation === true;
  let p = event.parent;
  for (let depth = 0; p !== null && depth < MAX_DEPTH; depth++) {
    if (seen?.has(p)) return { outer, evaluation };
    seen?.add(p);
    const parent = byId.get(p);
    if (!parent) return { outer, evaluation };
    if (parent.type === "model") outer = parent;
    if (parent.evaluation === true) evaluation = true;
    p = parent.parent;
  }
  return p === null || seen !== undefined ? { outer, evaluation } : ancestry(event, byId, new Set([event.id]));
}

/** Each LLM call once (see {@link callTotals}), with whether it was evaluation work (it or an ancestor marked). */
function countedCalls(events: Iterable<CallUsageEvent>): { usage: Usage | null; evaluation: boolean }[] {
  const list = [...events];
  const byId = new Map(list.map((e) => [e.id, e]));
  const nested = new Map<string, Usage[]>();
  const outermost: { call: CallUsageEvent; evaluation: boolean }[] = [];
  for (const event of list) {
    if (event.type !== "model") continue;
    const { outer, evaluation } = ancestry(event, byId);
    if (outer === undefined) outermost.push({ call: event, evaluation });
    else if (event.usage) {
      const list = nested.get(outer.id); // push, not a copy per call: 10,000 nested calls made that quadratic
      if (list) list.push(event.usage);
      else nested.set(outer.id, [event.usage]);
    }
  }
  return outermost.map(({ call, evaluation }) => ({ usage: call.usage ?? sumUsage(nested.get(call.id) ?? []), evaluation }));
}

/**
 * The tokens and cost of a set of events (a session's, or every session's of a run): the one summing rule of the
 * viewer, the same as HoneyHive's session roll-ups (token counts and `metadata.cost` summed over `model` events).
 * Membership is the caller's: the events stored under the session(s) — never totals a session event carries as
 * its own attributes, which are not summed. Each LLM call counts once: only `model` events count (a framework's
 * chain span that repeats its calls' usage does not), and a model event nested inside another model event (two
 * instrumentations reporting the same call) is the same call — the outermost one counts, with its own usage, or
 * the sum of the nested ones' when it reports none. That is the rule of `semconv/model-call.ts` (decision record
 * 0005), which the SDK applies before export (the inner span arrives as a `chain` event); here it also covers spans
 * that reached the server without the SDK's decision. A call with tokens and no price adds to `unpriced_calls`.
 */
export function callTotals(events: Iterable<CallUsageEvent>): Usage | null {
  return sumUsage(countedCalls(events).map((c) => c.usage));
}

/**
 * {@link callTotals} split by who made the calls: the app under test, or the evaluation (a call that is, or runs
 * inside, an event marked as evaluation work). `app` + `evaluation` = `callTotals`.
 */
export function callTotalsBySide(events: Iterable<CallUsageEvent>): UsageBySide {
  const calls = countedCalls(events);
  return { app: sumUsage(calls.filter((c) => !c.evaluation).map((c) => c.usage)), evaluation: sumUsage(calls.filter((c) => c.evaluation).map((c) => c.usage)) };
}
