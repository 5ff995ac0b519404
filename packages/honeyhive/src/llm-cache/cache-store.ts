import type { RecordedExchange } from "./recorded-exchange";

/**
 * Where recordings live. The SDK ships a directory of JSON files (`fileCacheStore`, Node) and an in-memory store
 * (`memoryCacheStore`, any runtime); implement this to keep recordings elsewhere.
 */
export interface LlmCacheStore {
  /** The recording of `key` for this datapoint, or undefined. Throws when a stored recording is unreadable. */
  read(datapointId: string, key: string): Promise<RecordedExchange | undefined>;
  /** Stores (or replaces) a recording. */
  write(exchange: RecordedExchange): Promise<void>;
  /** Where the recordings are, for messages (e.g. the directory). */
  readonly location: string;
}

/** An in-memory store (any runtime; recordings last as long as the store object). */
export function memoryCacheStore(): LlmCacheStore {
  const entries = new Map<string, string>();
  const id = (datapointId: string, key: string) => `${datapointId}\u0000${key}`;
  return {
    location: "memory",
    read: async (datapointId, key) => {
      const text = entries.get(id(datapointId, key));
      return text === undefined ? undefined : (JSON.parse(text) as RecordedExchange);
    },
    write: async (exchange) => {
      entries.set(id(exchange.datapointId, exchange.key), JSON.stringify(exchange));
    },
  };
}
