import { type Context, type ContextManager, ROOT_CONTEXT } from "@opentelemetry/api";

/** The part of AsyncLocalStorage the context manager uses. */
export interface AsyncLocalStorageLike<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
  disable?(): void;
}

/** A constructor of AsyncLocalStorage. */
export type AsyncLocalStorageClass = new <T>() => AsyncLocalStorageLike<T>;

function bindFunction<T>(manager: ContextManager, context: Context, target: T): T {
  if (typeof target !== "function") return target; // event emitters are not patched (no Node events here)
  const fn = target as unknown as (...args: unknown[]) => unknown;
  return function bound(this: unknown, ...args: unknown[]) {
    return manager.with(context, () => fn.apply(this, args));
  } as unknown as T;
}

/** An OpenTelemetry context manager over AsyncLocalStorage (no `enterWith`, which workerd does not support). */
export class AlsContextManager implements ContextManager {
  #storage: AsyncLocalStorageLike<Context>;

  constructor(private readonly Storage: AsyncLocalStorageClass) {
    this.#storage = new Storage<Context>();
  }

  active(): Context {
    return this.#storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(context: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.#storage.run(context, () => fn.call(thisArg, ...args));
  }

  bind<T>(context: Context, target: T): T {
    return bindFunction(this, context, target);
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.#storage.disable?.();
    this.#storage = new this.Storage<Context>();
    return this;
  }
}

/**
 * A synchronous stack: the context is active while `fn` runs synchronously, then restored. Where no
 * AsyncLocalStorage exists, spans nest within synchronous code; after an `await` the root context is active
 * again, so work is never attributed to another request's span (children become roots instead).
 */
export class StackContextManager implements ContextManager {
  #current: Context = ROOT_CONTEXT;

  active(): Context {
    return this.#current;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(context: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    const previous = this.#current;
    this.#current = context;
    try {
      return fn.call(thisArg, ...args);
    } finally {
      this.#current = previous;
    }
  }

  bind<T>(context: Context, target: T): T {
    return bindFunction(this, context, target);
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.#current = ROOT_CONTEXT;
    return this;
  }
}
