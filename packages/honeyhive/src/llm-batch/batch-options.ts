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
  /**
   * Hosts (`name` or `name:port`) whose calls are batched; calls to any other host go to it at once (an
   * OpenAI-compatible provider without a Batch API, a local model server). @defaultValue ["api.openai.com", "api.anthropic.com"]
   */
  hosts?: readonly string[];
}

/** The batcher's settings after defaults. */
export interface ResolvedLlmBatchOptions {
  readonly fetch: typeof globalThis.fetch;
  readonly collectMs: number;
  readonly maxBatchSize: number;
  readonly pollIntervalMs: number;
  readonly maxPollFailures: number;
  readonly hosts: ReadonlySet<string>;
}

const OPTION_KEYS = ["fetch", "collectMs", "maxBatchSize", "pollIntervalMs", "maxPollFailures", "hosts"];
const DEFAULT_HOSTS = ["api.openai.com", "api.anthropic.com"];

function hostsOf(value: unknown): ReadonlySet<string> {
  if (value === undefined) return new Set(DEFAULT_HOSTS);
  if (!Array.isArray(value) || value.some((h) => typeof h !== "string" || h.trim() === "")) throw new TypeError("createLlmBatch: hosts must be an array of host names");
  return new Set((value as string[]).map((h) => h.trim().toLowerCase()));
}

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
    hosts: hostsOf(options.hosts),
  };
}
