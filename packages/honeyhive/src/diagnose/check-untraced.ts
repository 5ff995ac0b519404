/**
 * The modules the SDK does not record (integrations/untraced-modules.ts): when the application loaded one, its calls
 * are missing from HoneyHive without any error, so the check names it, with what to do instead. Judged from the
 * module files this process loaded.
 */
import { UNTRACED_MODULES, type UntracedModule } from "../integrations/untraced-modules";
import { type CheckFinding, ok, problem, skipped } from "./diagnosis";
import { loadedPackages } from "./loaded-packages";

/** The untraced modules among the loaded packages' files (`files` by package name; each path within its package). */
export function untracedAmong(files: ReadonlyMap<string, readonly string[]>): UntracedModule[] {
  return UNTRACED_MODULES.filter((module) => {
    const loaded = files.get(module.packageName) ?? [];
    return loaded.length > 0 && (module.files === undefined || loaded.some((file) => module.files!.test(file))) && (module.used?.() ?? true);
  });
}

/** Loaded files of the packages that hold untraced modules, as paths within their package; undefined when this runtime cannot list them. */
function loadedFiles(): Map<string, string[]> | undefined {
  const packages = loadedPackages(new Set(UNTRACED_MODULES.map((m) => m.packageName)));
  if (!packages) return undefined;
  const files = new Map<string, string[]>();
  for (const [name, copies] of packages) {
    files.set(name, copies.flatMap((copy) => copy.files.map((file) => file.replace(/\\/g, "/").slice(copy.root.length + 1))));
  }
  return files;
}

export function checkUntraced(): CheckFinding {
  const files = loadedFiles();
  if (!files) return skipped("This runtime cannot list the loaded modules: untraced modules are not checked.");
  const found = untracedAmong(files);
  if (found.length === 0) return ok("No module the SDK does not trace is loaded.");
  return problem(
    `Loaded, and not recorded by the SDK: ${found.map((m) => `${m.name} (${m.packageName})`).join("; ")}.`,
    `Its calls are not in HoneyHive. Instead: ${found.map((m) => `${m.name}: ${m.instead}`).join("; ")}. The providers guide lists what is not traced.`,
  );
}
