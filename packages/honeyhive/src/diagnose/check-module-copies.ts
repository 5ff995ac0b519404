/**
 * Copies check: a package installed twice (the app's `openai` and a framework's nested copy, as `@llamaindex/openai`
 * ships) is two module instances; an instrumentation patches the one it was given or the one its require hook saw,
 * and calls through the other record nothing. A problem when an instrumented package has several loaded copies and
 * one is unpatched while another is patched (or the instrumentation records through another). The CommonJS and ES
 * module entries of one copy are not judged against each other: an instrumentation package often requires the
 * CommonJS entry for itself while the app uses the other, and neither is a second copy.
 */
import { type CheckFinding, ok, problem } from "./diagnosis";
import type { ObservedInstance, SetupObservation } from "./observe-setup";

/** The package a nested copy belongs to: `…/node_modules/@llamaindex/openai/node_modules/openai` → `@llamaindex/openai`. */
function ownerOf(copy: ObservedInstance): string {
  const parts = copy.root.split("/node_modules/");
  if (parts.length < 3) return "the application";
  return parts[parts.length - 2]!;
}

/** Finds instrumented packages with a loaded copy left unpatched beside a patched one. */
export function checkModuleCopies(observation: SetupObservation): CheckFinding {
  if (observation.loaded === undefined) return ok("Loaded modules cannot be listed on this runtime; copies not checked.");
  const recording = (name: string): boolean => observation.instrumentations.some((i) => i.spans > 0 && i.modules.some((m) => m.packageName === name));
  const unpatched: string[] = [];
  let several = 0;
  for (const [name, copies] of observation.loaded) {
    if (copies.length < 2) continue;
    several++;
    if (!copies.some((c) => c.patched) && !recording(name)) continue; // nothing patched at all: the instrumentations check says so
    for (const copy of copies.filter((c) => !c.patched)) {
      unpatched.push(`${name} ${copy.version ?? "?"} at ${copy.unpatchedEntries.join(" and ") || copy.root} (loaded by ${ownerOf(copy)})`);
    }
  }
  if (unpatched.length === 0) {
    return ok(several === 0 ? "One copy of each instrumented package is loaded." : `Every loaded copy of the instrumented packages is patched (${several} package(s) with several copies).`);
  }
  return problem(
    `A second copy of an instrumented package is loaded and not patched, so calls through it record nothing: ${unpatched.join("; ")}.`,
    "Patch that instance too: pass the module its owner loads, the file named above, to the tracer — " +
      "`instrumentModules: { openAI: await import(\"<that file>\") }` (CommonJS: `require(\"<that file>\")`) — or have npm install one copy: an " +
      "`overrides` entry in package.json pinning the package to one version, then `npm install` (`npm ls <package>` shows the copies).",
  );
}
