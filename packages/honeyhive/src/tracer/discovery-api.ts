import { discoverTracerHandle } from "../context/discover";
import { getDefaultTracerHandle, setDefaultTracerHandle } from "../context/default-tracer";
import type { HoneyHiveTracer } from "./honeyhive-tracer";

/** The process default tracer (the first one created, unless {@link setDefaultTracer} chose), if any. */
export function getDefaultTracer(): HoneyHiveTracer | undefined {
  return getDefaultTracerHandle() as HoneyHiveTracer | undefined;
}

/** Chooses the default tracer used by free functions outside any tracer context; `undefined` clears it. */
export function setDefaultTracer(tracer: HoneyHiveTracer | undefined): void {
  setDefaultTracerHandle(tracer);
}

/** The tracer a free function would use here: explicit > active in context > default > undefined. Never throws. */
export function discoverTracer(explicit?: HoneyHiveTracer): HoneyHiveTracer | undefined {
  return discoverTracerHandle(explicit).tracer as HoneyHiveTracer | undefined;
}
