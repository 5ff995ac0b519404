/**
 * Client helpers check: the combinations of an instrumentation and a client known to break the client's own public
 * helpers, which a call of the application then throws from (decision record 0068):
 * - an `openai` copy whose methods an instrumentation wrapped without the SDK's promise guard (the instrumentation
 *   patched before HoneyHive could guard it: created and patched before the tracer, or outside HoneyHive):
 *   OpenLLMetry's makes `chat.completions.stream()` throw, OpenInference's makes `parse()` throw on a copy it did not
 *   load itself (an ES module app, a framework's nested copy);
 * - an instrumentation patched by hand on a version it does not declare and is known to fail on (OpenInference's
 *   4.x on openai 4: every call throws).
 */
import { satisfiesRange } from "../internal/version-range";
import { type CheckFinding, ok, problem } from "./diagnosis";
import { copiesOf } from "./instrumented-packages";
import type { ObservedInstance, SetupObservation } from "./observe-setup";

/** The known failures of an instrumentation on versions of its library outside its declared range. */
interface KnownBreakage {
  instrumentation: string;
  packageName: string;
  /** The library versions it breaks. */
  versions: string;
  breaks: string;
  fix: string;
}

const OPENAI_FIX =
  "Let HoneyHive patch the client: `import OpenAI from \"openai\"`, then `new HoneyHiveTracer({ instrumentModules: { openAI: OpenAI } })` " +
  "(it picks an instrumentation whose declared range holds your openai version and keeps every helper working), or give your " +
  "instrumentation to the tracer (`instrumentations: [...]`) before you patch with it or load openai.";

const KNOWN_BREAKAGES: readonly KnownBreakage[] = [
  {
    instrumentation: "@arizeai/openinference-instrumentation-openai", packageName: "openai", versions: "<5",
    breaks: "every call throws (it declares openai 5 to 7)",
    fix: "Upgrade openai to 5 or later, or use OpenLLMetry's instrumentation (`npm install @traceloop/instrumentation-openai`), which `instrumentModules` then picks.",
  },
];

function unguardedLine(copy: ObservedInstance): string {
  return `openai ${copy.version ?? "?"} at ${copy.root}: its methods were wrapped by an instrumentation HoneyHive did not patch with, so ` +
    "its helpers can throw (OpenLLMetry's breaks `chat.completions.stream()`, OpenInference's breaks `parse()` on a copy it did not load itself)";
}

/** The known breakages among the instrumentations that patched a loaded copy of a version they break. */
function knownBreakages(observation: SetupObservation): { line: string; fix: string }[] {
  const found: { line: string; fix: string }[] = [];
  for (const instrumentation of observation.instrumentations) {
    for (const known of KNOWN_BREAKAGES.filter((k) => k.instrumentation === instrumentation.name)) {
      const module = instrumentation.modules.find((m) => m.packageName === known.packageName);
      if (module === undefined || (instrumentation.manual.length === 0 && module.moduleExports === undefined)) continue;
      const broken = copiesOf(observation, module).filter((c) => c.patched && c.version !== undefined && satisfiesRange(c.version, known.versions) === true);
      for (const copy of broken) found.push({ line: `${known.instrumentation} patched ${known.packageName} ${copy.version}: ${known.breaks}`, fix: known.fix });
    }
  }
  return found;
}

/** Finds instrumented clients whose helpers a known combination breaks, with the fix. */
export function checkClientHelpers(observation: SetupObservation): CheckFinding {
  if (observation.loaded === undefined) return ok("Loaded modules cannot be listed on this runtime; client helpers not checked.");
  const unguarded = (observation.loaded.get("openai") ?? []).filter((c) => c.unguarded === true);
  const known = knownBreakages(observation);
  if (unguarded.length === 0 && known.length === 0) return ok("No instrumentation known to break its client's helpers is patched in.");
  const lines = [...known.map((k) => k.line), ...unguarded.map(unguardedLine)];
  const fixes = [...new Set([...known.map((k) => k.fix), ...(unguarded.length > 0 ? [OPENAI_FIX] : [])])];
  return problem(`A known-broken combination of an instrumentation and its client: ${lines.join("; ")}.`, fixes.join(" "));
}
