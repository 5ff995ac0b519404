/**
 * The in-memory prompt cache of one client: bounded (least recently used out first), each entry with the time it was
 * fetched, and one fetch in flight per key (single-flight: concurrent callers share it).
 */
import type { PromptData } from "./prompt-data";

/** One cached prompt. */
export interface CachedPrompt {
  readonly data: PromptData;
  /** When it was fetched (ms); 0 for an entry read from the file cache (stale at once). */
  readonly fetchedAt: number;
}

/** Most prompts one client keeps. */
export const MAX_CACHED_PROMPTS = 500;

/** Bounded map of prompts plus the fetches in flight. */
export class PromptMemoryCache {
  private readonly entries = new Map<string, CachedPrompt>();
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly maxEntries = MAX_CACHED_PROMPTS) {}

  /** The entry of `key` (marked most recently used), or undefined. */
  get(key: string): CachedPrompt | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CachedPrompt): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** How many prompts are cached. */
  get size(): number {
    return this.entries.size;
  }

  /** Runs `fetch` unless a fetch of `key` is in flight, in which case its promise is shared. Never rejects if `fetch` does not. */
  once<T>(key: string, fetch: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key) as Promise<T> | undefined;
    if (pending !== undefined) return pending;
    const started = fetch().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}
