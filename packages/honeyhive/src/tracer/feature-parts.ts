/**
 * A tracer's side of the feature seam (`seam/tracer-feature.ts`): it attaches the parts its features supply and calls
 * them at flush, shutdown and `diagnostics()`, each call guarded (a failing part costs itself, never the tracer).
 */
import { noteInternalError } from "../internal/guard";
import { withTimeout } from "../internal/with-timeout";
import type { FeatureHost, PipelinePart, TracerFeature, TracerPart } from "../seam/tracer-feature";

/** A tracer's feature parts, by feature name, in the order of its features. */
export type FeatureParts<P> = ReadonlyMap<string, P>;

/** The parts `features` add to the tracer behind `host` (a feature that adds none, or fails to, is left out). */
export function attachTracerParts(features: readonly TracerFeature[], host: FeatureHost): FeatureParts<TracerPart> {
  const parts = new Map<string, TracerPart>();
  for (const feature of features) {
    try {
      const part = feature.tracerPart?.(host);
      if (part !== undefined) parts.set(feature.name, part);
    } catch (error) {
      noteInternalError(error);
    }
  }
  return parts;
}

/** Waits (at most `timeoutMs`) until every part is ready; false when one was not. Never rejects. */
export async function partsReady(parts: FeatureParts<TracerPart>, timeoutMs: number): Promise<boolean> {
  const waits = [...parts.values()].flatMap((part) => (part.ready === undefined ? [] : [guardedPromise(() => part.ready!())]));
  if (waits.length === 0) return true;
  return withTimeout(Promise.all(waits).then(() => true), timeoutMs, false);
}

/** Each part's flush, until `deadline`; true when every one finished its work. Never rejects. */
export async function flushTracerParts(parts: FeatureParts<TracerPart>, deadline: number): Promise<boolean> {
  const flushes = [...parts.values()].flatMap((part) => (part.flush === undefined ? [] : [guardedPromise(() => part.flush!(deadline)).then((ok) => ok === true)]));
  return (await Promise.all(flushes)).every(Boolean);
}

/** Calls `hook` with each part (span start, session start and update, shutdown's beginning). Never throws. */
export function tellParts(parts: FeatureParts<TracerPart>, hook: (part: TracerPart) => void): void {
  if (parts.size === 0) return;
  for (const part of parts.values()) {
    try {
      hook(part);
    } catch (error) {
      noteInternalError(error);
    }
  }
}

/** Stops every part (shutdown); returns how much work they dropped. Never throws. */
export function stopTracerParts(parts: FeatureParts<TracerPart>): number {
  let dropped = 0;
  tellParts(parts, (part) => void (dropped += part.stop?.() ?? 0));
  return dropped;
}

/** The features' counters by feature name: the pipeline's parts', then the tracer's (a part reporting none is left out). */
export function featureDiagnostics(pipelineParts: FeatureParts<PipelinePart>, tracerParts: FeatureParts<TracerPart>): Record<string, object> {
  const entries: Record<string, object> = {};
  for (const parts of [pipelineParts, tracerParts]) {
    for (const [name, part] of parts) {
      try {
        const counters = part.diagnostics?.();
        if (counters !== undefined) entries[name] = counters;
      } catch (error) {
        noteInternalError(error);
      }
    }
  }
  return entries;
}

/** `make()`'s promise, with a throw or a rejection turned into a resolved undefined (counted). */
function guardedPromise<T>(make: () => Promise<T>): Promise<T | undefined> {
  try {
    return make().catch((error: unknown) => {
      noteInternalError(error);
      return undefined;
    });
  } catch (error) {
    noteInternalError(error);
    return Promise.resolve(undefined);
  }
}
