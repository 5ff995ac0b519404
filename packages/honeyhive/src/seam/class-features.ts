/**
 * Which features the tracers of a class get: the facade's `HoneyHiveTracer` is given its list once, when its module
 * loads; a tracer made by a subclass (the application's) gets its nearest ancestor's list, and a tracer of the bare
 * base class gets none.
 */
import type { TracerFeature } from "./tracer-feature";

const byClass = new WeakMap<object, readonly TracerFeature[]>();

/** Gives the tracers that `tracerClass` (and its subclasses) constructs `features`. */
export function setTracerFeatures(tracerClass: object, features: readonly TracerFeature[]): void {
  byClass.set(tracerClass, Object.freeze([...features]));
}

/** The features of the tracers `tracerClass` constructs (its own list, else its nearest ancestor's); none by default. */
export function tracerFeaturesOf(tracerClass: object | undefined): readonly TracerFeature[] {
  for (let c: object | null | undefined = tracerClass; c !== null && c !== undefined && c !== Function.prototype; c = Object.getPrototypeOf(c) as object | null) {
    const features = byClass.get(c);
    if (features !== undefined) return features;
  }
  return [];
}
