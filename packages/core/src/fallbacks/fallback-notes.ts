/**
 * Missing runtime capabilities and the fallback used for each, recorded where the fallback happens and logged once
 * by the first tracer activated (`Runtime.fallbacks()`). A leaf: modules shared with the dev server (ids) note here
 * without loading a runtime.
 */
const fallbacks = new Set<string>();

/** Records a missing capability and its fallback (one line). */
export function noteFallback(line: string): void {
  fallbacks.add(line);
}

/** The lines noted so far, in order. */
export function notedFallbacks(): readonly string[] {
  return [...fallbacks];
}
