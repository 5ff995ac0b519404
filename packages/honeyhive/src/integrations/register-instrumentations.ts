import type { TracerProvider } from "@opentelemetry/api";
import { sharedState } from "../internal/process-state";
import { unknownKeyMessage } from "@honeyhive/core/text/closest-key";
import type { Logger } from "../internal/logger";
import { OWN_SETUPS, OWN_SETUP_KEYS, ownSetups } from "./own-setups";
import { loadOptional } from "./load-optional";
import { OBSERVED_MODULE_KEYS, observeProviderStreams, observeThroughInstrumentation } from "./provider-stream-usage";
import { runtime } from "../runtime/platform";
import { PROVIDER_PACKAGES, forEachProviderCopy, versionOfGiven } from "./provider-copies";
import { OPENAI_CLIENT_KEYS, guardThroughInstrumentation, withOpenAIPromiseGuard } from "./openai-promise-guard";
import { satisfiesRange } from "../internal/version-range";
import { noteCopiesInFlight, noteProviderCopy } from "./provider-copy-states";
import { type PatchFailure, describeUnknownKey, describeUnpatched, forgetUnpatchedModule, noteUnpatched, unpatchedWarning } from "./unpatched-modules";
import { groqClientView } from "./groq-client-view";
import { observeFirstTokensFor } from "./langchain-first-token";
import { observeLlamaIndexFirstTokens } from "./llamaindex-first-token";
import { onDemand } from "../seam/on-demand";
import { noteInternalError } from "../internal/guard";

/** The part of an OpenTelemetry instrumentation the SDK uses. */
export interface InstrumentationLike {
  instrumentationName?: string;
  setTracerProvider?(provider: TracerProvider): void;
  enable?(): void;
  disable?(): void;
  isEnabled?(): boolean;
  manuallyInstrument?(module: unknown): void;
}

/** A module the SDK saw patched by hand: `instrumentModules`, or `manuallyInstrument` on a registered instrumentation. */
interface ManualPatch {
  instrumentation: InstrumentationLike;
  module: object;
  /** The `instrumentModules` key, when it came from there. */
  key?: string;
}

interface Registrations {
  /** Enabled instrumentations, in order (one per name, so bounded by the distinct instrumentations). */
  enabled: InstrumentationLike[];
  names: Set<string>;
  objects: WeakSet<object>;
  patchedModules: WeakSet<object>;
  /** Provider keys (`openai`, `anthropic`) `instrumentModules` patched a module of. */
  providers: Set<string>;
  /** Modules patched by hand, in order (bounded: one per module object, at most {@link MAX_MANUAL}). */
  manual: ManualPatch[];
}

const MAX_MANUAL = 64;

function registrations(): Registrations {
  const slot = sharedState();
  slot.instrumentationRegistry ??= { enabled: [], names: new Set(), objects: new WeakSet(), patchedModules: new WeakSet(), providers: new Set(), manual: [] } satisfies Registrations;
  const registry = slot.instrumentationRegistry as Registrations;
  registry.providers ??= new Set(); // a registry made by an older copy of the SDK
  registry.manual ??= [];
  return registry;
}

function noteManualPatch(patch: ManualPatch): void {
  const { manual } = registrations();
  if (manual.length < MAX_MANUAL && !manual.some((p) => p.module === patch.module && p.instrumentation === patch.instrumentation)) manual.push(patch);
}

const loadRealtimeSessions = onDemand(() => import("./realtime-sessions"));

/** True for the Agents SDK's module (its `realtime` namespace) or its realtime one, whose sessions nothing records. */
function holdsRealtimeSessions(module: unknown): boolean {
  try {
    return typeof module === "object" && module !== null && ("realtime" in module || "RealtimeSession" in module);
  } catch {
    return false;
  }
}

/**
 * Lets `diagnose()` see `manuallyInstrument(module)` calls on a registered instrumentation (the ESM and bundler route,
 * and LangChain's `CallbackManagerModule`): the call is passed through unchanged and the module is noted (the Agents
 * SDK's module also has its realtime sessions observed: realtime-sessions.ts).
 */
function observeManualPatching(instrumentation: InstrumentationLike): void {
  const original = instrumentation.manuallyInstrument;
  if (typeof original !== "function") return;
  try {
    Object.defineProperty(instrumentation, "manuallyInstrument", {
      configurable: true, writable: true, enumerable: false,
      value: function manuallyInstrument(this: unknown, ...modules: unknown[]): unknown {
        const result = Reflect.apply(original, this, modules) as unknown;
        for (const module of modules) {
          if ((typeof module === "object" || typeof module === "function") && module !== null) noteManualPatch({ instrumentation, module });
          if (holdsRealtimeSessions(module)) void loadRealtimeSessions().then((r) => r.observeRealtimeSessions(module), noteInternalError);
        }
        return result;
      },
    });
  } catch {
    // a frozen instrumentation keeps its method; diagnose() then relies on its spans and module definitions
  }
}

function nameOf(instrumentation: InstrumentationLike): string {
  return instrumentation.instrumentationName ?? instrumentation.constructor?.name ?? "unknown";
}

/**
 * Enables instrumentations once per process, bound to the SDK's provider so their spans are routed to the
 * HoneyHive tracer active in context. Registering the same instrumentation (or another of the same name)
 * again is a no-op, so there are never duplicate LLM spans. Returns how many were newly enabled.
 */
export function registerInstrumentations(list: readonly unknown[], provider: TracerProvider, logger: Logger): number {
  const registry = registrations();
  let enabled = 0;
  for (const item of list) {
    if (typeof item !== "object" || item === null) continue;
    const instrumentation = item as InstrumentationLike;
    const name = nameOf(instrumentation);
    if (registry.objects.has(instrumentation) || registry.names.has(name)) {
      logger.debug(`instrumentation ${name} already registered; skipped`);
      continue;
    }
    try {
      instrumentation.setTracerProvider?.(provider);
      observeThroughInstrumentation(instrumentation); // streamed usage and first chunk of OpenAI / Anthropic modules
      guardThroughInstrumentation(instrumentation); // the openai client's helpers keep working under it
      observeFirstTokensFor(instrumentation); // LangChain: the first token its tracers record
      observeLlamaIndexFirstTokens(instrumentation); // LlamaIndex under OpenLLMetry: the first chunk of a streamed chat()
      instrumentation.enable?.();
      registry.objects.add(instrumentation);
      registry.names.add(name);
      registry.enabled.push(instrumentation);
      observeManualPatching(instrumentation);
      enabled++;
    } catch (error) {
      logger.warn(`instrumentation ${name} could not be enabled: ${String(error)}`);
    }
  }
  return enabled;
}

/** True when an instrumentation of this name is registered in this process. */
export function isRegisteredName(name: string): boolean {
  return registrations().names.has(name);
}

/** The instrumentations enabled through the `instrumentations` option in this process (for `diagnose()`). */
export function enabledInstrumentations(): readonly InstrumentationLike[] {
  return registrations().enabled;
}

/** An `instrumentModules` key as the tables name it: lowercased, without an `azure` prefix (`azureOpenAI` is `openai`). */
function moduleKey(key: string): string {
  return key.toLowerCase().replace(/^azure/, "");
}

/** The modules patched by hand in this process: `instrumentModules`, and `manuallyInstrument` on registered instrumentations (for `diagnose()`). */
export function manualPatches(): readonly ManualPatch[] {
  return registrations().manual;
}

/**
 * Instrumentation packages tried for `instrumentModules` keys, in preference order (the first installed one whose
 * declared range holds the module's version and that can patch it wins). For `openai`, OpenInference's first: it
 * records every call the client makes (the Responses API's streams too) and keeps the client's own stream, where
 * OpenLLMetry's hands back a generator of its own (decision record 0068; the promise guard keeps the helpers of both).
 */
const MODULE_INSTRUMENTATIONS: Readonly<Record<string, readonly [string, string][]>> = {
  openai: [["@arizeai/openinference-instrumentation-openai", "OpenAIInstrumentation"], ["@traceloop/instrumentation-openai", "OpenAIInstrumentation"]],
  // groq-sdk's client has the openai client's resources: the OpenAI instrumentations patch it through a view in the
  // openai module's shape (groq-client-view.ts); its calls are named `groq` from the client's baseURL (provider-stream-usage.ts)
  groq: [["@arizeai/openinference-instrumentation-openai", "OpenAIInstrumentation"], ["@traceloop/instrumentation-openai", "OpenAIInstrumentation"]],
  anthropic: [["@traceloop/instrumentation-anthropic", "AnthropicInstrumentation"], ["@arizeai/openinference-instrumentation-anthropic", "AnthropicInstrumentation"]],
  langchain: [["@traceloop/instrumentation-langchain", "LangChainInstrumentation"]],
};

/**
 * Creates an instrumentation for explicit patching only. Instrumentations enable themselves in their
 * constructor, which installs a require hook for the whole package: any later `require()` of it would then be
 * patched too (a module the caller did not pass, e.g. the CommonJS twin of an ESM import), and the hook's
 * wrapper replaces another instrumentation's on the same methods. So it is created disabled — both
 * constructor conventions of the known packages: Traceloop's `(config)` and OpenInference's
 * `({ instrumentationConfig })` — and disabled if it enabled itself anyway.
 */
function createForManualPatching(Ctor: new (config: Record<string, unknown>) => InstrumentationLike): InstrumentationLike {
  const instrumentation = new Ctor({ enabled: false, instrumentationConfig: { enabled: false } });
  if (instrumentation.isEnabled?.() === true) instrumentation.disable?.();
  return instrumentation;
}

type InstrumentationClass = new (config: Record<string, unknown>) => InstrumentationLike;

/** The installed instrumentation class of a candidate package; undefined when it is not installed. */
function loadCandidate([pkg, exportName]: readonly [string, string]): InstrumentationClass | undefined {
  const Ctor = (loadOptional<Record<string, unknown>>(pkg) ?? {})[exportName];
  return typeof Ctor === "function" ? (Ctor as InstrumentationClass) : undefined;
}

/**
 * The instrumentation packages tried for an `instrumentModules` key: a package the application registered itself
 * through `instrumentations` (its choice, e.g. OpenInference's) first, then the preference order.
 */
function candidatesFor(key: string): readonly (readonly [string, string])[] {
  const all = MODULE_INSTRUMENTATIONS[moduleKey(key)] ?? [];
  const chosen = registrations().names;
  return [...all.filter(([pkg]) => chosen.has(pkg)), ...all.filter(([pkg]) => !chosen.has(pkg))];
}

/** The version ranges `instrumentation` declares for package `pkg` (empty when it declares none it exposes). */
function declaredRanges(instrumentation: InstrumentationLike, pkg: string): string[] {
  type Definition = { name?: unknown; supportedVersions?: unknown };
  const withDefinitions = instrumentation as InstrumentationLike & { getModuleDefinitions?: () => readonly Definition[]; _modules?: readonly Definition[] };
  try {
    const definitions = withDefinitions.getModuleDefinitions?.() ?? withDefinitions._modules ?? [];
    return definitions.filter((d) => d.name === pkg).flatMap((d) => (Array.isArray(d.supportedVersions) ? d.supportedVersions.filter((v): v is string => typeof v === "string") : []));
  } catch {
    return [];
  }
}

/** Why `instrumentation` must not patch a copy of version `version` (outside every range it declares), else undefined. */
function outsideDeclaredRange(instrumentation: InstrumentationLike, key: string, version: string | undefined): Error | undefined {
  const pkg = PROVIDER_PACKAGES[moduleKey(key)]?.pkg;
  if (pkg === undefined || version === undefined) return undefined;
  const ranges = declaredRanges(instrumentation, pkg);
  if (ranges.length === 0 || ranges.some((range) => satisfiesRange(version, range) !== false)) return undefined;
  return new Error(`it supports ${pkg} ${ranges.join(" || ")}, this copy is ${version}`);
}

/** Patches `module` with `instrumentation` (openai clients through the promise guard, which keeps their helpers working). */
function patchModule(instrumentation: InstrumentationLike, module: object, key: string): void {
  const target = moduleKey(key) === "groq" ? groqClientView(module) : module;
  if (OPENAI_CLIENT_KEYS.has(moduleKey(key))) withOpenAIPromiseGuard(target, () => instrumentation.manuallyInstrument?.(target), instrumentation.instrumentationName);
  else instrumentation.manuallyInstrument?.(target);
}

/**
 * Patches `module` with the first installed candidate package (preference order) whose declared range holds the
 * module's `version` (when known) and that can; returns the package used and the installed ones that were skipped or
 * threw. Each package is loaded only when tried: loading one loads the library it instruments (OpenInference's
 * requires `openai`), so a package never needed is never loaded (and `diagnose()` sees no extra copy of the library).
 */
function patchWithFirstThatWorks(module: object, key: string, provider: TracerProvider, version?: string): { used?: string; failures: PatchFailure[] } {
  const failures: PatchFailure[] = [];
  for (const candidate of candidatesFor(key)) {
    const Ctor = loadCandidate(candidate);
    if (Ctor === undefined) continue;
    const [pkg] = candidate;
    try {
      const instrumentation = createForManualPatching(Ctor);
      const outside = outsideDeclaredRange(instrumentation, key, version);
      if (outside !== undefined) {
        failures.push({ pkg, error: outside }); // e.g. OpenInference's 4.x on openai 4, where every call would throw
        continue;
      }
      instrumentation.setTracerProvider?.(provider);
      patchModule(instrumentation, module, key);
      noteManualPatch({ instrumentation, module, key });
      return { used: pkg, failures };
    } catch (error) {
      // e.g. @traceloop/instrumentation-anthropic on @anthropic-ai/sdk 1.x (no legacy Completions API): it
      // throws before wrapping anything, so the next candidate can patch the module cleanly
      failures.push({ pkg, error });
    }
  }
  return { failures };
}

/** The class a provider module exports, by `instrumentModules` key (what a module namespace and the class itself share). */
const PROVIDER_CLASS_EXPORTS: Readonly<Record<string, string>> = { openai: "OpenAI", anthropic: "Anthropic", groq: "Groq" };

/** A module's own property `name` (undefined when it has none, or reading it throws). */
function ownExport(module: object, name: string): unknown {
  try {
    return Object.prototype.hasOwnProperty.call(module, name) ? (module as Record<string, unknown>)[name] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when `a` and `b` are the same client module as an instrumentation patches it: the same object, or a module
 * namespace and the client class it exports (`import * as openai` patched by hand, `openai.OpenAI` given to
 * `instrumentModules`: the instrumentations patch the class's prototypes either way).
 */
function sameClientModule(a: object, b: object): boolean {
  if (a === b) return true;
  const roots = (m: object): unknown[] => [m, ownExport(m, "default"), ...Object.values(PROVIDER_CLASS_EXPORTS).map((name) => ownExport(m, name))];
  const ofB = new Set(roots(b).filter((r) => typeof r === "function"));
  return roots(a).some((r) => typeof r === "function" && ofB.has(r));
}

/**
 * True when a registered instrumentation's `manuallyInstrument` patched `module` already, given as the same object or
 * as the module namespace of the class given (patching it again would record each call twice, and wrap it above the
 * promise guard).
 */
function patchedByHand(module: object, key: string, logger: Logger): boolean {
  const by = registrations().manual.find((p) => p.key === undefined && sameClientModule(p.module as object, module));
  if (by !== undefined) logger.debug(`instrumentModules.${key}: already patched through ${nameOf(by.instrumentation)}; patching its other copies`);
  return by !== undefined;
}

/**
 * Patches a module given to `instrumentModules` with the first candidate that can, and observes its streams. When none
 * could, one warning line says what failed and what to install, and `diagnose()` is told (unpatched-modules.ts).
 */
function patchGiven(module: object, key: string, provider: TracerProvider, logger: Logger): boolean {
  const known = (MODULE_INSTRUMENTATIONS[moduleKey(key)] ?? []).map(([p]) => p);
  if (known.length === 0) {
    const message = unknownKeyMessage(key, [...Object.keys(MODULE_INSTRUMENTATIONS), ...OWN_SETUPS], "key");
    logger.warn(`instrumentModules: ${message}`);
    noteUnpatched(describeUnknownKey(key, message), module);
    return false;
  }
  const { used, failures } = patchWithFirstThatWorks(module, key, provider, versionOfGiven(moduleKey(key), module));
  if (used === undefined) {
    const record = describeUnpatched(key, known, failures);
    noteUnpatched(record, module);
    logger.warn(unpatchedWarning(record));
    return false;
  }
  const chosen = registrations().names;
  for (const { pkg, error } of failures) {
    // the application registered this one itself: say once, plainly, that another records its calls
    if (chosen.has(pkg)) logger.warn(`instrumentModules.${key}: ${pkg}, which the application registered, was not used (${String(error)}); ${used} records these calls instead`);
    else logger.debug(`instrumentModules.${key}: skipped ${pkg}: ${String(error)}`);
  }
  logger.debug(`instrumentModules.${key}: patched with ${used}`);
  observeStreamsOf(key, module);
  return true;
}

/** Observes the streams of a provider client module patched for `key`: streamed usage and first chunk, which the instrumentations drop. */
function observeStreamsOf(key: string, module: object): void {
  const client = OBSERVED_MODULE_KEYS[key.toLowerCase()];
  if (client !== undefined) observeProviderStreams(module, client);
}

/**
 * Patches explicitly given modules (ESM, bundlers), as the old TS SDK's `instrumentModules` did:
 * `{ openAI: OpenAI }`. For each known key the installed instrumentation packages are tried in preference
 * order and the first that patches the module is used (one that throws on this version of the module is
 * skipped, with a debug line saying why); each module object is patched once per process, and no require hook is
 * left behind. For a provider client (`openAI`, `anthropic`) every other installed copy of its package is patched
 * too, loaded in the same module format (a framework's own nested copy, e.g. `@llamaindex/openai`'s `openai`; see
 * provider-copies.ts). A warning names every failure when none could.
 */
export function instrumentModules(modules: Record<string, unknown>, provider: TracerProvider, logger: Logger): number {
  const registry = registrations();
  let patched = ownSetups(modules, provider, logger);
  for (const [key, module] of Object.entries(modules)) {
    if (OWN_SETUP_KEYS.has(key.toLowerCase())) continue;
    if (typeof module !== "object" && typeof module !== "function") continue;
    if (module === null || registry.patchedModules.has(module)) continue;
    if (!patchedByHand(module, key, logger) && !patchGiven(module, key, provider, logger)) continue;
    forgetUnpatchedModule(module);
    registry.patchedModules.add(module);
    registry.providers.add(moduleKey(key));
    patched++;
    patchOtherCopies(key, module, provider, logger);
  }
  return patched;
}

/**
 * Patches the other installed copies of the provider module given for `key` (a framework's own nested copy, loaded
 * in the format of the given one) with the same candidates, and records what became of each copy for `diagnose()`
 * (provider-copy-states.ts). An ES module copy that has to be loaded through `import()` is patched as soon as it is
 * evaluated, before a framework that imports it lazily (at its first call) gets it from its own later `import()`;
 * until then it is recorded as being patched.
 */
function patchOtherCopies(key: string, module: object, provider: TracerProvider, logger: Logger): void {
  const registry = registrations();
  const pkg = PROVIDER_PACKAGES[moduleKey(key)]?.pkg ?? moduleKey(key);
  const search = forEachProviderCopy(moduleKey(key), module, (copy) => {
    const other = copy.module;
    if ((typeof other !== "object" && typeof other !== "function") || other === null) return noteProviderCopy(pkg, copy.dir, copy.version, "unpatched");
    if (registry.patchedModules.has(other)) return noteProviderCopy(pkg, copy.dir, copy.version, "patched");
    const { used } = patchWithFirstThatWorks(other, key, provider, copy.version);
    noteProviderCopy(pkg, copy.dir, copy.version, used === undefined ? "unpatched" : "patched");
    if (used === undefined) return;
    logger.debug(`instrumentModules.${key}: also patched the copy at ${copy.dir} (${copy.version}) with ${used}`);
    observeStreamsOf(key, other); // a copy's streams, as the given module's (a framework's own copy streams too)
    registry.patchedModules.add(other);
  });
  if (search?.loading) noteCopiesInFlight(search.pkg, search.dirs, (dir) => runtime.node?.packageCopies.packageVersion(dir) ?? "unknown", search.loading);
}
