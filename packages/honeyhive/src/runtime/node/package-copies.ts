/**
 * Installed copies of a package (Node only): frameworks often bring their own copy of a provider client
 * (`@llamaindex/openai` depends on `openai` 5 while the app has 7), which an instrumentation of the app's copy never
 * sees. These helpers find every copy reachable from the working directory and load one in the module format the
 * application uses (CommonJS synchronously; an ES module through `require(esm)` where Node has it, else through
 * `import()`), so the same instrumentation can patch it.
 */
import { existsSync, readFileSync, readdirSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { importFile } from "./import-file";

/** `node_modules` directories searched, from the working directory upward (as Node resolves packages). */
const MAX_LEVELS = 6;

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function nodeModulesDirs(start: string): string[] {
  const dirs: string[] = [];
  for (let dir = start, level = 0; level < MAX_LEVELS; level++) {
    const candidate = join(dir, "node_modules");
    if (existsSync(candidate)) dirs.push(candidate);
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return dirs;
}

/** Package directories where `name` may sit below one `node_modules`: hoisted, nested one level, or in pnpm's store. */
function candidates(nodeModules: string, name: string): string[] {
  const out = [join(nodeModules, name)];
  for (const entry of list(nodeModules)) {
    if (entry === ".pnpm") {
      const prefix = `${name.replace("/", "+")}@`;
      for (const stored of list(join(nodeModules, entry))) if (stored.startsWith(prefix)) out.push(join(nodeModules, entry, stored, "node_modules", name));
    } else if (entry.startsWith("@")) {
      for (const sub of list(join(nodeModules, entry))) out.push(join(nodeModules, entry, sub, "node_modules", name));
    } else if (!entry.startsWith(".")) {
      out.push(join(nodeModules, entry, "node_modules", name));
    }
  }
  return out;
}

/**
 * Every installed copy of package `name` the application at `cwd` can load (real paths of their package
 * directories, the one it resolves first): hoisted, nested one level below another package, or in pnpm's store — in
 * the `node_modules` folders from `cwd` upward, up to the first that holds `name` itself (the copy the app resolves;
 * folders above it belong to other projects). Reads directories only; never loads anything.
 */
export function installedCopies(name: string, cwd: string = process.cwd()): string[] {
  const found: string[] = [];
  for (const nodeModules of nodeModulesDirs(cwd)) {
    const hoisted = existsSync(join(nodeModules, name, "package.json"));
    for (const dir of candidates(nodeModules, name)) {
      if (!existsSync(join(dir, "package.json"))) continue;
      try {
        const real = realpathSync(dir);
        if (!found.includes(real)) found.push(real);
      } catch {
        // a dangling link: not a copy
      }
    }
    if (hoisted) break;
  }
  return found;
}

/** The version in a package directory's package.json, or "unknown". */
export function packageVersion(dir: string): string {
  try {
    const version = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version?: unknown }).version;
    return typeof version === "string" ? version : "unknown";
  } catch {
    return "unknown";
  }
}

function pickTarget(target: unknown): string | undefined {
  if (typeof target === "string") return target;
  if (Array.isArray(target)) return target.map(pickTarget).find((t) => t !== undefined);
  if (typeof target !== "object" || target === null) return undefined;
  const conditions = target as Record<string, unknown>;
  for (const condition of ["node", "import", "default"]) {
    if (!Object.prototype.hasOwnProperty.call(conditions, condition)) continue;
    const picked = pickTarget(conditions[condition]);
    if (picked !== undefined && !picked.endsWith(".d.ts") && !picked.endsWith(".d.mts")) return picked;
  }
  return undefined;
}

/** The file an ES module `import` of the package at `dir` loads (its `exports` "." import target, else `module`). */
function esmEntry(dir: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { exports?: unknown; module?: unknown };
    let exportsField = manifest.exports;
    if (typeof exportsField === "object" && exportsField !== null && !Array.isArray(exportsField) && Object.prototype.hasOwnProperty.call(exportsField, ".")) {
      exportsField = (exportsField as Record<string, unknown>)["."];
    }
    const target = pickTarget(exportsField) ?? (typeof manifest.module === "string" ? manifest.module : undefined);
    return target === undefined ? undefined : join(dir, target);
  } catch {
    return undefined;
  }
}

const requireHere = createRequire(join(process.cwd(), "noop.js"));

/** The copy at `dir` as CommonJS `require` gives it (loaded when it is not yet); undefined when it cannot be loaded. */
export function requireCopy(dir: string): unknown {
  try {
    return requireHere(dir) as unknown;
  } catch {
    return undefined;
  }
}

/** The file extensions Node's own `require` knows. */
const NODE_EXTENSIONS = new Set([".js", ".json", ".node"]);

/**
 * True when a loader taught `require` other file types (tsx, ts-node: `.ts`): such a loader compiles ES modules for
 * `require` too, so `require(esm)` would build a second instance of each copy (seconds of compiling, in the tracer's
 * constructor) that is not the one the application imports.
 */
function compilingRequire(): boolean {
  try {
    return Object.keys(requireHere.extensions).some((extension) => !NODE_EXTENSIONS.has(extension));
  } catch {
    return false;
  }
}

/**
 * The copy at `dir` as an ES module, loaded synchronously through `require(esm)` (Node 20.19+ / 22.12+; undefined
 * before, or when it cannot be loaded). On plain Node that is the ESM loader's own instance; a loader that compiles
 * ES modules for `require` would give another one: undefined where one is seen (tsx, ts-node), and the caller checks
 * the rest (a loader that hooks `require` without new file types).
 */
export function requireModuleCopy(dir: string): unknown {
  if ((process.features as { require_module?: boolean }).require_module !== true || compilingRequire()) return undefined;
  const entry = esmEntry(dir);
  if (entry === undefined) return undefined;
  try {
    return requireHere(entry) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The copy at `dir` as an ES module `import` gives it: the ESM loader's own instance (the one a framework that
 * imports it gets, also under loaders such as tsx). The `import()` promise itself, so a reaction attached to it runs
 * as soon as the module is evaluated (before one a framework attached to its own later `import()` of it); it rejects
 * when the copy cannot be imported.
 */
export function importCopy(dir: string): Promise<unknown> {
  const entry = esmEntry(dir);
  if (entry === undefined) return Promise.reject(new Error(`no ES module entry in ${dir}`));
  return importFile(entry);
}

/** The CommonJS exports of the copy at `dir` when it is loaded already (in `require.cache`), else undefined. Loads nothing. */
export function loadedCommonJs(dir: string): unknown {
  try {
    return requireHere.cache[requireHere.resolve(dir)]?.exports as unknown;
  } catch {
    return undefined;
  }
}
