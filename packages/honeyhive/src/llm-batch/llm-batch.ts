/**
 * `createLlmBatch`: an opt-in execution mode that sends model calls through the providers' Batch APIs (OpenAI's
 * Batch API, Anthropic's Message Batches) instead of one request each — at the providers' batch price, for runs
 * that can wait. The batcher's code loads on the first call.
 */
import { callOnDemand, onDemand } from "../seam/on-demand";
import { type LlmBatchOptions, resolveLlmBatchOptions } from "./batch-options";
import type { Batcher, LlmBatchStats } from "./batch-queue";

export type { LlmBatchStats } from "./batch-queue";

/** A batcher of model calls: give its `fetch` to your clients. */
export interface LlmBatch {
  /** Give this to your client: `new OpenAI({ fetch: batch.fetch })`, `new Anthropic({ fetch: batch.fetch })`, or to `createLlmCache({ fetch })`. */
  readonly fetch: typeof globalThis.fetch;
  /** What the batcher did so far. */
  stats(): LlmBatchStats;
  /** Sends every waiting call's batch now and waits until every batch sent has answered. */
  flush(): Promise<void>;
}

const NO_STATS: LlmBatchStats = { batches: 0, batched: 0, answered: 0, failed: 0, aborted: 0, passedThrough: 0, waiting: 0 };

/**
 * Creates a batcher of model calls. A non-streamed call to OpenAI's chat completions, responses, embeddings,
 * completions or moderations, or to Anthropic's messages, waits for others (up to `collectMs`, or until
 * `maxBatchSize` wait) and goes to the provider in one batch; the call resolves with the answer the batch gave it,
 * as if the provider had answered directly. Other calls go to the provider at once. Batches can take up to 24 hours:
 * raise the client's timeout, and evaluate() with a high `maxConcurrency`, so that many calls wait together.
 *
 * @example
 * const batch = createLlmBatch();
 * const cache = createLlmCache({ mode: "auto", fetch: batch.fetch }); // recorded calls never reach the batch
 * const openai = new OpenAI({ fetch: cache.fetch, timeout: 24 * 3600_000 });
 */
export function createLlmBatch(options?: LlmBatchOptions): LlmBatch {
  const resolved = resolveLlmBatchOptions(options);
  const load = onDemand(() => import("./batch-queue"));
  let batcher: Batcher | undefined;
  let called = false;
  const fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    called = true;
    return callOnDemand(load, (m) => (batcher ??= m.createBatcher(resolved)).fetch(input, init));
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    stats: () => batcher?.stats() ?? { ...NO_STATS },
    flush: async () => {
      if (!called) return;
      // after the calls made so far have reached the batcher (the module loads once, callbacks run in order)
      const m = await load();
      await (batcher ??= m.createBatcher(resolved)).flush();
    },
  };
}
