import { noteInternalError } from "../internal/guard";
import type { HoneyHiveTracerOptions } from "./tracer-options";

/**
 * The keys of an options type, listed once and checked complete by the compiler: `optionKeys<T>()({ a: true, … })`
 * fails to type-check when a key of `T` is missing, so no option is ever silently dropped when options are read key by
 * key.
 */
export function optionKeys<T>(): (set: Readonly<Record<keyof T, true>>) => (keyof T & string)[] {
  return (set) => Object.keys(set) as (keyof T & string)[];
}

/** Every tracer option (the old TS SDK's `HoneyHiveTracer.init` params are all among them). */
export const TRACER_OPTION_KEYS: readonly (keyof HoneyHiveTracerOptions & string)[] = optionKeys<HoneyHiveTracerOptions>()({
  apiKey: true, ingestionApiKey: true, serverUrl: true, project: true, source: true, sessionName: true, sessionId: true, inputs: true,
  metadata: true, userProperties: true, disableBatch: true, verbose: true, testMode: true, otlpProtocol: true, compression: true, httpPipelining: true,
  skipSessionStart: true, runId: true, datasetId: true, datapointId: true, isEvaluation: true, resilience: true,
  instrumentations: true, instrumentModules: true, httpTracing: true, disableHttpTracing: true,
  trustIncomingSession: true, propagateSessionId: true, mask: true, maxQueueSize: true, timeoutMs: true,
  maxAttributeBytes: true, maxSpanBytes: true, maxRequestBytes: true, spool: true, attachments: true, setAsDefault: true, activate: true,
  exporter: true, fetch: true, logSink: true, onlineEvaluation: true,
});

/** Result of {@link snapshotTracerOptions}. */
export interface OptionsSnapshot {
  /** A plain copy of the options that could be read (arrays and module maps copied too). */
  readonly options: HoneyHiveTracerOptions;
  /** Options that could not be read (a throwing getter, a revoked Proxy), as messages. */
  readonly problems: readonly string[];
  /** The value under `extraKey`, if asked for and present. */
  readonly extra: unknown;
}

function copyList(value: unknown): readonly unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? Array.from(value as unknown[]) : undefined;
}

function copyRecord(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = (value as Record<string, unknown>)[key];
  return out;
}

function readOption(source: object, key: keyof HoneyHiveTracerOptions): unknown {
  const value = (source as Record<string, unknown>)[key];
  if (key === "instrumentations") return copyList(value);
  if (key === "instrumentModules") return copyRecord(value);
  return value;
}

const KNOWN = new Set<string>(TRACER_OPTION_KEYS as readonly string[]);

/** Keeps unknown keys (their values as given) so that configuration resolution can reject them by name. */
function copyUnknownKeys(raw: object, options: Record<string, unknown>): void {
  try {
    for (const key of Object.keys(raw)) if (!KNOWN.has(key)) options[key] = (raw as Record<string, unknown>)[key];
  } catch (error) {
    noteInternalError(error); // a revoked Proxy: already reported as unreadable options
  }
}

/**
 * Copies user options into a plain object, one option at a time, so that a Proxy, a revoked Proxy or a
 * throwing getter costs that option only (reported in `problems`), never the constructor. Unknown keys are
 * copied too, for `resolveTracerConfig` to reject by name. Never throws.
 */
export function snapshotTracerOptions(raw: unknown, extraKey?: symbol): OptionsSnapshot {
  if (typeof raw !== "object" || raw === null) {
    return { options: {}, problems: raw === undefined || raw === null ? [] : [`options must be an object, got ${typeof raw}`], extra: undefined };
  }
  const options: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of TRACER_OPTION_KEYS) {
    try {
      const value = readOption(raw, key);
      if (value !== undefined) options[key] = value;
    } catch (error) {
      noteInternalError(error);
      problems.push(`option "${key}" could not be read; ignored`);
    }
  }
  copyUnknownKeys(raw, options);
  if (problems.length === TRACER_OPTION_KEYS.length) problems.splice(0, problems.length, "options could not be read (a revoked Proxy?); defaults used");
  let extra: unknown;
  try {
    extra = extraKey === undefined ? undefined : (raw as Record<symbol, unknown>)[extraKey];
  } catch (error) {
    noteInternalError(error);
    extra = undefined;
  }
  return { options: options as HoneyHiveTracerOptions, problems, extra };
}

/**
 * The snapshot of options the SDK built itself as a plain object literal (evaluate()'s datapoint tracers): the same
 * result as {@link snapshotTracerOptions} for such an object (undefined values left out, lists and module maps copied,
 * unknown keys kept), read from its own keys only (`for…in`: no key list per tracer), since it has no getter or Proxy
 * to guard against.
 */
export function snapshotPlainOptions(plain: HoneyHiveTracerOptions): OptionsSnapshot {
  const options: Record<string, unknown> = {};
  for (const key in plain) {
    if (!Object.prototype.hasOwnProperty.call(plain, key)) continue;
    const value = KNOWN.has(key) ? readOption(plain, key as keyof HoneyHiveTracerOptions) : (plain as Record<string, unknown>)[key];
    if (value !== undefined) options[key] = value;
  }
  return { options: options as HoneyHiveTracerOptions, problems: [], extra: undefined };
}

/**
 * Reads the given keys of a user options object into a plain object, one key at a time; a key that cannot
 * be read (throwing getter, Proxy trap) is left out and counted as an internal error. Never throws.
 */
export function readPlainOptions(raw: unknown, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof raw !== "object" || raw === null) return out;
  for (const key of keys) {
    try {
      const value = (raw as Record<string, unknown>)[key];
      if (value !== undefined) out[key] = value;
    } catch (error) {
      noteInternalError(error);
    }
  }
  return out;
}
