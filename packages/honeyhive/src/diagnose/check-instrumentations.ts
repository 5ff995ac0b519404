/**
 * Instrumentation check: an instrumentation given to HoneyHive (`instrumentations` option) patches its library when
 * the library is loaded after it. ESM `import`s are hoisted, so `import OpenAI from "openai"` at the top of the file
 * that creates the tracer runs first, and the instrumentation never patches anything: no LLM spans, no error.
 */
import { enabledInstrumentations } from "../integrations/register-instrumentations";
import { type CheckFinding, ok, problem } from "./diagnosis";

interface ModuleDefinition {
  name?: unknown;
  moduleExports?: unknown;
}

interface WithModuleDefinitions {
  instrumentationName?: string;
  getModuleDefinitions?: () => readonly ModuleDefinition[];
  /** Where InstrumentationBase keeps them (instrumentations built on an @opentelemetry/instrumentation without the getter). */
  _modules?: readonly ModuleDefinition[];
}

/** The module names of an instrumentation that patched none of its modules; undefined when it patched one (or cannot tell). */
function unpatched(instrumentation: WithModuleDefinitions): string[] | undefined {
  const definitions = instrumentation.getModuleDefinitions?.() ?? instrumentation._modules ?? [];
  if (!Array.isArray(definitions) || definitions.length === 0) return undefined;
  if (definitions.some((definition) => definition.moduleExports !== undefined)) return undefined;
  return definitions.map((definition) => String(definition.name));
}

export function checkInstrumentations(): CheckFinding {
  const instrumentations = enabledInstrumentations() as readonly WithModuleDefinitions[];
  if (instrumentations.length === 0) return ok("No instrumentations were given to HoneyHive (`instrumentations` option).");
  const idle: string[] = [];
  for (const instrumentation of instrumentations) {
    const modules = unpatched(instrumentation);
    if (modules) idle.push(`${instrumentation.instrumentationName ?? "an instrumentation"} (${modules.join(", ")})`);
  }
  if (idle.length === 0) return ok(`${instrumentations.length} instrumentation(s) patched their libraries.`);
  return problem(
    `Enabled but never patched their library: ${idle.join("; ")}. The library was loaded before the instrumentation ` +
      "(ESM imports run first), or is not loaded at all.",
    "Pass the module itself, which works in ESM and bundles: `new HoneyHiveTracer({ instrumentModules: { openai: OpenAI } })`; " +
      "or create the tracer with its instrumentations in a file loaded first: `node --import ./instrumentation.mjs app.mjs` " +
      "(with the `@opentelemetry/instrumentation/hook.mjs` loader registered for ESM).",
  );
}
