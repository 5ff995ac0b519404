/**
 * Which prompts this process served stale (their refresh failed), from the file cache or from the fallback: what
 * `diagnose()` lists. Process-wide, bounded; a prompt fetched fresh again is taken off the list.
 */

/** How a prompt was served when the API could not give it. */
export type PromptServing = "stale" | "file" | "fallback";

/** One prompt served without a fresh copy from the API. */
export interface PromptServingNote {
  readonly name: string;
  readonly env: string;
  readonly served: PromptServing;
  /** The version served (`"fallback"` for a fallback). */
  readonly version: string;
  /** How many times it was served so. */
  readonly count: number;
  /** Why the API could not give it (the last failure). */
  readonly reason: string;
  /** When it was last served so (ISO). */
  readonly lastServedAt: string;
}

const MAX_NOTES = 100;
const notes = new Map<string, PromptServingNote>();

/** Records that a prompt was served stale, from the file cache or from the fallback. */
export function notePromptServing(name: string, env: string, served: PromptServing, version: string, reason: string): void {
  const key = `${name}\u0000${env}`;
  const previous = notes.get(key);
  notes.delete(key);
  notes.set(key, { name, env, served, version, reason, count: (previous?.count ?? 0) + 1, lastServedAt: new Date().toISOString() });
  while (notes.size > MAX_NOTES) notes.delete(notes.keys().next().value as string);
}

/** Takes a prompt off the list (it was fetched fresh). */
export function clearPromptServing(name: string, env: string): void {
  notes.delete(`${name}\u0000${env}`);
}

/** The prompts currently served stale, from the file cache or from the fallback, oldest first. */
export function promptServingNotes(): PromptServingNote[] {
  return [...notes.values()];
}
