/**
 * Runs a reaction on each module an OpenTelemetry instrumentation patches from now on: through its require hook (its
 * module definitions' `patch`, looked up when the module loads: the reaction gets what `patch` returned, else the
 * exports it patched) and through its `manuallyInstrument` (the reaction gets the first module; every argument is
 * passed on, as some instrumentations take several). Once per instrumentation and `key`; the instrumentation's own
 * behaviour is unchanged; never throws (a failing reaction is counted as an internal error).
 */
import { noteInternalError } from "../internal/guard";

interface ModuleDefinitionLike {
  patch?: (exports: unknown, version?: string) => unknown;
}
interface PatchingInstrumentation {
  manuallyInstrument?: (...modules: unknown[]) => unknown;
  getModuleDefinitions?: () => ModuleDefinitionLike[];
  _modules?: ModuleDefinitionLike[];
  [key: symbol]: true | undefined;
}

function react(onModule: (module: unknown) => void, module: unknown): void {
  try {
    onModule(module);
  } catch (error) {
    noteInternalError(error);
  }
}

/** Calls `onModule` after each patch `instrumentation` applies (see the module comment); `key` marks it once. */
export function afterPatching(instrumentation: unknown, key: symbol, onModule: (module: unknown) => void): void {
  try {
    const target = instrumentation as PatchingInstrumentation;
    if (typeof target !== "object" || target === null || target[key] === true) return;
    Object.defineProperty(target, key, { value: true });
    const manual = target.manuallyInstrument;
    if (typeof manual === "function") {
      target.manuallyInstrument = function manuallyInstrument(this: unknown, ...modules: unknown[]) {
        const result = Reflect.apply(manual, this, modules) as unknown;
        react(onModule, modules[0]);
        return result;
      };
    }
    const definitions = typeof target.getModuleDefinitions === "function" ? target.getModuleDefinitions() : target._modules;
    for (const definition of Array.isArray(definitions) ? definitions : []) {
      const patch = definition.patch;
      if (typeof patch !== "function") continue;
      definition.patch = function patched(this: unknown, exports: unknown, version?: string) {
        const result = patch.call(this, exports, version);
        react(onModule, result ?? exports);
        return result;
      };
    }
  } catch (error) {
    noteInternalError(error);
  }
}
