import { getActiveTracer } from "./active-tracer";
import { getDefaultTracerHandle } from "./default-tracer";
import { type TracerHandle, tracerHandleOf } from "./tracer-handle";

/** Where a discovered tracer came from. */
type DiscoverySource = "explicit" | "context" | "default" | "none";

/**
 * Finds the tracer engine for a free function call: explicit (a tracer or engine; anything else is ignored) > active in the current OpenTelemetry context >
 * process default > none. Never throws.
 */
export function discoverTracerHandle(explicit?: unknown): { tracer: TracerHandle | undefined; source: DiscoverySource } {
  const handle = tracerHandleOf(explicit);
  if (handle) return { tracer: handle, source: "explicit" };
  const active = getActiveTracer();
  if (active) return { tracer: active, source: "context" };
  const fallback = getDefaultTracerHandle();
  if (fallback) return { tracer: fallback, source: "default" };
  return { tracer: undefined, source: "none" };
}
