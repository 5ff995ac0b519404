/**
 * The `instrumentModules` keys the SDK set up itself in this process (own-setups.ts: `mcp`, `cohere`, …), with the
 * instrumentation scope their spans carry, for `diagnose()`: it reports them, and their span counts, where it used to
 * say that no instrumentation was given. Process-wide (shared by every copy of the SDK); at most one record per key.
 */
import { sharedState } from "../internal/process-state";

/** One key the SDK set up itself, as `diagnose()` reports it. */
export interface OwnSetupRecord {
  /** The `instrumentModules` key (lowercased). */
  readonly key: string;
  /** The scope of the spans it records (`honeyhive.mcp`, …); undefined when it records through another's (Genkit's). */
  readonly scope: string | undefined;
}

function records(): Map<string, OwnSetupRecord> {
  const slot = sharedState();
  slot.ownSetups ??= new Map<string, OwnSetupRecord>();
  return slot.ownSetups as Map<string, OwnSetupRecord>;
}

/** Records that the SDK set up `key` itself (its spans under `scope`). */
export function noteOwnSetup(key: string, scope: string | undefined): void {
  records().set(key, { key, scope });
}

/** The keys the SDK set up itself in this process. */
export function ownSetupRecords(): readonly OwnSetupRecord[] {
  return [...records().values()];
}
