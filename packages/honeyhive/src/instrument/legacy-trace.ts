import { wrapFunction } from "./trace";
import type { TraceOptions } from "./trace-options";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (...args: any[]) => any;

/** Old TS SDK: traces `fn` as a "model" event with the discovered tracer. */
export function traceModel<F extends AnyFunction>(fn: F, options: TraceOptions = {}): F {
  return wrapFunction(fn, { ...options, eventType: "model" });
}

/** Old TS SDK: traces `fn` as a "tool" event with the discovered tracer. */
export function traceTool<F extends AnyFunction>(fn: F, options: TraceOptions = {}): F {
  return wrapFunction(fn, { ...options, eventType: "tool" });
}

/** Old TS SDK: traces `fn` as a "chain" event with the discovered tracer. */
export function traceChain<F extends AnyFunction>(fn: F, options: TraceOptions = {}): F {
  return wrapFunction(fn, { ...options, eventType: "chain" });
}

/**
 * Old TS SDK: `traceFunction(options?)(fn)`. The second argument (association properties) of the old
 * signature is accepted and recorded as metadata, since sessions now come from the tracer in context.
 */
export function traceFunction(options: TraceOptions = {}, associationProperties?: Record<string, unknown>): <F extends AnyFunction>(fn: F) => F {
  const merged: TraceOptions = associationProperties ? { ...options, metadata: { ...associationProperties, ...(options.metadata ?? {}) } } : options;
  return (fn) => wrapFunction(fn, merged);
}
