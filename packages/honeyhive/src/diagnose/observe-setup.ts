/**
 * What `diagnose()` observes about instrumentation, once per call, shared by its checks: the spans each
 * instrumentation scope produced since start (counted by HoneyHiveSpanProcessor), the instrumentations given to
 * HoneyHive (`instrumentations`, `instrumentModules`, `httpTracing`) with the modules they declare, the modules
 * patched by hand (`instrumentModules`, `manuallyInstrument`), and the loaded copies of the instrumented packages,
 * each marked patched or not by evidence: the module object an instrumentation's require hook or a manual call
 * patched, a wrapped function (shimmer's mark) in its exports, or `instrumentModules`' own record of the copies of a
 * provider package it found and patched (provider-copy-states.ts; waited for while it still loads some).
 */
import { hasUnguardedMethods } from "../integrations/openai-promise-guard";
import { isWrappedFunction } from "../integrations/provider-copies";
import { type ProviderCopyState, providerCopyState, whenProviderCopiesSettled } from "../integrations/provider-copy-states";
import { type InstrumentationLike, enabledInstrumentations, manualPatches } from "../integrations/register-instrumentations";
import { type UnpatchedModule, unpatchedModules } from "../integrations/unpatched-modules";
import { type OwnSetupRecord, ownSetupRecords } from "../integrations/own-setup-records";
import { observedCalls } from "../integrations/observed-calls";
import { type McpBuild, observeMcpBuilds } from "./observe-mcp";
import { type ScopeCount, spanCountsByScope } from "../processing/scope-counts";
import { runtime } from "../runtime/platform";
import { type PackageInstance, entryFiles, loadedPackages, packageNameOf, packageOfFile } from "./loaded-packages";

/** A module an instrumentation declares (its `InstrumentationNodeModuleDefinition`). */
export interface DeclaredModule {
  /** As declared: a package, or a file inside one. */
  name: string;
  packageName: string;
  /** The file inside the package (`""` for the package itself). */
  subpath: string;
  supportedVersions: string[];
  /** Set by the instrumentation's require hook when it patched the module. */
  moduleExports?: unknown;
}

/** One instrumentation given to HoneyHive, as observed. */
export interface ObservedInstrumentation {
  /** Its instrumentation scope name (`instrumentationName`). */
  name: string;
  /** Spans its scope produced since start. */
  spans: number;
  modules: DeclaredModule[];
  /** Modules patched by hand through it (`instrumentModules`, `manuallyInstrument`). */
  manual: object[];
  /** The `instrumentModules` key it was created for, if any. */
  moduleKey?: string;
}

/** A loaded copy of an instrumented package and which of its loaded entry modules (CommonJS, ESM) are patched. */
export interface ObservedInstance extends PackageInstance {
  /** True when one of its loaded entry modules is patched. */
  patched: boolean;
  /** Its loaded entry files that nothing patched (a CommonJS and an ES module entry are two module instances). */
  unpatchedEntries: string[];
  /**
   * Unpatched entry files that only instrumentation packages required, for their own use (OpenInference's OpenAI
   * instrumentation requires `openai` for an `instanceof` test): no application call can go through them.
   */
  instrumentationOwnEntries?: string[];
  /** What `instrumentModules` did with this copy, when it reached it (provider packages: it patches every installed copy). */
  instrumentModules?: ProviderCopyState;
  /** An `openai` copy whose client methods an instrumentation wrapped without the SDK's promise guard (its helpers may throw). */
  unguarded?: true;
}

/** Everything the instrumentation checks look at. */
export interface SetupObservation {
  spansByScope: Record<string, ScopeCount>;
  instrumentations: ObservedInstrumentation[];
  /** Loaded copies of the declared packages by package name; undefined when loaded modules cannot be listed here. */
  loaded: Map<string, ObservedInstance[]> | undefined;
  /** Options that patched nothing: `instrumentModules` entries no instrumentation could patch, `httpTracing` with neither package (absent: none). */
  unpatched?: readonly UnpatchedModule[];
  /** Calls seen through an instrumentation's patched client methods, by its scope (the OpenAI instrumentations). */
  observedCalls?: Readonly<Record<string, number>>;
  /** The `instrumentModules` keys the SDK set up itself (`mcp`, `cohere`, …). */
  ownSetups?: readonly OwnSetupRecord[];
  /** The loaded builds of the MCP SDK's `Client` and `Server`, patched or not (when `mcp` was set up). */
  mcpBuilds?: readonly McpBuild[];
}

interface DefinitionLike {
  name?: unknown;
  supportedVersions?: unknown;
  moduleExports?: unknown;
}

interface WithDefinitions extends InstrumentationLike {
  getModuleDefinitions?: () => readonly DefinitionLike[];
  _modules?: readonly DefinitionLike[];
}

function declaredModules(instrumentation: WithDefinitions): DeclaredModule[] {
  let definitions: unknown;
  try {
    // the live definitions, on which the require hook sets `moduleExports` (`getModuleDefinitions()` builds new ones in 0.2xx)
    definitions = Array.isArray(instrumentation._modules) ? instrumentation._modules : instrumentation.getModuleDefinitions?.();
  } catch {
    definitions = undefined;
  }
  if (!Array.isArray(definitions)) return [];
  return (definitions as DefinitionLike[]).filter((d) => typeof d?.name === "string").map((d) => {
    const name = d.name as string;
    const packageName = packageNameOf(name);
    const versions = Array.isArray(d.supportedVersions) ? d.supportedVersions.filter((v): v is string => typeof v === "string") : [];
    return { name, packageName, subpath: name.slice(packageName.length).replace(/^\//, ""), supportedVersions: versions, moduleExports: d.moduleExports };
  });
}

const nameOf = (i: InstrumentationLike): string => i.instrumentationName ?? i.constructor?.name ?? "unknown";

function observeInstrumentations(scopes: Record<string, ScopeCount>): ObservedInstrumentation[] {
  const byObject = new Map<object, ObservedInstrumentation>();
  const add = (instrumentation: InstrumentationLike, moduleKey?: string): ObservedInstrumentation => {
    let seen = byObject.get(instrumentation);
    if (!seen) {
      const name = nameOf(instrumentation);
      seen = { name, spans: scopes[name]?.started ?? 0, modules: declaredModules(instrumentation), manual: [], moduleKey };
      byObject.set(instrumentation, seen);
    }
    return seen;
  };
  for (const instrumentation of enabledInstrumentations()) add(instrumentation);
  for (const patch of manualPatches()) add(patch.instrumentation, patch.key).manual.push(patch.module);
  return [...byObject.values()];
}

/** True when `value` is, or directly exports, one of `modules`. */
function isOneOf(value: unknown, modules: readonly unknown[]): boolean {
  if (modules.includes(value)) return true;
  if (typeof value !== "object" || value === null) return false;
  try {
    return Object.values(value).some((v) => modules.includes(v));
  } catch {
    return false;
  }
}

/** A function wrapped by shimmer (the wrapper every OpenTelemetry instrumentation uses) anywhere near the exports. */
function hasWrappedFunction(root: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: [unknown, number][] = [[root, 0]];
  while (queue.length > 0 && seen.size < 5_000) {
    const [value, depth] = queue.shift()!;
    if ((typeof value !== "object" && typeof value !== "function") || value === null || seen.has(value)) continue;
    seen.add(value);
    if (isWrappedFunction(value)) return true;
    if (depth >= 5) continue;
    let keys: (string | symbol)[];
    try {
      keys = Reflect.ownKeys(value);
    } catch {
      continue;
    }
    for (const key of keys) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
      if (descriptor && "value" in descriptor) queue.push([descriptor.value, depth + 1]);
    }
  }
  return false;
}

/**
 * True when only instrumentation packages (`instrumentationPackages`, by name) required the loaded file: it was first
 * loaded by a `require` and every module that required it belongs to one of them. A file an ES module imported, or
 * that anything else required, may carry the application's calls.
 */
function requiredOnlyByInstrumentations(file: string, instrumentationPackages: ReadonlySet<string>): boolean {
  const requirers = runtime.node!.requirersOf(file);
  if (requirers === undefined || requirers.length === 0) return false;
  return requirers.every((requirer) => instrumentationPackages.has(packageOfFile(requirer)?.name ?? ""));
}

async function observeInstance(instance: PackageInstance, modules: DeclaredModule[], patchedObjects: readonly unknown[], instrumentationPackages: ReadonlySet<string>): Promise<ObservedInstance> {
  const subpaths = new Set(modules.filter((m) => m.packageName === instance.name).map((m) => m.subpath));
  if (subpaths.size === 0) subpaths.add("");
  const state = providerCopyState(instance.root)?.state;
  let patched = state === "patched";
  let unguarded = false;
  const unpatchedEntries: string[] = [];
  const instrumentationOwnEntries: string[] = [];
  for (const subpath of subpaths) {
    for (const file of entryFiles(instance, subpath)) {
      const exports = await runtime.node!.loadedModuleExports(file);
      if (exports === undefined) continue;
      if (isOneOf(exports, patchedObjects) || hasWrappedFunction(exports)) patched = true;
      else if (requiredOnlyByInstrumentations(file, instrumentationPackages)) instrumentationOwnEntries.push(file);
      else unpatchedEntries.push(file);
      if (instance.name === "openai" && hasUnguardedMethods(exports)) unguarded = true;
    }
  }
  const own = instrumentationOwnEntries.length > 0 ? { instrumentationOwnEntries } : {};
  return { ...instance, patched, unpatchedEntries, ...own, ...(state === undefined ? {} : { instrumentModules: state }), ...(unguarded ? { unguarded } : {}) };
}

/** How long `diagnose()` waits for `instrumentModules` to finish patching copies it loads in the background. */
const COPIES_SETTLE_MS = 5_000;

/** Observes the process's instrumentation setup (never throws: what cannot be seen is left out). */
export async function observeSetup(): Promise<SetupObservation> {
  await whenProviderCopiesSettled(COPIES_SETTLE_MS); // judge the copies once instrumentModules is done with them
  const spansByScope = spanCountsByScope();
  const instrumentations = observeInstrumentations(spansByScope);
  const unpatched = unpatchedModules();
  const ownSetups = ownSetupRecords();
  const mcpBuilds = ownSetups.some((o) => o.key === "mcp") ? await observeMcpBuilds() : undefined;
  const own = { ownSetups, observedCalls: observedCalls(), ...(mcpBuilds === undefined ? {} : { mcpBuilds }) };
  const modules = instrumentations.flatMap((i) => i.modules);
  const packages = loadedPackages(new Set(modules.map((m) => m.packageName)));
  if (!packages) return { spansByScope, instrumentations, loaded: undefined, unpatched, ...own };
  const patchedObjects = [...instrumentations.flatMap((i) => i.manual), ...modules.map((m) => m.moduleExports).filter((e) => e !== undefined)];
  const instrumentationPackages = new Set(instrumentations.map((i) => i.name));
  const loaded = new Map<string, ObservedInstance[]>();
  for (const [name, instances] of packages) {
    const observed: ObservedInstance[] = [];
    for (const instance of instances) observed.push(await observeInstance(instance, modules, patchedObjects, instrumentationPackages));
    loaded.set(name, observed);
  }
  return { spansByScope, instrumentations, loaded, unpatched, ...own };
}
