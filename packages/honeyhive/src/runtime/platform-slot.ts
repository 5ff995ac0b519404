/**
 * The published build's runtime seam (`scripts/build-sdk.mjs` puts it in place of `platform.ts`): one copy of the code
 * serves the Node entry points and the runtime-neutral one, so the runtime is installed by the entry point that was
 * loaded (`install-node.ts`, `install-neutral.ts`) before any of the SDK's code runs. Modules read it when they are
 * called, never while they load, so the order in which the build's files load does not matter.
 */
import type { Runtime } from "./runtime";

/** The runtime the loaded entry point installed (its properties, copied in). */
export const runtime: Runtime = Object.create(null) as Runtime;

/** Installs `chosen` as the runtime (an entry point does, once; a second entry point of the same build installs the same). */
export function installRuntime(chosen: Runtime): void {
  if ((runtime as Partial<Runtime>).build === undefined) Object.defineProperties(runtime, Object.getOwnPropertyDescriptors(chosen));
}
