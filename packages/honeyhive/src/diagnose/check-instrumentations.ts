/**
 * Instrumentation check, by observation: for each instrumentation given to HoneyHive (`instrumentations`,
 * `instrumentModules`, `httpTracing`), the spans its scope produced since start and whether it patched anything
 * (its require hook, `manuallyInstrument`, `instrumentModules`, a patched loaded copy). A problem only with evidence:
 * it produced nothing, patched nothing, and the library it instruments is loaded unpatched (ESM `import`s run before
 * the tracer enables it), or not loaded at all. Instrumentations that patch by hand or through a trace processor are
 * never flagged for their module definitions. A copy outside the declared version range is the version-range check's.
 * A module given to `instrumentModules` that no instrumentation could patch is a problem too, with what failed.
 */
import { type CheckFinding, ok, problem } from "./diagnosis";
import { copiesOf, isBuiltin, outOfRange, showsPatching } from "./instrumented-packages";
import type { ObservedInstrumentation, SetupObservation } from "./observe-setup";

const LOADED_FIX =
  "Pass the module itself, which works in ESM and bundles: `new HoneyHiveTracer({ instrumentModules: { openAI: OpenAI } })`, " +
  "or call `instrumentation.manuallyInstrument(module)` after registering it; or create the tracer with its instrumentations in a file " +
  "loaded first: `node --import ./instrumentation.mjs app.mjs` (with the `@opentelemetry/instrumentation/hook.mjs` loader registered for ESM).";
const NOT_LOADED_FIX =
  "Load the library in this process after the tracer is created (require/import it where your app uses it), or pass the module: " +
  "`instrumentModules: { openAI: OpenAI }`. If your app loads it later than this check ran, run diagnose() after it did; if your app " +
  "does not use that library, remove the instrumentation.";

/** What one instrumentation shows: working, idle with its library loaded, or idle with it not loaded; and the detail. */
interface Verdict {
  kind: "ok" | "loaded" | "notLoaded";
  name: string;
  detail: string;
}

function verdictOf(observation: SetupObservation, instrumentation: ObservedInstrumentation): Verdict {
  const { name, spans } = instrumentation;
  if (showsPatching(observation, instrumentation)) return { kind: "ok", name, detail: `${spans} span${spans === 1 ? "" : "s"}` };
  const modules = instrumentation.modules.filter((m) => !isBuiltin(m.packageName));
  if (modules.length === 0 || observation.loaded === undefined) return { kind: "ok", name, detail: `${spans} spans so far` };
  const outside = new Set(outOfRange(observation, instrumentation).map((o) => o.module));
  const judged = modules.filter((m) => !outside.has(m));
  if (judged.length === 0) return { kind: "ok", name, detail: "see version-ranges" };
  const packages = [...new Set(judged.map((m) => m.packageName))];
  const loaded = packages.filter((p) => judged.some((m) => m.packageName === p && copiesOf(observation, m).length > 0));
  if (loaded.length > 0) return { kind: "loaded", name, detail: `${loaded.join(", ")} loaded, never patched, 0 spans` };
  return { kind: "notLoaded", name, detail: `${packages.join(", ")} not loaded, 0 spans` };
}

/**
 * The verdicts of one kind, each instrumentation once: instances of one instrumentation (given in `instrumentations`,
 * made by `instrumentModules` for the module and for its other installed copies) share their scope's span count, so
 * they read the same; the line says how many instances it stands for.
 */
function linesOf(verdicts: readonly Verdict[], kind: Verdict["kind"]): string[] {
  const counts = new Map<string, { verdict: Verdict; n: number }>();
  for (const verdict of verdicts) {
    if (verdict.kind !== kind) continue;
    const key = `${verdict.name}\n${verdict.detail}`;
    const seen = counts.get(key);
    if (seen) seen.n++;
    else counts.set(key, { verdict, n: 1 });
  }
  return [...counts.values()].map(({ verdict, n }) => `${verdict.name} (${verdict.detail}${n > 1 ? `; ${n} instances` : ""})`);
}

/** Reports each instrumentation's spans and patching; a problem names the unpatched modules or the idle ones, and the fix. */
export function checkInstrumentations(observation: SetupObservation): CheckFinding {
  const unpatched = observation.unpatched ?? [];
  if (unpatched.length > 0) {
    return problem(`Not patched, their calls are not instrumented: ${unpatched.map((u) => `instrumentModules.${u.key} (${u.reason})`).join("; ")}.`, unpatched.map((u) => u.fix).join(" "));
  }
  if (observation.instrumentations.length === 0) return ok("No instrumentations were given to HoneyHive (`instrumentations`, `instrumentModules`, `httpTracing`).");
  const verdicts = observation.instrumentations.map((i) => verdictOf(observation, i));
  const loaded = linesOf(verdicts, "loaded");
  const notLoaded = linesOf(verdicts, "notLoaded");
  const working = linesOf(verdicts, "ok");
  if (loaded.length > 0) {
    return problem(
      `Enabled but never patched its library, which is loaded: ${loaded.join("; ")}. The library was loaded before the instrumentation ` +
        "(ESM imports run first) or through a path its require hook does not see.",
      LOADED_FIX,
    );
  }
  if (notLoaded.length > 0) return problem(`Enabled for a library this process has not loaded: ${notLoaded.join("; ")}.`, NOT_LOADED_FIX);
  return ok(`Instrumentations at work: ${working.join("; ")}.`);
}
