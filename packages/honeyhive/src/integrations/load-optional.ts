import { runtime } from "../runtime/platform";

/**
 * Loads an optional package from the application's own dependencies (resolved from the working
 * directory, then from the SDK), or returns undefined when it is not installed or the runtime cannot load
 * modules by name (the runtime-neutral build).
 */
export function loadOptional<T = unknown>(name: string): T | undefined {
  return runtime.node?.loadModule(name) as T | undefined;
}
