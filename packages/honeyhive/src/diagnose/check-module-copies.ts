/**
 * Copies check: a package installed twice (the app's `openai` and a framework's nested copy, as `@llamaindex/openai`
 * ships) is two module instances; an instrumentation patches the one it was given or the one its require hook saw,
 * and calls through the other record nothing. A problem when an instrumented package has several loaded copies and
 * one is unpatched while another is patched (or the instrumentation records through another). The CommonJS and ES
 * module entries of one copy are not judged against each other: an instrumentation package often requires the
 * CommonJS entry for itself while the app uses the other, and neither is a second copy. A copy `instrumentModules`
 * patched, or is still patching (it loads an ES module copy in the background), is not a problem: the check asks
 * its record (provider-copy-states.ts) rather than finding the copies again.
 */
import { PROVIDER_PACKAGES } from "../integrations/provider-copies";
import { type CheckFinding, ok, problem } from "./diagnosis";
import type { ObservedInstance, SetupObservation } from "./observe-setup";

/** The package a nested copy belongs to: `…/node_modules/@llamaindex/openai/node_modules/openai` → `@llamaindex/openai`. */
function ownerOf(copy: ObservedInstance): string {
  const parts = copy.root.split("/node_modules/");
  if (parts.length < 3) return "the application";
  return parts[parts.length - 2]!;
}

/** The `instrumentModules` key of a provider package (`openai` → `openAI`), undefined for other packages. */
function moduleKeyOf(name: string): string | undefined {
  const key = Object.keys(PROVIDER_PACKAGES).find((k) => PROVIDER_PACKAGES[k]!.pkg === name);
  return key === "openai" ? "openAI" : key;
}

function fixFor(names: readonly string[]): string {
  const keys = [...new Set(names.map(moduleKeyOf).filter((k) => k !== undefined))];
  const provider = keys.length === 0 ? "" :
    `Give the provider module to HoneyHive with \`instrumentModules\` (${keys.map((k) => `\`instrumentModules: { ${k}: ${k === "openAI" ? "OpenAI" : "Anthropic"} }\``).join(", ")}) ` +
    "instead of patching it yourself (an instrumentation's `manuallyInstrument` or require hook): it patches every installed copy, the framework's own included. Or ";
  return `${provider}${provider ? "p" : "P"}atch that instance too: pass the module its owner loads, the file named above, to the tracer — ` +
    "`instrumentModules: { openAI: await import(\"<that file>\") }` (CommonJS: `require(\"<that file>\")`) — or have npm install one copy: an " +
    "`overrides` entry in package.json pinning the package to one version, then `npm install` (`npm ls <package>` shows the copies).";
}

/** Finds instrumented packages with a loaded copy left unpatched beside a patched one. */
export function checkModuleCopies(observation: SetupObservation): CheckFinding {
  if (observation.loaded === undefined) return ok("Loaded modules cannot be listed on this runtime; copies not checked.");
  const recording = (name: string): boolean => observation.instrumentations.some((i) => i.spans > 0 && i.modules.some((m) => m.packageName === name));
  const unpatched: string[] = [];
  const names: string[] = [];
  let several = 0;
  let patching = 0;
  for (const [name, copies] of observation.loaded) {
    if (copies.length < 2) continue;
    several++;
    if (!copies.some((c) => c.patched || c.instrumentModules !== undefined) && !recording(name)) continue; // nothing patched at all: the instrumentations check says so
    for (const copy of copies.filter((c) => !c.patched)) {
      if (copy.instrumentModules === "patching") patching++;
      else {
        unpatched.push(`${name} ${copy.version ?? "?"} at ${copy.unpatchedEntries.join(" and ") || copy.root} (loaded by ${ownerOf(copy)})`);
        names.push(name);
      }
    }
  }
  if (unpatched.length === 0) {
    const inFlight = patching > 0 ? `; ${patching} copy(ies) still being patched by instrumentModules` : "";
    return ok(several === 0 ? "One copy of each instrumented package is loaded." : `Every loaded copy of the instrumented packages is patched (${several} package(s) with several copies${inFlight}).`);
  }
  return problem(`A second copy of an instrumented package is loaded and not patched, so calls through it record nothing: ${unpatched.join("; ")}.`, fixFor(names));
}
