import { isTraced, wrapFunction } from "./trace";
import type { TraceOptions } from "./trace-options";
import { checkTraceOptions, wrapSiteName } from "./trace-option-keys";
import { noteInternalError } from "../internal/guard";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyClass = abstract new (...args: any[]) => any;

function wrapOwnMethods(owner: object, className: string, options: TraceOptions): void {
  for (const key of Reflect.ownKeys(owner)) {
    if (key === "constructor" || key === "prototype" || key === "length" || key === "name") continue;
    const descriptor = Object.getOwnPropertyDescriptor(owner, key);
    if (!descriptor || typeof descriptor.value !== "function" || descriptor.get || descriptor.set) continue;
    if (isTraced(descriptor.value) || !descriptor.writable || !descriptor.configurable) continue;
    const name = `${className}.${String(key)}`;
    Object.defineProperty(owner, key, { ...descriptor, value: wrapFunction(descriptor.value, options, options.eventName ? undefined : name) });
  }
}

/** Traces a class's own methods (instance and static; getters, setters and inherited methods left alone) as `Class.method`. */
function traceClassMethods<C extends AnyClass>(target: C, options: TraceOptions = {}): C {
  const checked = checkTraceOptions(options, wrapSiteName(target)); // once for the class, not once per method
  try {
    const className = target.name || "anonymous";
    const perMethod: TraceOptions = { ...checked, eventName: undefined };
    wrapOwnMethods(target.prototype as object, className, perMethod);
    wrapOwnMethods(target, className, perMethod);
  } catch (error) {
    noteInternalError(error); // a class that refuses redefinition stays untraced
  }
  return target;
}

/**
 * Class decorator tracing every own method, for both TypeScript 5 standard decorators and legacy
 * `experimentalDecorators`: `@traceClass({ eventType: "tool" }) class Tools { … }`.
 */
export function traceClass(options: TraceOptions = {}): <C extends AnyClass>(target: C, context?: ClassDecoratorContext) => C {
  return function classDecorator<C extends AnyClass>(target: C): C {
    return traceClassMethods(target, options);
  };
}
