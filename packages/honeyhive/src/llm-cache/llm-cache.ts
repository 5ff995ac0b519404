import { callOnDemand, onDemand } from "../seam/on-demand";
import { type LlmCacheMode, type LlmCacheOptions, resolveLlmCacheOptions } from "./cache-options";
import type { CacheEngine } from "./cache-engine";
import type { LlmCacheStats } from "./cache-stats";

export type { LlmCacheStats } from "./cache-stats";

/** A record/replay cache for LLM calls made inside evaluate() datapoints. */
export interface LlmCache {
  readonly mode: LlmCacheMode;
  /** Where the recordings are (the directory, or "memory"). */
  readonly location: string;
  /** Give this to your client: `new OpenAI({ fetch: cache.fetch })`, `new Anthropic({ fetch: cache.fetch })`, `createOpenAI({ fetch: cache.fetch })`. */
  readonly fetch: typeof globalThis.fetch;
  stats(): LlmCacheStats;
}

/**
 * Creates a record/replay cache for LLM calls (mode from the option, else `HH_LLM_CACHE`, else `off`). Calls made
 * through `cache.fetch` inside an evaluate() datapoint are keyed by the datapoint's `EXT-` id and the SHA-256 of
 * the canonical request (method, path, JSON body; never headers), numbered when the same request repeats within
 * the datapoint; calls outside a datapoint go to the provider.
 * A replayed call marks the span active during it (the instrumentation's model span) with
 * `honeyhive_metadata.llm_cache = "replayed"`. In `replay` mode a missing recording answers 404 with a message
 * naming the datapoint and the request, which the client throws. Only 2xx answers are recorded.
 *
 * @example
 * const cache = createLlmCache({ mode: "auto", dir: "evals/recordings" });
 * const openai = new OpenAI({ fetch: cache.fetch });
 */
export function createLlmCache(options?: LlmCacheOptions): LlmCache {
  const resolved = resolveLlmCacheOptions(options);
  const load = onDemand(() => import("./cache-engine"));
  let engine: CacheEngine | undefined;
  const fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    resolved.mode === "off" ? resolved.fetch(input, init) : callOnDemand(load, (m) => (engine ??= m.createCacheEngine(resolved)).fetch(input, init));
  return {
    mode: resolved.mode, location: resolved.store.location, fetch: fetch as typeof globalThis.fetch,
    stats: () => engine?.stats() ?? { replayed: 0, recorded: 0, misses: 0, passedThrough: 0, writeFailures: 0 },
  };
}
