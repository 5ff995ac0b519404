/**
 * What `instrumentModules` did with each installed copy of a provider package it found (provider-copies.ts): patched,
 * still being patched (an ES module copy loaded through `import()` in the background), or left unpatched (it could
 * not be loaded or no instrumentation could patch it). `diagnose()` asks this record instead of finding the copies a
 * second way, so a copy on its way to being patched is never reported as a problem. Process-wide, bounded by
 * {@link MAX_COPIES}. Decision record 0018.
 */
import { sharedState } from "../internal/process-state";
import { withTimeout } from "../internal/with-timeout";

/** What became of one installed copy. */
export type ProviderCopyState = "patching" | "patched" | "unpatched";

/** One installed copy of a provider package `instrumentModules` reached. */
interface ProviderCopyRecord {
  readonly pkg: string;
  /** The package directory (real path, `/` separators). */
  readonly dir: string;
  readonly version: string;
  readonly state: ProviderCopyState;
}

interface States {
  byDir: Map<string, ProviderCopyRecord>;
  inFlight: Set<Promise<unknown>>;
}

const MAX_COPIES = 64;

function states(): States {
  const slot = sharedState();
  slot.providerCopyStates ??= { byDir: new Map(), inFlight: new Set() } satisfies States;
  return slot.providerCopyStates as States;
}

const normalized = (dir: string): string => dir.replace(/\\/g, "/");

/** Records what became of the copy at `dir` (the latest word wins; at most {@link MAX_COPIES} copies are kept). */
export function noteProviderCopy(pkg: string, dir: string, version: string, state: ProviderCopyState): void {
  const { byDir } = states();
  const key = normalized(dir);
  if (!byDir.has(key) && byDir.size >= MAX_COPIES) return;
  byDir.set(key, { pkg, dir: key, version, state });
}

/**
 * Marks the copies at `dirs` as being patched until `loading` settles (the background `import()` of ES module copies);
 * a copy it did not reach by then (not loaded, or the module given was not one of them) is forgotten.
 */
export function noteCopiesInFlight(pkg: string, dirs: readonly string[], versionOf: (dir: string) => string, loading: Promise<unknown>): void {
  const { byDir, inFlight } = states();
  for (const dir of dirs) if (!byDir.has(normalized(dir))) noteProviderCopy(pkg, dir, versionOf(dir), "patching");
  const settled = loading.then(
    () => undefined,
    () => undefined,
  ).then(() => {
    inFlight.delete(settled);
    for (const dir of dirs) if (byDir.get(normalized(dir))?.state === "patching") byDir.delete(normalized(dir));
  });
  inFlight.add(settled);
}

/** What `instrumentModules` did with the copy at `dir`, if it reached it. */
export function providerCopyState(dir: string): ProviderCopyRecord | undefined {
  return states().byDir.get(normalized(dir));
}

/** Resolves once every copy being patched now is patched or given up, or after `ms` (never rejects). */
export async function whenProviderCopiesSettled(ms: number): Promise<void> {
  const { inFlight } = states();
  if (inFlight.size === 0) return;
  await withTimeout(Promise.all([...inFlight]).then(() => undefined), ms, undefined);
}
