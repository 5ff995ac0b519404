import { discoverTracerHandle } from "../context/discover";
import { getDefaultTracerHandle, setDefaultTracerHandle } from "../context/default-tracer";
import { type TracerHandle, tracerHandleOf } from "../context/tracer-handle";
import type { HoneyHiveTracer } from "./honeyhive-tracer";

function facadeOf(handle: TracerHandle | undefined): HoneyHiveTracer | undefined {
  return handle?.facade as HoneyHiveTracer | undefined;
}

/** The process default tracer (the first one created, unless {@link setDefaultTracer} chose), if any. */
export function getDefaultTracer(): HoneyHiveTracer | undefined {
  return facadeOf(getDefaultTracerHandle());
}

/** Chooses the default tracer used by free functions outside any tracer context; `undefined` clears it. Never throws. */
export function setDefaultTracer(tracer: HoneyHiveTracer | undefined): void {
  setDefaultTracerHandle(tracerHandleOf(tracer));
}

/** The tracer a free function would use here: explicit > active in context > default > undefined. Never throws. */
export function discoverTracer(explicit?: HoneyHiveTracer): HoneyHiveTracer | undefined {
  return facadeOf(discoverTracerHandle(explicit).tracer);
}
