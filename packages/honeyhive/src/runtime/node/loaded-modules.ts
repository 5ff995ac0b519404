/**
 * What this process has loaded (for `diagnose()`): every module file, CommonJS and ES modules alike. CommonJS files
 * are in require's cache; ES modules have no public registry, so the files are read from V8's script list through
 * an in-process inspector session (enabled for the listing only, then disabled: the scripts are reported
 * synchronously while the debugger is enabled).
 */
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { importFile } from "./import-file";

type Session = { connect(): void; disconnect(): void; post(method: string, callback?: () => void): void; on(event: string, fn: (m: { params: { url: string } }) => void): void };

interface CachedModule {
  exports?: unknown;
  filename?: string;
  parent?: unknown;
  children?: unknown[];
}

function requireCache(): Record<string, CachedModule | undefined> {
  const anchor = typeof __filename === "string" ? __filename : `${process.cwd()}/noop.js`;
  return createRequire(anchor).cache as Record<string, CachedModule | undefined>;
}

function scriptFiles(): string[] {
  const inspector = (process as unknown as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.("node:inspector") as { Session?: new () => Session } | undefined;
  const SessionClass = inspector?.Session ?? (createRequire(`${process.cwd()}/noop.js`)("node:inspector") as { Session?: new () => Session }).Session;
  if (!SessionClass) return [];
  const files: string[] = [];
  const session = new SessionClass();
  session.connect();
  try {
    session.on("Debugger.scriptParsed", (message) => {
      const url = message.params.url;
      if (url.startsWith("file://")) files.push(fileURLToPath(url));
      else if (url.startsWith("/")) files.push(url);
    });
    session.post("Debugger.enable");
    session.post("Debugger.disable");
  } finally {
    session.disconnect();
  }
  return files;
}

/** Absolute paths of the loaded module files (deduplicated); empty when they cannot be listed. */
export function loadedModuleFiles(): string[] {
  const files = new Set<string>();
  try {
    for (const file of Object.keys(requireCache())) files.add(file);
  } catch {
    // no require cache (e.g. a bundled ESM app): the script list still covers it
  }
  try {
    for (const file of scriptFiles()) files.add(file);
  } catch {
    // no inspector in this Node build: CommonJS only
  }
  return [...files];
}

/**
 * The files of the CommonJS modules that required `file` (the first one, and each module of require's cache that lists
 * it among its `children`); undefined when `file` was not first loaded by a CommonJS `require` (an ES module import,
 * the entry point, or not loaded at all), since who else uses it cannot be told then.
 */
export function requirersOf(file: string): string[] | undefined {
  const cache = requireCache();
  const loaded = cache[file];
  const first = (loaded?.parent as CachedModule | null | undefined)?.filename;
  if (first === undefined) return undefined;
  const requirers = new Set([first]); // the first may be outside the cache (a `createRequire` of the application's)
  for (const [name, module] of Object.entries(cache)) if (module?.children?.includes(loaded)) requirers.add(module.filename ?? name);
  return [...requirers];
}

/** True when `file` is an ES module by its name or its package's `type` (a `.js` file below a `"type": "module"` package.json). */
function isModuleFile(file: string): boolean {
  if (file.endsWith(".mjs")) return true;
  if (!file.endsWith(".js")) return false;
  for (let dir = dirname(file), level = 0; level < 12; dir = dirname(dir), level++) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, "utf8")) as { type?: unknown }).type === "module";
      } catch {
        return false;
      }
    }
    if (dirname(dir) === dir) return false;
  }
  return false;
}

/**
 * The exports of a loaded module file: an ES module's namespace through `import()` (already evaluated, so nothing runs
 * again; the ES module loader's instance, which the application and its frameworks import — a loader that compiles ES
 * modules for `require`, such as tsx, keeps a second instance in require's cache), CommonJS from require's cache;
 * undefined when it cannot be read.
 */
export async function loadedModuleExports(file: string): Promise<unknown> {
  const cached = requireCache()[file];
  if (cached && !isModuleFile(file)) return cached.exports;
  try {
    return await importFile(file);
  } catch {
    return cached?.exports;
  }
}
