/**
 * An event's metadata split for the viewer's event panel: what the user (or their code) recorded, and the raw
 * attributes an instrumentation or the ingest added — OTel-style dotted keys (`gen_ai.*`, `llm.*`, `ai.*`,
 * `input.value`, …, with the message arrays they repeat) and the token, cost, stream and dialect facts the ingest
 * derives from them, which the panel already shows above (usage line, conversation). The raw part folds under a
 * closed "Raw attributes" section.
 */
import { MODEL_METADATA_KEYS } from "@honeyhive/core/semconv/genai/honeyhive-fields";
import { TOKENS_ESTIMATED_KEYS } from "@honeyhive/core/pricing/usage-keys";
import { USAGE_KEYS } from "../../domain/call-usage";

/** Metadata keys the ingest derives from a call's attributes (besides the dotted attribute keys themselves). */
const DERIVED_KEYS: ReadonlySet<string> = new Set([...USAGE_KEYS, ...MODEL_METADATA_KEYS, ...TOKENS_ESTIMATED_KEYS, "cost_price_key"]);

/** Metadata split into the user's own fields and the raw instrumentation attributes. */
export interface SplitMetadata {
  own: Record<string, unknown>;
  raw: Record<string, unknown>;
}

/** True for a key of raw instrumentation data: a dotted attribute key or one the ingest derives from them. */
export function isRawAttributeKey(key: string): boolean {
  return key.includes(".") || DERIVED_KEYS.has(key);
}

/** Splits `metadata` (anything else gives two empty objects); each key keeps its value. */
export function splitRawAttributes(metadata: unknown): SplitMetadata {
  const own: Record<string, unknown> = {};
  const raw: Record<string, unknown> = {};
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) return { own, raw };
  for (const [key, value] of Object.entries(metadata)) {
    Object.defineProperty(isRawAttributeKey(key) ? raw : own, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return { own, raw };
}
