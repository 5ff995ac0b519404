import { getActiveTracer } from "./active-tracer";
import { getDefaultTracerHandle } from "./default-tracer";
import type { TracerHandle } from "./tracer-handle";

/** Where a discovered tracer came from. */
export type DiscoverySource = "explicit" | "context" | "default" | "none";

/**
 * Finds the tracer for a free function call: explicit > active in the current OpenTelemetry context >
 * process default > none. Never throws.
 */
export function discoverTracerHandle(explicit?: TracerHandle | null): { tracer: TracerHandle | undefined; source: DiscoverySource } {
  if (explicit) return { tracer: explicit, source: "explicit" };
  const active = getActiveTracer();
  if (active) return { tracer: active, source: "context" };
  const fallback = getDefaultTracerHandle();
  if (fallback) return { tracer: fallback, source: "default" };
  return { tracer: undefined, source: "none" };
}
