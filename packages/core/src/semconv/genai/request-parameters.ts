/**
 * Request parameters under one set of names (OpenAI-style), whichever dialect named them: OTel
 * `gen_ai.request.*`, OpenInference's `llm.invocation_parameters`, the Vercel AI SDK's `ai.settings.*`.
 */
import { json } from "./read-values";

/** Canonical parameter name → the names dialects use for it. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  temperature: ["temperature"],
  max_tokens: ["max_tokens", "max_completion_tokens", "maxOutputTokens", "maxTokens", "max_output_tokens"],
  top_p: ["top_p", "topP"],
  top_k: ["top_k", "topK"],
  frequency_penalty: ["frequency_penalty", "frequencyPenalty"],
  presence_penalty: ["presence_penalty", "presencePenalty"],
  stop_sequences: ["stop_sequences", "stop", "stopSequences"],
  seed: ["seed"],
  choice_count: ["choice.count", "n"],
  reasoning_effort: ["reasoning_effort", "reasoning.level", "reasoningEffort"],
};

function usable(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** The value as stored data will hold it: JSON-safe (-0 is 0, non-finite numbers and unserialisable values are dropped). */
function jsonSafe(value: unknown): unknown {
  if (typeof value === "number") return Number.isFinite(value) ? value + 0 : undefined;
  if (typeof value !== "object" || value === null) return value;
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return undefined;
  }
}

/** The canonical parameter names, in the order a result lists them. */
const PARAMETERS = Object.keys(ALIASES);

/** One attribute key of a parameter: which parameter (index in {@link PARAMETERS}) and its rank (the lower wins). */
interface AliasKey {
  readonly parameter: number;
  readonly rank: number;
}

/** Attribute key → the parameter it names, per key prefix (a few constant prefixes: the dialects'). */
const KEYS_BY_PREFIX = new Map<string, ReadonlyMap<string, AliasKey>>();

function keysFor(prefix: string): ReadonlyMap<string, AliasKey> {
  let keys = KEYS_BY_PREFIX.get(prefix);
  if (keys === undefined) {
    const map = new Map<string, AliasKey>();
    PARAMETERS.forEach((name, parameter) => {
      ALIASES[name]!.forEach((alias, rank) => {
        if (!map.has(`${prefix}${alias}`)) map.set(`${prefix}${alias}`, { parameter, rank });
      });
    });
    keys = map;
    if (KEYS_BY_PREFIX.size < 32) KEYS_BY_PREFIX.set(prefix, keys);
  }
  return keys;
}

/** The value parameter `name` takes from `raw`, or undefined when it is not usable. */
function parameterValue(name: string, raw: unknown): unknown {
  if (!usable(raw)) return undefined;
  const value = jsonSafe(name === "stop_sequences" && typeof raw === "string" && raw.startsWith("[") ? json(raw) ?? raw : raw);
  return usable(value) ? value : undefined;
}

/**
 * The parameters found in `source` (a flat record) under any alias, optionally after a key prefix: per parameter,
 * the usable value of its first alias (in {@link ALIASES} order). One pass over the record's own keys, each looked
 * up once (this runs for every model span; probing every alias of every parameter cost several times more).
 */
export function pickRequestParameters(source: Readonly<Record<string, unknown>>, prefix = ""): Record<string, unknown> {
  const keys = keysFor(prefix);
  let picked: ({ rank: number; value: unknown } | undefined)[] | undefined;
  for (const key in source) {
    if (!Object.prototype.hasOwnProperty.call(source, key)) continue;
    const alias = keys.get(key);
    if (alias === undefined) continue;
    const best = picked?.[alias.parameter];
    if (best !== undefined && best.rank < alias.rank) continue;
    const value = parameterValue(PARAMETERS[alias.parameter]!, source[key]);
    if (value !== undefined) (picked ??= [])[alias.parameter] = { rank: alias.rank, value };
  }
  const out: Record<string, unknown> = {};
  if (picked !== undefined) {
    for (let i = 0; i < PARAMETERS.length; i++) if (picked[i] !== undefined) out[PARAMETERS[i]!] = picked[i]!.value;
  }
  return out;
}
