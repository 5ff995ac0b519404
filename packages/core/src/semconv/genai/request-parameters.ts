/**
 * Request parameters under one set of names (OpenAI-style), whichever dialect named them: OTel
 * `gen_ai.request.*`, OpenInference's `llm.invocation_parameters`, the Vercel AI SDK's `ai.settings.*`.
 */
import { json, own } from "./read-values";

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

/** Canonical name → attribute keys to look up, per key prefix (a few constant prefixes: the dialects'). */
const KEYS_BY_PREFIX = new Map<string, readonly (readonly [string, readonly string[]])[]>();

function keysFor(prefix: string): readonly (readonly [string, readonly string[]])[] {
  let keys = KEYS_BY_PREFIX.get(prefix);
  if (keys === undefined) {
    keys = Object.entries(ALIASES).map(([name, aliases]) => [name, aliases.map((alias) => `${prefix}${alias}`)] as const);
    if (KEYS_BY_PREFIX.size < 32) KEYS_BY_PREFIX.set(prefix, keys);
  }
  return keys;
}

/** The parameters found in `source` (a flat record) under any alias, optionally after a key prefix. */
export function pickRequestParameters(source: Readonly<Record<string, unknown>>, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, keys] of keysFor(prefix)) {
    for (const key of keys) {
      const raw = own(source, key);
      if (!usable(raw)) continue;
      const value = jsonSafe(name === "stop_sequences" && typeof raw === "string" && raw.startsWith("[") ? json(raw) ?? raw : raw);
      if (!usable(value)) continue;
      out[name] = value;
      break;
    }
  }
  return out;
}
