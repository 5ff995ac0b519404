/** Counts of what the cache did since it was created. */
export interface LlmCacheStats {
  /** Calls answered from a recording (no provider call). */
  replayed: number;
  /** Calls sent to the provider and stored. */
  recorded: number;
  /** Calls in replay mode with no recording (answered with an error). */
  misses: number;
  /** Calls sent to the provider and not stored: outside a datapoint, unreadable body, or an error answer. */
  passedThrough: number;
  /** Answers that could not be stored (each logged as a warning; the answer still reached the caller). */
  writeFailures: number;
}
