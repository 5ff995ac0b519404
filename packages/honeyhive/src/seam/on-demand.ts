/**
 * Feature code loaded on first use: a module imported on its first need (a dynamic `import()`, which the build turns
 * into a chunk of its own), and calls that wait for it. `import "honeyhive"` loads none of it.
 */
import { context } from "@opentelemetry/api";
import { onDemand } from "../internal/on-demand";

export { onDemand };

/**
 * `call(module)` once `module()` has loaded, run in the OpenTelemetry context active now (so the active tracer, span and
 * session are those of the caller, as if the function had run at once).
 */
export function callOnDemand<M, R>(module: () => Promise<M>, call: (loaded: M) => R | Promise<R>): Promise<R> {
  const active = context.active();
  return module().then((loaded) => context.with(active, () => call(loaded)));
}
