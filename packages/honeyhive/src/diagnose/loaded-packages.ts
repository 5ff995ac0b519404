/**
 * The packages this process loaded, found from its loaded module files (`runtime.node.loadedModuleFiles()`): one
 * {@link PackageInstance} per installed copy (a package directory under a `node_modules`), with its version and
 * its entry files. Used by the instrumentation, copy and version-range checks of `diagnose()`.
 */
import { runtime } from "../runtime/platform";
import { decodeUtf8 } from "../internal/utf8";

/** One installed copy of a package that has loaded files in this process. */
export interface PackageInstance {
  name: string;
  /** The package directory (`…/node_modules/<name>`). */
  root: string;
  version?: string;
  /** Loaded files of this copy (at most {@link MAX_FILES}). */
  files: string[];
}

const MAX_FILES = 2_000;
const NODE_MODULES = "/node_modules/";

/** `…/node_modules/@scope/name/dist/x.js` → the package name and its directory; undefined outside node_modules. */
export function packageOfFile(file: string): { name: string; root: string } | undefined {
  const normalized = file.replace(/\\/g, "/");
  const at = normalized.lastIndexOf(NODE_MODULES);
  if (at < 0) return undefined;
  const rest = normalized.slice(at + NODE_MODULES.length).split("/");
  const name = rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1] ?? ""}` : rest[0];
  if (!name || name.endsWith("/")) return undefined;
  return { name, root: normalized.slice(0, at + NODE_MODULES.length + name.length) };
}

/** The package name of a module definition's name (`@langchain/core/dist/callbacks/manager.cjs` → `@langchain/core`). */
export function packageNameOf(moduleName: string): string {
  const segments = moduleName.split("/");
  return moduleName.startsWith("@") ? segments.slice(0, 2).join("/") : segments[0]!;
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(decodeUtf8(runtime.node!.files.readFileSync(path))) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The version in a package directory's package.json. */
export function versionAt(root: string): string | undefined {
  const version = readJson(`${root}/package.json`)?.version;
  return typeof version === "string" ? version : undefined;
}

/** Loaded copies of the packages named in `names`, by name; undefined when this runtime cannot list loaded modules. */
export function loadedPackages(names: ReadonlySet<string>): Map<string, PackageInstance[]> | undefined {
  const node = runtime.node;
  if (!node) return undefined;
  const files = node.loadedModuleFiles();
  if (files.length === 0) return undefined;
  const byRoot = new Map<string, PackageInstance>();
  for (const file of files) {
    const pkg = packageOfFile(file);
    if (!pkg || !names.has(pkg.name)) continue;
    let instance = byRoot.get(pkg.root);
    if (!instance) byRoot.set(pkg.root, (instance = { name: pkg.name, root: pkg.root, version: versionAt(pkg.root), files: [] }));
    if (instance.files.length < MAX_FILES) instance.files.push(file.replace(/\\/g, "/"));
  }
  const byName = new Map<string, PackageInstance[]>();
  for (const instance of byRoot.values()) byName.set(instance.name, [...(byName.get(instance.name) ?? []), instance]);
  return byName;
}

/** Every string leaf of a package.json `exports` entry (all conditions). */
function leaves(value: unknown, out: string[]): void {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const item of value) leaves(item, out);
  else if (typeof value === "object" && value !== null) for (const item of Object.values(value)) leaves(item, out);
}

/**
 * The loaded files of `instance` that are its entry points for `subpath` (`""` = the package itself, else a file
 * path inside it such as `dist/callbacks/manager.cjs`, with its `.js`/`.cjs`/`.mjs` twins).
 */
export function entryFiles(instance: PackageInstance, subpath: string): string[] {
  const candidates: string[] = [];
  if (subpath === "") {
    const manifest = readJson(`${instance.root}/package.json`) ?? {};
    const exportsField = manifest.exports as Record<string, unknown> | string | undefined;
    const main = typeof exportsField === "object" && exportsField !== null && "." in exportsField ? exportsField["."] : exportsField;
    leaves(main, candidates);
    for (const field of ["main", "module"]) if (typeof manifest[field] === "string") candidates.push(manifest[field] as string);
    if (candidates.length === 0) candidates.push("index.js");
  } else {
    const stem = subpath.replace(/\.(c|m)?js$/, "");
    candidates.push(`${stem}.js`, `${stem}.cjs`, `${stem}.mjs`);
  }
  const wanted = new Set(candidates.filter((c) => !c.endsWith(".d.ts") && !c.endsWith(".d.cts") && !c.endsWith(".d.mts")).map((c) => `${instance.root}/${c.replace(/^\.\//, "")}`));
  for (const file of [...wanted]) if (!/\.(c|m)?js$/.test(file)) wanted.add(`${file}.js`);
  return instance.files.filter((file) => wanted.has(file));
}
