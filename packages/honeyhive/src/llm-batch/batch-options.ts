import { checkOptionKeys } from "../config/unknown-options";

/** Options of `createLlmBatch`. Each is read once, when the batcher is created. */
export interface LlmBatchOptions {
  /** The fetch that reaches the provider. @defaultValue the global `fetch`, looked up at each call */
  fetch?: typeof globalThis.fetch;
  /** How long the first waiting request of a batch waits for others before the batch is sent (ms). @defaultValue 2000 */
  collectMs?: number;
  /** Requests per batch: a batch this full is sent at once. @defaultValue 5000 */
  maxBatchSize?: number;
  /** Time between two status checks of a sent batch (ms). @defaultValue 30000 */
  pollIntervalMs?: number;
  /** Status checks in a row that may fail (network, 5xx) before the batch's requests fail. @defaultValue 10 */
  maxPollFailures?: number;
}

/** The batcher's settings after defaults. */
export interface ResolvedLlmBatchOptions {
  readonly fetch: typeof globalThis.fetch;
  readonly collectMs: number;
  readonly maxBatchSize: number;
  readonly pollIntervalMs: number;
  readonly maxPollFailures: number;
}

const OPTION_KEYS = ["fetch", "collectMs", "maxBatchSize", "pollIntervalMs", "maxPollFailures"];

function count(options: LlmBatchOptions, key: "collectMs" | "maxBatchSize" | "pollIntervalMs" | "maxPollFailures", fallback: number, min: number): number {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) throw new TypeError(`createLlmBatch: ${key} must be an integer ≥ ${min}; got ${String(value)}`);
  return value;
}

/** Resolves the options (unknown keys and bad values are `TypeError`s naming the option). */
export function resolveLlmBatchOptions(given?: LlmBatchOptions | null): ResolvedLlmBatchOptions {
  checkOptionKeys(given, OPTION_KEYS, "createLlmBatch");
  const options = given ?? {};
  if (options.fetch !== undefined && typeof options.fetch !== "function") throw new TypeError("createLlmBatch: fetch must be a function");
  return {
    fetch: options.fetch ?? ((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init)),
    collectMs: count(options, "collectMs", 2000, 0),
    maxBatchSize: count(options, "maxBatchSize", 5000, 1),
    pollIntervalMs: count(options, "pollIntervalMs", 30_000, 1),
    maxPollFailures: count(options, "maxPollFailures", 10, 0),
  };
}
