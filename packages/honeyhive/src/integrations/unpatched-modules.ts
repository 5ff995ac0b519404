/**
 * The instrumentation options given to HoneyHive that patched nothing, each with what failed and the fix:
 * - a module given to `instrumentModules` that no instrumentation package could patch: none of the packages tried
 *   for the key is installed, or every installed one threw (e.g. `@traceloop/instrumentation-anthropic` 0.27 on
 *   `@anthropic-ai/sdk` 1.x, whose legacy `Completions` API it wraps is gone); the SDK says so in one warning line
 *   that names what failed and what to install ({@link describeUnpatched});
 * - `httpTracing` with neither of its instrumentation packages installed (`integrations/http-tracing.ts`).
 * Recorded for `diagnose()`, whose instrumentation check reports each as a problem instead of "no instrumentations
 * were given". Process-wide, bounded by {@link MAX_RECORDS}; a module patched later (by another tracer's
 * `instrumentModules`), or `httpTracing` honoured later, is forgotten.
 */
import { firstTimeInProcess, sharedState } from "../internal/process-state";
import type { Logger } from "../internal/logger";

/** One option left unpatched, as `diagnose()` reports it. */
export interface UnpatchedModule {
  /** The option as the application wrote it: `instrumentModules.anthropic` (the key as given), `httpTracing`. */
  readonly option: string;
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
  /** The module given to `instrumentModules`; none for an option that names no module (`httpTracing`). */
  readonly module?: object;
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
  const option = `instrumentModules.${key}`;
  const failed = new Set(failures.map((f) => f.pkg));
  const missing = candidates.filter((pkg) => !failed.has(pkg));
  const install = missing.length === 1 ? `npm install ${missing[0]}` : `npm install ${missing.join(" or ")}`;
  if (failures.length === 0) {
    return { option, reason: `no instrumentation package for it is installed (${candidates.join(", ")})`, fix: `Install one: ${install}.` };
  }
  const reason = failures.map((f) => `${f.pkg} could not patch this version of the module (${errorLine(f.error)})`).join("; ");
  if (missing.length > 0) return { option, reason, fix: `Install ${missing.join(" or ")}, which the SDK tries next: ${install}.` };
  return { option, reason, fix: `Use versions of ${candidates.join(" and ")} that support the installed version of the module (see their changelogs).` };
}

/**
 * Why `instrumentModules[key]` was not patched when the SDK knows no such key (`message`: the unknown-key sentence
 * naming the closest known one), and what to do: a known key, or, for an OpenAI-compatible provider's SDK (`together`,
 * …), the `openai` client pointed at the provider, whose calls are then named after it. Pure.
 */
export function describeUnknownKey(key: string, message: string): UnpatchedModule {
  return {
    option: `instrumentModules.${key}`,
    reason: message.replace(/\.$/, ""),
    fix: "Pass the module under a key the SDK knows; for an OpenAI-compatible provider (Together, DeepSeek, OpenRouter, Ollama, …) " +
      "call it through the `openai` client with the provider's `baseURL` and pass `instrumentModules: { openAI: OpenAI }`.",
  };
}

/** The one warning line for an unpatched module (what failed, and what to do). */
export function unpatchedWarning(record: UnpatchedModule): string {
  return `${record.option} was not patched, its calls are not instrumented: ${record.reason}. ${record.fix}`;
}

/**
 * Records `record.option` as unpatched, for `diagnose()`: with `module`, the module given as that `instrumentModules`
 * entry; without, an option that names no module (`httpTracing`). Recording the same again replaces the record.
 */
export function noteUnpatched(record: UnpatchedModule, module?: object): void {
  const list = records();
  const at = list.findIndex((r) => r.module === module && r.option === record.option);
  const entry: Recorded = module === undefined ? { ...record } : { ...record, module };
  if (at >= 0) list[at] = entry;
  else if (list.length < MAX_RECORDS) list.push(entry);
}

/**
 * A value given under an `instrumentModules` key that is not that key's module: recorded for `diagnose()` (when it is
 * an object) and warned once per process (evaluate() creates a tracer per datapoint with the same modules).
 */
export function reportWrongModule(record: UnpatchedModule, module: unknown, logger: Logger): void {
  if ((typeof module === "object" || typeof module === "function") && module !== null) noteUnpatched(record, module);
  if (firstTimeInProcess(`${record.option}:${record.reason}`)) logger.warn(`${record.option}: ${record.reason}. ${record.fix}`);
}

/** Removes the records `matches` selects (in place: the list is shared by every copy of the SDK). */
function forgetWhere(matches: (record: Recorded) => boolean): void {
  const list = records();
  for (let i = list.length - 1; i >= 0; i--) if (matches(list[i]!)) list.splice(i, 1);
}

/** Forgets `module`: it has been patched since. */
export function forgetUnpatchedModule(module: object): void {
  forgetWhere((record) => record.module === module);
}

/** Forgets an option that names no module (`httpTracing`): it has been honoured since. */
export function forgetUnpatchedOption(option: string): void {
  forgetWhere((record) => record.module === undefined && record.option === option);
}

/** The options given in this process that are still unpatched (for `diagnose()`). */
export function unpatchedModules(): readonly UnpatchedModule[] {
  // a record written by an older copy of the SDK names its `instrumentModules` key only
  return records().map(({ option, reason, fix, ...rest }) => ({ option: option ?? `instrumentModules.${String((rest as { key?: unknown }).key)}`, reason, fix }));
}
