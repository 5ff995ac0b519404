/**
 * Runs a reaction on each module an OpenTelemetry instrumentation patches from now on, or runs each patch inside a
 * wrapper of its own: through its require hook (its module definitions' `patch`, looked up when the module loads: the
 * reaction gets what `patch` returned, else the exports it patched) and through its `manuallyInstrument` (the reaction
 * gets the first module; every argument is passed on, as some instrumentations take several). Once per
 * instrumentation and `key`; the instrumentation's own behaviour is unchanged; never throws (a failing reaction is
 * counted as an internal error).
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

/**
 * Runs each patch `instrumentation` applies from now on through `around(module, patch, modules)`, which must call
 * `patch` once and return its result (see the module comment for the two routes; `modules`: every module the patch
 * gets, as `manuallyInstrument` may take several); `key` marks it once.
 */
export function aroundPatching(instrumentation: unknown, key: symbol, around: <T>(module: unknown, patch: () => T, modules: readonly unknown[]) => T): void {
  try {
    const target = instrumentation as PatchingInstrumentation;
    if (typeof target !== "object" || target === null || target[key] === true) return;
    Object.defineProperty(target, key, { value: true });
    const manual = target.manuallyInstrument;
    if (typeof manual === "function") {
      target.manuallyInstrument = function manuallyInstrument(this: unknown, ...modules: unknown[]) {
        return around(modules[0], () => Reflect.apply(manual, this, modules) as unknown, modules);
      };
    }
    // the live definitions the require hook calls (`getModuleDefinitions()` builds new ones in @opentelemetry/instrumentation 0.2xx)
    const definitions = Array.isArray(target._modules) ? target._modules : typeof target.getModuleDefinitions === "function" ? target.getModuleDefinitions() : undefined;
    for (const definition of Array.isArray(definitions) ? definitions : []) {
      const patch = definition.patch;
      if (typeof patch !== "function") continue;
      definition.patch = function patched(this: unknown, exports: unknown, version?: string) {
        return around(exports, () => patch.call(this, exports, version), [exports]);
      };
    }
  } catch (error) {
    noteInternalError(error);
  }
}

/** Calls `onModule` after each patch `instrumentation` applies (see the module comment); `key` marks it once. */
export function afterPatching(instrumentation: unknown, key: symbol, onModule: (module: unknown) => void): void {
  aroundPatching(instrumentation, key, (module, patch) => {
    const result = patch();
    react(onModule, result ?? module);
    return result;
  });
}
