import { type Context, context } from "@opentelemetry/api";
import type { StreamRecorder } from "./stream-recorder";

type SyncGenerator = Generator<unknown, unknown, unknown>;
type GeneratorMethods = Pick<SyncGenerator, "next" | "return" | "throw">;

/** True for a generator object (what calling a `function*` returns), of this realm or another. */
export function isSyncGenerator(value: unknown): value is SyncGenerator {
  // `next` first: a cheap miss for the plain objects most traced functions return
  return typeof value === "object" && value !== null && typeof (value as { next?: unknown }).next === "function" && Object.prototype.toString.call(value) === "[object Generator]";
}

/**
 * next/return/throw of `source`, each run in `spanContext` (the generator's body runs lazily inside them, so what it
 * starts is a child of the traced call's span) and recorded: a yielded value is a chunk; the generator finishing
 * ends the span as completed, finishing inside `return()` (a `for…of` left by `break`) as closed early, a throw
 * from the body as an error (rethrown unchanged). A `throw()` the body catches keeps the span open.
 */
function recordingMethods(source: SyncGenerator, recorder: StreamRecorder, spanContext: Context): GeneratorMethods {
  const follow = (call: () => IteratorResult<unknown>, doneAs: "completed" | "closed_early"): IteratorResult<unknown> => {
    let step: IteratorResult<unknown>;
    try {
      step = context.with(spanContext, call);
    } catch (error) {
      recorder.end("error", error);
      throw error;
    }
    if (step.done) recorder.end(doneAs);
    else recorder.chunk(step.value);
    return step;
  };
  return {
    next: (...args: [] | [unknown]) => follow(() => source.next(...args), "completed"),
    return: (value?: unknown) => follow(() => source.return(value), "closed_early"),
    throw: (error?: unknown) => follow(() => source.throw(error), "completed"),
  };
}

/**
 * Returns a Proxy of a generator object whose iteration (`for…of`, spread, direct next/return/throw calls) is
 * recorded by `recorder` and runs in `spanContext`. `[Symbol.iterator]()` returns the Proxy itself, as a generator
 * returns itself; every other property is the generator's (iterator helpers such as `map` or `toArray` go through
 * the recorded next/return).
 */
export function proxySyncGenerator<T extends object>(target: T, recorder: StreamRecorder, spanContext: Context): T {
  const methods = recordingMethods(target as unknown as SyncGenerator, recorder, spanContext);
  const iterateSelf = (): T => proxy;
  const proxy: T = new Proxy(target, {
    get(obj, prop, receiver) {
      if (prop === "next" || prop === "return" || prop === "throw") return methods[prop];
      if (prop === Symbol.iterator) return iterateSelf;
      return Reflect.get(obj, prop, receiver) as unknown;
    },
  });
  return proxy;
}
