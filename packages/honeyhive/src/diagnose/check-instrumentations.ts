/**
 * Instrumentation check, by observation: for each instrumentation given to HoneyHive (`instrumentations`,
 * `instrumentModules`, `httpTracing`), the spans its scope produced since start and whether it patched anything
 * (its require hook, `manuallyInstrument`, `instrumentModules`, a patched loaded copy). A problem only with evidence:
 * it produced nothing, patched nothing, and the library it instruments is loaded unpatched (ESM `import`s run before
 * the tracer enables it), or not loaded at all. Instrumentations that patch by hand or through a trace processor are
 * never flagged for their module definitions. A copy outside the declared version range is the version-range check's.
 * A module given to `instrumentModules` that no instrumentation could patch, or `httpTracing` with neither of its
 * packages installed, is a problem too, with what failed (unpatched-modules.ts records both). The keys the SDK sets up
 * itself (`mcp`, `cohere`, …) are listed with their spans, and an MCP SDK build the app's calls go through left
 * unpatched is a problem (own-setup-verdicts.ts).
 */
import { type CheckFinding, ok, problem } from "./diagnosis";
import { loadedFix, moduleFixOf } from "./instrumentation-fixes";
import { copiesOf, isBuiltin, outOfRange, showsPatching } from "./instrumented-packages";
import type { ObservedInstrumentation, SetupObservation } from "./observe-setup";
import { ownSetupLines, ownSetupProblem } from "./own-setup-verdicts";

/** The fix for an instrumentation that patched the client but records no call. */
const SILENT_FIX =
  "Give the instrumentation to HoneyHive only, and do not point it at another tracer provider afterwards (`registerInstrumentations()` or " +
  "`setTracerProvider()` with a provider HoneyHive is not part of); make sure no `suppressTracing` context wraps the calls; or let HoneyHive " +
  "choose: `instrumentModules: { openAI: OpenAI }` patches with an instrumentation that records the installed client.";

/** The fix for instrumentations whose library is not loaded (yet), naming each one's module. */
function notLoadedFix(verdicts: readonly Verdict[]): string {
  return (
    "Load the library in this process after the tracer is created (require/import it where your app uses it), or pass its module: " +
    `${verdicts.map(moduleFixOf).join("; ")}. If your app loads it later than this check ran, run diagnose() after it did; if your app ` +
    "does not use that library, remove the instrumentation."
  );
}

/** What one instrumentation shows: working, silent (calls went through it, no span), idle with its library loaded, or not loaded; and the detail. */
interface Verdict {
  kind: "ok" | "silent" | "loaded" | "notLoaded";
  name: string;
  detail: string;
  /** The packages the detail names (loaded and never patched, or not loaded). */
  packages: string[];
}

function verdictOf(observation: SetupObservation, instrumentation: ObservedInstrumentation): Verdict {
  const { name, spans } = instrumentation;
  const calls = observation.observedCalls?.[name] ?? 0;
  if (calls > 0 && spans === 0) return { kind: "silent", name, detail: `${calls} call${calls === 1 ? "" : "s"} through its patched methods, 0 spans`, packages: [] };
  if (showsPatching(observation, instrumentation)) return { kind: "ok", name, detail: `${spans} span${spans === 1 ? "" : "s"}`, packages: [] };
  const modules = instrumentation.modules.filter((m) => !isBuiltin(m.packageName));
  if (modules.length === 0 || observation.loaded === undefined) return { kind: "ok", name, detail: `${spans} spans so far`, packages: [] };
  const outside = new Set(outOfRange(observation, instrumentation).map((o) => o.module));
  const judged = modules.filter((m) => !outside.has(m));
  if (judged.length === 0) return { kind: "ok", name, detail: "see version-ranges", packages: [] };
  const packages = [...new Set(judged.map((m) => m.packageName))];
  const loaded = packages.filter((p) => judged.some((m) => m.packageName === p && copiesOf(observation, m).length > 0));
  if (loaded.length > 0) return { kind: "loaded", name, detail: `${loaded.join(", ")} loaded, never patched, 0 spans`, packages: loaded };
  return { kind: "notLoaded", name, detail: `${packages.join(", ")} not loaded, 0 spans`, packages };
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

/** The verdicts of one kind, one per instrumentation name. */
function distinct(verdicts: readonly Verdict[], kind: Verdict["kind"]): Verdict[] {
  const byName = new Map<string, Verdict>();
  for (const verdict of verdicts) if (verdict.kind === kind && !byName.has(verdict.name)) byName.set(verdict.name, verdict);
  return [...byName.values()];
}

/** Reports each instrumentation's spans and patching; a problem names the unpatched modules or the idle ones, and the fix. */
export function checkInstrumentations(observation: SetupObservation): CheckFinding {
  const unpatched = observation.unpatched ?? [];
  if (unpatched.length > 0) {
    return problem(`Not patched, their calls are not instrumented: ${unpatched.map((u) => `${u.option} (${u.reason})`).join("; ")}.`, unpatched.map((u) => u.fix).join(" "));
  }
  const own = ownSetupProblem(observation);
  if (own !== undefined) return problem(own.summary, own.fix);
  const ownLines = ownSetupLines(observation);
  if (observation.instrumentations.length === 0 && ownLines.length === 0) return ok("No instrumentations were given to HoneyHive (`instrumentations`, `instrumentModules`, `httpTracing`).");
  const verdicts = observation.instrumentations.map((i) => verdictOf(observation, i));
  const loaded = linesOf(verdicts, "loaded");
  const notLoaded = linesOf(verdicts, "notLoaded");
  const working = [...linesOf(verdicts, "ok"), ...ownLines];
  const silent = linesOf(verdicts, "silent");
  if (silent.length > 0) return problem(`Patched, and the app's calls went through it, but it recorded nothing: ${silent.join("; ")}.`, SILENT_FIX);
  if (loaded.length > 0) {
    return problem(
      `Enabled but never patched its library, which is loaded: ${loaded.join("; ")}. The library was loaded before the instrumentation ` +
        "(ESM imports run first) or through a path its require hook does not see.",
      loadedFix(distinct(verdicts, "loaded")),
    );
  }
  if (notLoaded.length > 0) return problem(`Enabled for a library this process has not loaded: ${notLoaded.join("; ")}.`, notLoadedFix(distinct(verdicts, "notLoaded")));
  return ok(`Instrumentations at work: ${working.join("; ")}.`);
}
