import { sharedState } from "../internal/process-state";
import type { TracerHandle } from "./tracer-handle";

/**
 * The process default tracer. It is held strongly (at most one instance, so nothing accumulates) because
 * free functions must keep working after the application drops its own reference; it is released when
 * that tracer shuts down or `setDefaultTracer()` replaces it.
 */
interface DefaultSlot {
  tracer: TracerHandle | undefined;
  chosenExplicitly: boolean;
}

function slot(): DefaultSlot {
  const global = sharedState();
  global.defaultTracer ??= { tracer: undefined, chosenExplicitly: false } satisfies DefaultSlot;
  return global.defaultTracer as DefaultSlot;
}

/** The process default tracer, if any. */
export function getDefaultTracerHandle(): TracerHandle | undefined {
  return slot().tracer;
}

/** Sets (or with `undefined`, clears) the default tracer; an explicit choice stops first-wins auto-selection. */
export function setDefaultTracerHandle(tracer: TracerHandle | undefined): void {
  const s = slot();
  s.tracer = tracer;
  s.chosenExplicitly = true;
}

/** Makes `tracer` the default if there is none and none was chosen explicitly (first wins). */
export function offerDefaultTracerHandle(tracer: TracerHandle): void {
  const s = slot();
  if (s.chosenExplicitly || s.tracer) return;
  s.tracer = tracer;
}

/** Clears the default if it is `tracer` (called when that tracer shuts down). */
export function releaseDefaultTracerHandle(tracer: TracerHandle): void {
  const s = slot();
  if (s.tracer === tracer) s.tracer = undefined;
}
