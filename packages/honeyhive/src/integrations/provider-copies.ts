/**
 * Every copy of a provider client module. A framework may call the provider through its own nested copy
 * (`@llamaindex/openai` depends on `openai` 5 while the app has 7): patching the module the app passed to
 * `instrumentModules` would record none of the framework's calls. {@link otherProviderCopies} finds the other
 * installed copies and loads each in the module format of the one the app passed, in the same shape (the class or
 * the namespace), so the same instrumentation can patch them; {@link isProviderPatched} tells whether a copy's
 * client method carries an instrumentation's wrapper (for `diagnose()`).
 */
import { runtime } from "../runtime/platform";

/** A provider client package: where its client class is exported and the method instrumentations wrap. */
export interface ProviderPackage {
  readonly pkg: string;
  readonly exportName: string;
  readonly method: readonly string[];
}

/** Provider packages by `instrumentModules` key (lowercased, without an `azure` prefix). */
export const PROVIDER_PACKAGES: Readonly<Record<string, ProviderPackage>> = {
  openai: { pkg: "openai", exportName: "OpenAI", method: ["Chat", "Completions", "prototype", "create"] },
  anthropic: { pkg: "@anthropic-ai/sdk", exportName: "Anthropic", method: ["Messages", "prototype", "create"] },
};

/** One installed copy of a provider package. `module` is undefined when it could not be loaded in the app's format. */
export interface ProviderCopy {
  readonly dir: string;
  readonly version: string;
  readonly module: unknown;
}

function own(value: unknown, key: string): unknown {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return undefined;
  try {
    return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

function keysOf(value: unknown): string[] {
  try {
    return (typeof value === "object" || typeof value === "function") && value !== null ? Object.keys(value) : [];
  } catch {
    return [];
  }
}

/**
 * How `given` relates to a copy's exports: `"itself"` (the exports object, or a namespace sharing its exports), the
 * export key it is (the class passed as `OpenAI`), or undefined when `given` is not from this copy.
 */
function shapeIn(exports: unknown, given: unknown): string | undefined {
  if (exports === undefined || exports === null) return undefined;
  if (exports === given) return "itself";
  for (const key of keysOf(exports)) if (own(exports, key) === given) return key;
  for (const key of keysOf(given)) {
    const value = own(given, key);
    if (typeof value === "function" && own(exports, key) === value) return "itself";
  }
  return undefined;
}

/**
 * The installed copies of provider `key`'s package other than the one `given` comes from, each loaded in `given`'s
 * module format (CommonJS when `given` is a loaded CommonJS copy, else ES module) and shape. Empty when there is
 * only one copy, the runtime cannot load modules, or `given` is none of the copies (a bundled module). Loads copies
 * that are not loaded yet (the framework may import its copy lazily, at its first call).
 */
export function otherProviderCopies(key: string, given: unknown): ProviderCopy[] {
  const provider = PROVIDER_PACKAGES[key];
  const copies = runtime.node?.packageCopies;
  if (provider === undefined || copies === undefined) return [];
  const dirs = copies.installedCopies(provider.pkg);
  if (dirs.length < 2) return [];
  const format = dirs.some((dir) => shapeIn(copies.loadedCommonJs(dir), given) !== undefined) ? "commonjs" : "module";
  const loaded = dirs.map((dir) => ({ dir, exports: copies.loadCopy(dir, format) }));
  const ownCopy = loaded.find((copy) => shapeIn(copy.exports, given) !== undefined);
  if (ownCopy === undefined) return [];
  const shape = shapeIn(ownCopy.exports, given)!;
  return loaded
    .filter((copy) => copy !== ownCopy)
    .map((copy) => ({ dir: copy.dir, version: copies.packageVersion(copy.dir), module: shape === "itself" ? copy.exports : own(copy.exports, shape) }));
}

/** The client method of a provider module (the class, or a module exporting it), or undefined. */
function clientMethod(module: unknown, provider: ProviderPackage): unknown {
  for (const root of [module, own(module, provider.exportName), own(module, "default")]) {
    let value: unknown = root;
    for (const step of provider.method) value = own(value, step);
    if (typeof value === "function") return value;
  }
  return undefined;
}

/** True when the provider module's client method carries an instrumentation's wrapper (shimmer's `__wrapped`). */
export function isProviderPatched(module: unknown, provider: ProviderPackage): boolean {
  const method = clientMethod(module, provider);
  return method !== undefined && (own(method, "__wrapped") === true || typeof own(method, "__original") === "function");
}
