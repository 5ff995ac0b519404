/**
 * Copies check: a package installed twice (the app's `openai` and a framework's nested copy, as `@llamaindex/openai`
 * ships) is two module instances; an instrumentation patches the one it was given or the one its require hook saw,
 * and calls through the other record nothing. A problem when an instrumented package has several loaded copies and
 * one is unpatched while another is patched (or the instrumentation records through another). The CommonJS and ES
 * module entries of one copy are not judged against each other: an instrumentation package often requires the
 * CommonJS entry for itself while the app uses the other, and neither is a second copy. A copy `instrumentModules`
 * patched, or is still patching (it loads an ES module copy in the background), is not a problem: the check asks
 * its record (provider-copy-states.ts) rather than finding the copies again. A copy only instrumentation packages
 * required, for their own use (OpenInference's OpenAI instrumentation requires `openai` for an `instanceof` test, which
 * resolves to another copy when the instrumentation is installed elsewhere than the app's `openai`), carries no
 * application call and is not a problem either.
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

/** What the check found among the copies: the unpatched ones to name, and the counts its "ok" summary gives. */
interface CopiesSeen {
  unpatched: string[];
  names: string[];
  several: number;
  patching: number;
  instrumentationOwn: number;
}

/** Sorts the unpatched copies of one package with several loaded copies into `seen`. */
function judgeCopies(name: string, copies: readonly ObservedInstance[], seen: CopiesSeen): void {
  for (const copy of copies.filter((c) => !c.patched)) {
    if (copy.instrumentModules === "patching") seen.patching++;
    else if (copy.unpatchedEntries.length === 0 && (copy.instrumentationOwnEntries?.length ?? 0) > 0) seen.instrumentationOwn++;
    else {
      seen.unpatched.push(`${name} ${copy.version ?? "?"} at ${copy.unpatchedEntries.join(" and ") || copy.root} (loaded by ${ownerOf(copy)})`);
      seen.names.push(name);
    }
  }
}

/** Finds instrumented packages with a loaded copy left unpatched beside a patched one. */
export function checkModuleCopies(observation: SetupObservation): CheckFinding {
  if (observation.loaded === undefined) return ok("Loaded modules cannot be listed on this runtime; copies not checked.");
  const recording = (name: string): boolean => observation.instrumentations.some((i) => i.spans > 0 && i.modules.some((m) => m.packageName === name));
  const seen: CopiesSeen = { unpatched: [], names: [], several: 0, patching: 0, instrumentationOwn: 0 };
  for (const [name, copies] of observation.loaded) {
    if (copies.length < 2) continue;
    seen.several++;
    if (!copies.some((c) => c.patched || c.instrumentModules !== undefined) && !recording(name)) continue; // nothing patched at all: the instrumentations check says so
    judgeCopies(name, copies, seen);
  }
  if (seen.unpatched.length === 0) {
    const inFlight = seen.patching > 0 ? `; ${seen.patching} copy(ies) still being patched by instrumentModules` : "";
    const own = seen.instrumentationOwn > 0 ? `; ${seen.instrumentationOwn} copy(ies) loaded only by an instrumentation package for its own use` : "";
    return ok(seen.several === 0 ? "One copy of each instrumented package is loaded." : `Every loaded copy of the instrumented packages is patched (${seen.several} package(s) with several copies${inFlight}${own}).`);
  }
  return problem(`A second copy of an instrumented package is loaded and not patched, so calls through it record nothing: ${seen.unpatched.join("; ")}.`, fixFor(seen.names));
}
