/**
 * The SDK's process-wide state, in one typed registry. Two parts:
 * - {@link SharedState}: one versioned slot on `globalThis`, so two copies of the package (ESM + CJS, or the
 *   `honeyhive eval` CLI bundle and the user's import) share it instead of fighting. Each entry is owned by one
 *   module, which reads it through {@link sharedState}.
 * - module caches: per copy of the package (they hold that copy's classes), each registered here by name
 *   with {@link registerModuleCache} when its module loads.
 * `resetProcessState()` (behind `resetHoneyHiveGlobals()` in `honeyhive/testing`) clears both completely.
 */

const SLOT_SYMBOL = Symbol.for("honeyhive.js.sdk.v2");

/** Entries of the shared slot (typed as `unknown` where the owning module sits in a higher layer). */
interface SharedState {
  /** The process default tracer (`context/default-tracer.ts`). */
  defaultTracer?: unknown;
  /** The shared provider and the situation found (`tracer/shared-provider.ts`). */
  sharedProvider?: unknown;
  /** Registered instrumentations and patched modules (`integrations/register-instrumentations.ts`). */
  instrumentationRegistry?: unknown;
  /** The installed copies of provider modules `instrumentModules` reached, and its patches in flight (`integrations/provider-copy-states.ts`). */
  providerCopyStates?: unknown;
  /** Options that patched nothing: `instrumentModules` entries no instrumentation could patch, `httpTracing` with neither package (`integrations/unpatched-modules.ts`). */
  unpatchedModules?: unknown;
  /** The `instrumentModules` keys the SDK set up itself (`integrations/own-setup-records.ts`). */
  ownSetups?: unknown;
  /** Calls seen through an instrumentation's patched client methods, by its scope (`integrations/observed-calls.ts`). */
  observedCalls?: unknown;
  /** The OpenAI Agents SDK's realtime sessions seen connecting (`integrations/realtime-sessions.ts`). */
  realtimeSessions?: unknown;
  /** Live tracers flushed at exit, and whether the exit hooks are installed (`tracer/live-tracers.ts`). */
  exitHooks?: unknown;
  /** A runner such as `honeyhive eval` listening to every evaluation (`evaluation/listening-runner.ts`). */
  listeningRunner?: unknown;
  /** Routes of spans that refused a symbol property (`span/span-route.ts`). */
  spanRoutesFallback?: unknown;
  /** Traced functions whose parameter names look minified (`instrument/minified-names.ts`). */
  minifiedParameterNames?: unknown;
  /** ai 7's telemetry: the integration registered and the first call observed (`integrations/ai-sdk-telemetry.ts`). */
  aiSdkTelemetry?: unknown;
  /** Spans seen by HoneyHiveSpanProcessor, by instrumentation scope (`processing/scope-counts.ts`). */
  spanScopeCounts?: unknown;
  /** Model calls the SDK found no built-in price for, by model (`processing/unpriced-models.ts`). */
  unpricedModels?: unknown;
  /** How many tracers a configuration error made no-ops (`tracer/disabled-tracers.ts`). */
  disabledTracers?: number;
  /** One-time warnings already given in this process (e.g. "no API key"). */
  warnedOnce?: Set<string>;
  /** Errors the SDK caught inside its own code instead of throwing into user code (`internal/guard.ts`). */
  internalErrors?: number;
}

/** The shared slot, created on first use. */
export function sharedState(): SharedState {
  const holder = globalThis as unknown as Record<symbol, SharedState | undefined>;
  let slot = holder[SLOT_SYMBOL];
  if (!slot) {
    slot = {};
    Object.defineProperty(holder, SLOT_SYMBOL, { value: slot, writable: true, configurable: true, enumerable: false });
  }
  return slot;
}

/** Keys {@link firstTimeInProcess} remembers at most; beyond, a new key is answered true without being remembered. */
const MAX_ONCE_KEYS = 1000;

/**
 * True the first time `key` is asked about in this process (since start or the last reset): one-time warnings.
 * Bounded: past {@link MAX_ONCE_KEYS} distinct keys, new ones are always first (warned each time, never held).
 */
export function firstTimeInProcess(key: string): boolean {
  const slot = sharedState();
  slot.warnedOnce ??= new Set();
  if (slot.warnedOnce.has(key)) return false;
  if (slot.warnedOnce.size < MAX_ONCE_KEYS) slot.warnedOnce.add(key);
  return true;
}

/** Every module-level cache or counter of the SDK, by owning module (SDK modules only). */
export type ModuleCacheName =
  | "normalize/key-cache"
  | "normalize/json-key-prefixes"
  | "otlp/json-encoder"
  | "otlp/protobuf-kv-cache"
  | "otlp/protobuf-encoder"
  | "otlp/any-value-slots"
  | "otlp/proto-writer"
  | "processing/span-ids"
  | "processing/span-processor"
  | "instrument/parameter-names"
  | "instrument/open-streams"
  | "tracer/resource-attributes"
  | "transport/agents"
  | "transport/origins"
  | "transport/pipelines"
  | "transport/request-slots"
  | "evaluation/git-info"
  | "internal/sdk-logger";

/** A registered cache: how to empty it and how many entries it holds (for the reset test and diagnostics). */
interface ModuleCache {
  clear(): void;
  size(): number;
}

const moduleCaches = new Map<ModuleCacheName, ModuleCache>();

/** Registers a module's cache (called once, at module load). */
export function registerModuleCache(name: ModuleCacheName, cache: ModuleCache): void {
  moduleCaches.set(name, cache);
}

/** Entry counts of every registered module cache and of the shared slot's entries (tests, debugging). */
export function processStateSizes(): { caches: Record<string, number>; shared: string[] } {
  const caches: Record<string, number> = {};
  for (const [name, cache] of moduleCaches) caches[name] = cache.size();
  const slot = sharedState();
  const shared = Object.keys(slot).filter((key) => slot[key as keyof SharedState] !== undefined);
  return { caches, shared };
}

/** A shared entry holding resources outside the slot (process listeners): reset calls its `dispose()`. */
export interface DisposableEntry {
  dispose(): void;
}

function isDisposable(value: unknown): value is DisposableEntry {
  return typeof value === "object" && value !== null && typeof (value as DisposableEntry).dispose === "function";
}

/** Forgets all process-wide state: the shared slot (disposing entries that hold listeners) and every module cache. */
export function resetProcessState(): void {
  const holder = globalThis as unknown as Record<symbol, SharedState | undefined>;
  for (const value of Object.values(holder[SLOT_SYMBOL] ?? {})) if (isDisposable(value)) value.dispose();
  holder[SLOT_SYMBOL] = {};
  for (const cache of moduleCaches.values()) cache.clear();
}
