/**
 * The pruning rule (`json-pruner.ts`) imported on the first pruned read: a run's summary is read pruned once, at its
 * end, so `import "honeyhive"` does not load it.
 */
import { onDemand } from "./on-demand";

/** The `json-pruner` module, imported on the first call. */
export const jsonPrunerModule = onDemand(() => import("./json-pruner"));
