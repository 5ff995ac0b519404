/**
 * Every copy of a provider client module. A framework may call the provider through its own nested copy
 * (`@llamaindex/openai` depends on `openai` 5 while the app has 7): patching the module the app passed to
 * `instrumentModules` would record none of the framework's calls. {@link otherProviderCopies} finds the other
 * installed copies and loads each in the module format of the one the app passed (see {@link forEachProviderCopy}), in
 * the same shape (the class or the namespace), so the same instrumentation can patch them; {@link isProviderPatched}
 * tells whether a copy's client method carries an instrumentation's wrapper (for `diagnose()`). Decision record 0010.
 */
import { runtime } from "../runtime/platform";

/** A provider client package: where its client class is exported and the method instrumentations wrap. */
interface ProviderPackage {
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
interface ProviderCopy {
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

/** `given`'s shape to find in another copy: the copy's exports themselves, or the export named like `given` (the class). */
function shapeOf(given: unknown, provider: ProviderPackage): string {
  if (typeof given !== "function") return "itself";
  const name = own(given, "name");
  return typeof name === "string" && name !== "" ? name : provider.exportName;
}

/** The installed copies found for a provider key, and the background loading of its ES module copies when it took that route. */
interface ProviderCopySearch {
  readonly pkg: string;
  readonly dirs: readonly string[];
  /** Settles once the copies imported in the background were delivered (absent when delivered before returning). */
  readonly loading?: Promise<void>;
}

/**
 * Calls `onCopy` with each installed copy of provider `key`'s package, loaded in `given`'s module format and shape:
 * CommonJS (synchronously) when `given` is a loaded CommonJS copy, else ES module — synchronously through
 * `require(esm)` where that gives the ESM loader's own instances (plain Node 20.19+ / 22.12+), else through
 * `import()` as each copy is evaluated (a framework importing its copy lazily may make its first calls before;
 * `loading` says when). The copy `given` comes from is among them (callers skip the module they patched already).
 * Nothing (undefined) when there is one copy or the runtime cannot load modules. Loads copies that are not loaded yet.
 */
export function forEachProviderCopy(key: string, given: unknown, onCopy: (copy: ProviderCopy) => void): ProviderCopySearch | undefined {
  const provider = PROVIDER_PACKAGES[key];
  const copies = runtime.node?.packageCopies;
  if (provider === undefined || copies === undefined) return undefined;
  const dirs = copies.installedCopies(provider.pkg);
  if (dirs.length < 2) return undefined;
  const found = { pkg: provider.pkg, dirs };
  const shape = shapeOf(given, provider);
  const deliver = (dir: string, exports: unknown): void => {
    const module = shape === "itself" ? exports : own(exports, shape) ?? own(exports, "default");
    if (module !== undefined) onCopy({ dir, version: copies.packageVersion(dir), module });
  };
  if (dirs.some((dir) => shapeIn(copies.loadedCommonJs(dir), given) !== undefined)) {
    for (const dir of dirs) deliver(dir, copies.requireCopy(dir));
    return found;
  }
  // ES module: synchronously where require(esm) gives the ESM loader's instance (the given module is among them),
  // so the copies are patched before this returns; else (older Node, a compiling loader) as each import() resolves
  const deliverIfOwn = (loaded: readonly { dir: string; exports: unknown }[]): boolean => {
    if (!loaded.some((copy) => shapeIn(copy.exports, given) !== undefined)) return false; // `given` is none of them (a bundle)
    for (const copy of loaded) deliver(copy.dir, copy.exports);
    return true;
  };
  if (deliverIfOwn(dirs.map((dir) => ({ dir, exports: copies.requireModuleCopy(dir) })))) return found;
  const loading = Promise.all(dirs.map(async (dir) => ({ dir, exports: await copies.importCopy(dir).catch(() => undefined) })))
    .then((loaded) => void deliverIfOwn(loaded))
    .catch(() => undefined);
  return { ...found, loading };
}

/**
 * The version of the installed copy `given` (a provider module an application passed) comes from: the copy whose
 * loaded CommonJS exports or ES module namespace it belongs to, else the copy the working directory resolves (the one
 * an application's own import loads). Undefined when the runtime cannot load modules.
 */
export function versionOfGiven(key: string, given: unknown): string | undefined {
  const provider = PROVIDER_PACKAGES[key];
  const copies = runtime.node?.packageCopies;
  if (provider === undefined || copies === undefined) return undefined;
  try {
    const dirs = copies.installedCopies(provider.pkg);
    const own = dirs.length < 2 ? undefined :
      dirs.find((d) => shapeIn(copies.loadedCommonJs(d), given) !== undefined) ?? dirs.find((d) => shapeIn(copies.requireModuleCopy(d), given) !== undefined);
    const dir = own ?? dirs[0];
    return dir === undefined ? undefined : known(copies.packageVersion(dir));
  } catch {
    return undefined;
  }
}

function known(version: string): string | undefined {
  return version === "unknown" ? undefined : version;
}

/** The installed copies of provider `key`'s package other than `given` itself, as {@link forEachProviderCopy} loads them (synchronously on Node with `require(esm)`). */
export function otherProviderCopies(key: string, given: unknown): ProviderCopy[] {
  const found: ProviderCopy[] = [];
  forEachProviderCopy(key, given, (copy) => void found.push(copy));
  return found.filter((copy) => copy.module !== given);
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

/** True when `value` is a function an instrumentation wrapped (shimmer's mark: `__wrapped`, or the `__original` it keeps). */
export function isWrappedFunction(value: unknown): boolean {
  return typeof value === "function" && (own(value, "__wrapped") === true || typeof own(value, "__original") === "function");
}

/** True when the provider module's client method carries an instrumentation's wrapper. */
export function isProviderPatched(module: unknown, provider: ProviderPackage): boolean {
  return isWrappedFunction(clientMethod(module, provider));
}
