import { readPlainOptions } from "../config/options-snapshot";
import { guard } from "../internal/guard";
import { wrapFunction } from "./trace";
import type { TraceOptions } from "./trace-options";
import { checkTraceOptions, wrapSiteName } from "./trace-option-keys";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (...args: any[]) => any;

/** Old TS SDK: traces `fn` as a "model" event with the discovered tracer. */
export function traceModel<F extends AnyFunction>(fn: F, options: TraceOptions = {}): F {
  return wrapFunction(fn, { ...checkTraceOptions(options, wrapSiteName(fn)), eventType: "model" });
}

/** Old TS SDK: traces `fn` as a "tool" event with the discovered tracer. */
export function traceTool<F extends AnyFunction>(fn: F, options: TraceOptions = {}): F {
  return wrapFunction(fn, { ...checkTraceOptions(options, wrapSiteName(fn)), eventType: "tool" });
}

/** Old TS SDK: traces `fn` as a "chain" event with the discovered tracer. */
export function traceChain<F extends AnyFunction>(fn: F, options: TraceOptions = {}): F {
  return wrapFunction(fn, { ...checkTraceOptions(options, wrapSiteName(fn)), eventType: "chain" });
}

/**
 * Old TS SDK: `traceFunction(options?)(fn)`. The second argument (association properties) of the old
 * signature is accepted and recorded as metadata, since sessions now come from the tracer in context.
 */
export function traceFunction(options: TraceOptions = {}, associationProperties?: Record<string, unknown>): <F extends AnyFunction>(fn: F) => F {
  const extra = readPlainOptions(associationProperties, associationProperties && typeof associationProperties === "object" ? safeKeys(associationProperties) : []);
  return (fn) => {
    const read = checkTraceOptions(options, wrapSiteName(fn)); // the options, not the association properties (any key)
    const merged: TraceOptions = Object.keys(extra).length > 0 ? { ...read, metadata: { ...extra, ...readPlainOptions(read.metadata, safeKeys(read.metadata)) } } : read;
    return wrapFunction(fn, merged);
  };
}

function safeKeys(value: unknown): string[] {
  return guard(() => (typeof value === "object" && value !== null ? Object.keys(value) : []), []);
}
