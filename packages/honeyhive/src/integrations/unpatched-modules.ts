/**
 * The modules given to `instrumentModules` that no instrumentation package could patch: none of the packages tried
 * for the key is installed, or every installed one threw (e.g. `@traceloop/instrumentation-anthropic` 0.27 on
 * `@anthropic-ai/sdk` 1.x, whose legacy `Completions` API it wraps is gone). The SDK says so in one warning line that
 * names what failed and what to install ({@link describeUnpatched}), and records it for `diagnose()`, whose
 * instrumentation check reports it as a problem instead of "no instrumentations were given". Process-wide, bounded
 * by {@link MAX_RECORDS}; a module patched later (by another tracer's `instrumentModules`) is forgotten.
 */
import { sharedState } from "../internal/process-state";

/** One `instrumentModules` entry left unpatched, as `diagnose()` reports it. */
export interface UnpatchedModule {
  /** The `instrumentModules` key, as given (`anthropic`). */
  readonly key: string;
  /** What failed, one sentence without a final period. */
  readonly reason: string;
  /** What to do, one sentence. */
  readonly fix: string;
}

/** A package tried for the key that threw while patching, and its error. */
export interface PatchFailure {
  readonly pkg: string;
  readonly error: unknown;
}

interface Recorded extends UnpatchedModule {
  readonly module: object;
}

const MAX_RECORDS = 32;
/** Longest error text quoted in a warning (the first line of the error). */
const MAX_ERROR_CHARS = 160;

function records(): Recorded[] {
  const slot = sharedState();
  slot.unpatchedModules ??= [];
  return slot.unpatchedModules as Recorded[];
}

/** The first line of an error as `Name: message`, capped at {@link MAX_ERROR_CHARS}. */
function errorLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const line = text.split("\n")[0]!;
  return line.length > MAX_ERROR_CHARS ? `${line.slice(0, MAX_ERROR_CHARS - 1)}…` : line;
}

/**
 * Why `instrumentModules[key]` was not patched and what to do, from the packages tried for it (preference order) and
 * those that threw (the others are not installed). Pure.
 */
export function describeUnpatched(key: string, candidates: readonly string[], failures: readonly PatchFailure[]): UnpatchedModule {
  const failed = new Set(failures.map((f) => f.pkg));
  const missing = candidates.filter((pkg) => !failed.has(pkg));
  const install = missing.length === 1 ? `npm install ${missing[0]}` : `npm install ${missing.join(" or ")}`;
  if (failures.length === 0) {
    return { key, reason: `no instrumentation package for it is installed (${candidates.join(", ")})`, fix: `Install one: ${install}.` };
  }
  const reason = failures.map((f) => `${f.pkg} could not patch this version of the module (${errorLine(f.error)})`).join("; ");
  if (missing.length > 0) return { key, reason, fix: `Install ${missing.join(" or ")}, which the SDK tries next: ${install}.` };
  return { key, reason, fix: `Use versions of ${candidates.join(" and ")} that support the installed version of the module (see their changelogs).` };
}

/** The one warning line for an unpatched module (what failed, and what to do). */
export function unpatchedWarning(record: UnpatchedModule): string {
  return `instrumentModules.${record.key} was not patched, its calls are not instrumented: ${record.reason}. ${record.fix}`;
}

/** Records `module` (given as `instrumentModules[record.key]`) as unpatched, for `diagnose()`. */
export function noteUnpatchedModule(module: object, record: UnpatchedModule): void {
  const list = records();
  const at = list.findIndex((r) => r.module === module && r.key === record.key);
  if (at >= 0) list[at] = { ...record, module };
  else if (list.length < MAX_RECORDS) list.push({ ...record, module });
}

/** Forgets `module`: it has been patched since. */
export function forgetUnpatchedModule(module: object): void {
  const list = records();
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.module === module) list.splice(i, 1);
}

/** The modules given to `instrumentModules` in this process that are still unpatched (for `diagnose()`). */
export function unpatchedModules(): readonly UnpatchedModule[] {
  return records().map(({ key, reason, fix }) => ({ key, reason, fix }));
}
