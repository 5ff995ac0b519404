/**
 * The stream half of "one LLM call is one model event": when two reports of one call are merged into one model event
 * (the nested rule of `model-call.ts`, the sibling rule of `sibling-call.ts`), the one that stays the model event
 * takes the other's **stream facts** when it has none of its own — whether the answer was streamed and the time to its
 * first chunk — exactly as it takes the other's token usage. The two are independent: a stream the provider sent no
 * usage for (no `stream_options.include_usage`, as LlamaIndex and LangChain with `streamUsage: false` ask) still has
 * its time to first token, measured on the client's span (the SDK's stream observer), handed to the framework's span
 * that encloses or twins it. Pure.
 */
import { namespacedKey } from "./attributes";
import type { CanonicalModelEvent } from "./genai/canonical-event";
import { STREAM_METADATA } from "./genai/honeyhive-fields";

/** The model event's metadata fields of a stream, as span attributes. */
export const ATTR_TIME_TO_FIRST_TOKEN = namespacedKey("metadata", STREAM_METADATA.timeToFirstToken);
export const ATTR_STREAMED = namespacedKey("metadata", STREAM_METADATA.streamed);

/** What a model span knows of a streamed answer (read through the one GenAI translation). */
export interface StreamFacts {
  readonly streamed: boolean;
  /** Milliseconds from the request to the first chunk, or null. */
  readonly firstChunkMs: number | null;
}

/** The stream facts of a canonical reading (undefined: no dialect read the span). */
export function streamFactsOf(call: CanonicalModelEvent | undefined): StreamFacts | undefined {
  return call === undefined ? undefined : { streamed: call.streamed, firstChunkMs: call.time_to_first_token_ms };
}

/** True when the facts say anything (a stream, or a time to first chunk). */
export function hasStreamFacts(facts: StreamFacts | undefined): facts is StreamFacts {
  return facts !== undefined && (facts.streamed || facts.firstChunkMs !== null);
}

/** The facts of two absorbed reports of one model event: streamed when either was, the first time to first chunk found. */
export function mergeStreamFacts(a: StreamFacts | undefined, b: StreamFacts | undefined): StreamFacts | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return { streamed: a.streamed || b.streamed, firstChunkMs: a.firstChunkMs ?? b.firstChunkMs };
}

/**
 * The stream facts of an absorbed report the kept model event lacks, as the model event's metadata fields: its time to
 * first token (ms) when the kept one reads none and sets no such field, `streamed` when the kept one does not say so.
 * `own`: the kept report's facts; `attributes`: its attributes. Pure.
 */
export function missingStreamFacts(own: StreamFacts | undefined, attributes: Readonly<Record<string, unknown>>, absorbed: StreamFacts | undefined): Record<string, number | boolean> {
  const facts: Record<string, number | boolean> = {};
  if (absorbed === undefined) return facts;
  const firstChunkMs = absorbed.firstChunkMs;
  if ((own?.firstChunkMs ?? null) === null && firstChunkMs !== null && attributes[ATTR_TIME_TO_FIRST_TOKEN] === undefined) {
    facts[ATTR_TIME_TO_FIRST_TOKEN] = firstChunkMs;
  }
  const streamed = absorbed.streamed || firstChunkMs !== null;
  if (own?.streamed !== true && streamed && attributes[ATTR_STREAMED] === undefined) facts[ATTR_STREAMED] = true;
  return facts;
}
