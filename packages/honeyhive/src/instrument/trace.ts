import { createTracedFunctionSpec, invokeTraced } from "./traced-call";
import type { TraceOptions } from "./trace-options";
import { checkTraceOptions, wrapSiteName } from "./trace-option-keys";
import { noteInternalError } from "../internal/guard";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (...args: any[]) => any;

const TRACED = Symbol.for("honeyhive.traced");

/** A wrapper that is also a method decorator (TypeScript 5 standard decorators and legacy `experimentalDecorators`). */
export interface TraceWrapper {
  /** Wraps a function. */
  <F extends AnyFunction>(fn: F): F;
  /** Standard (TC39) method decorator form. */
  <F extends AnyFunction>(method: F, context: ClassMethodDecoratorContext): F;
  /** Legacy (`experimentalDecorators`) method decorator form. */
  <T>(target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<T>): TypedPropertyDescriptor<T> | void;
}

function isDecoratorContext(value: unknown): value is ClassMethodDecoratorContext {
  try {
    return typeof value === "object" && value !== null && "kind" in value && "name" in value;
  } catch (error) {
    noteInternalError(error); // a hostile options object (Proxy) is not a decorator context
    return false;
  }
}

/** True when `fn` is already a traced wrapper. */
export function isTraced(fn: unknown): boolean {
  return typeof fn === "function" && (fn as unknown as Record<symbol, unknown>)[TRACED] === true;
}

/**
 * Wraps one function with the given options; the wrapper keeps `this`, arity-independent arguments and the name. An
 * unknown option key or a value of the wrong type is reported here, once per wrap site (a `strict` tracer throws it:
 * see `trace-option-keys.ts`).
 */
export function wrapFunction<F extends AnyFunction>(fn: F, options: TraceOptions = {}, fallbackName?: string): F {
  if (typeof fn !== "function") return fn;
  const spec = createTracedFunctionSpec(fn, checkTraceOptions(options, wrapSiteName(fn, fallbackName)), fallbackName);
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    return invokeTraced(spec, this, args);
  };
  try {
    Object.defineProperty(wrapped, "name", { value: fn.name, configurable: true });
    Object.defineProperty(wrapped, "length", { value: fn.length, configurable: true });
    Object.defineProperty(wrapped, TRACED, { value: true });
  } catch (error) {
    noteInternalError(error); // cosmetic only
  }
  return wrapped as unknown as F;
}

function makeWrapper(options: TraceOptions): TraceWrapper {
  return function traceWrapper(target: unknown, second?: unknown, descriptor?: PropertyDescriptor): unknown {
    if (typeof target === "function" && isDecoratorContext(second)) {
      if (second.kind !== "method") return target;
      return wrapFunction(target as AnyFunction, options, String(second.name));
    }
    if (typeof target === "function" && second === undefined) return wrapFunction(target as AnyFunction, options);
    if (descriptor && typeof descriptor.value === "function") {
      return { ...descriptor, value: wrapFunction(descriptor.value as AnyFunction, options, String(second)) };
    }
    return descriptor ?? target;
  } as TraceWrapper;
}

/**
 * Traces a function: `trace(fn, options?)`, `trace(options?)(fn)`, or `@trace(options?)` / `@trace` on a
 * method in either decorator mode. The tracer is `options.tracer`, else the one active in context, else
 * the default; with none the function runs untraced (one warning).
 *
 * @example
 * const answer = trace(async (question: string) => llm(question), { eventType: "chain" });
 */
export function trace<F extends AnyFunction>(fn: F, options?: TraceOptions): F;
export function trace(options?: TraceOptions): TraceWrapper;
export function trace<F extends AnyFunction>(method: F, context: ClassMethodDecoratorContext): F;
export function trace<T>(target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<T>): TypedPropertyDescriptor<T> | void;
export function trace(first?: unknown, second?: unknown, third?: unknown): unknown {
  if (typeof first === "function") {
    if (isDecoratorContext(second)) return makeWrapper({})(first as AnyFunction, second);
    return wrapFunction(first as AnyFunction, (second as TraceOptions | undefined) ?? {});
  }
  if (third !== undefined && typeof third === "object" && third !== null) {
    return makeWrapper({})(first as object, second as string, third as PropertyDescriptor);
  }
  return makeWrapper((first as TraceOptions | undefined) ?? {});
}
