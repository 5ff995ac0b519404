/**
 * Questions the instrumentation checks of `diagnose()` share about one declared package: is it a Node built-in
 * (never judged by its loaded copies), which copies are loaded, is a copy's version inside the declared ranges.
 */
import { satisfiesRange } from "../internal/version-range";
import { runtime } from "../runtime/platform";
import type { DeclaredModule, ObservedInstance, ObservedInstrumentation, SetupObservation } from "./observe-setup";
import { versionAt } from "./loaded-packages";

const BUILTINS = new Set(["http", "https", "http2", "net", "dns", "fs", "child_process", "tls", "dgram", "zlib", "module", "crypto", "stream", "events", "util"]);

/** True for a Node built-in module (`http`, `node:https`): the loaded-copy checks leave those alone. */
export function isBuiltin(name: string): boolean {
  return name.startsWith("node:") || BUILTINS.has(name);
}

/** False only when the version is readable and no declared range (node-semver syntax) contains it. */
function inDeclaredRange(version: string | undefined, module: DeclaredModule): boolean {
  if (version === undefined || module.supportedVersions.length === 0) return true;
  const results = module.supportedVersions.map((range) => satisfiesRange(version, range));
  return results.some((r) => r !== false);
}

/** The version the application would load (resolved from the working directory), when the package is not loaded. */
function installedVersion(packageName: string): { version: string; root: string } | undefined {
  const node = runtime.node;
  if (!node) return undefined;
  for (let dir = node.cwd(); ; dir = node.files.dirname(dir)) {
    const root = node.files.join(dir, "node_modules", packageName);
    const version = versionAt(root);
    if (version !== undefined) return { version, root };
    if (node.files.dirname(dir) === dir) return undefined;
  }
}

/** The loaded copies of a declared module's package (empty when none is loaded or they cannot be listed). */
export function copiesOf(observation: SetupObservation, module: DeclaredModule): ObservedInstance[] {
  return observation.loaded?.get(module.packageName) ?? [];
}

/** True when the instrumentation shows it works or patched something: spans, a require-hook patch, a manual patch, a patched copy. */
export function showsPatching(observation: SetupObservation, instrumentation: ObservedInstrumentation): boolean {
  if (instrumentation.spans > 0 || instrumentation.manual.length > 0) return true;
  return instrumentation.modules.some((m) => m.moduleExports !== undefined || copiesOf(observation, m).some((c) => c.patched));
}

/** The declared (non built-in) modules of an instrumentation whose every loaded copy — or, none loaded, the installed one — is out of range. */
export function outOfRange(observation: SetupObservation, instrumentation: ObservedInstrumentation): { module: DeclaredModule; version: string; root: string }[] {
  const found: { module: DeclaredModule; version: string; root: string }[] = [];
  for (const module of instrumentation.modules) {
    if (isBuiltin(module.packageName)) continue;
    const copies = copiesOf(observation, module);
    const candidates = copies.length > 0 ? copies.map((c) => ({ version: c.version, root: c.root })) : [installedVersion(module.packageName)].filter((c) => c !== undefined);
    if (candidates.length === 0) continue;
    const outside = candidates.filter((c) => !inDeclaredRange(c.version, module));
    if (outside.length === candidates.length) found.push(...outside.map((c) => ({ module, version: c.version!, root: c.root })));
  }
  return found;
}
