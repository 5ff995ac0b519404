import { type Context, context } from "@opentelemetry/api";
import type { StreamRecorder } from "./stream-recorder";

/** What follows an iteration: each chunk as it passes, and how the iteration ended ({@link StreamRecorder}, or an instrumentation's own). */
export type ChunkRecorder = Pick<StreamRecorder, "chunk" | "end">;

type Iter = AsyncIterator<unknown> & { return?: (v?: unknown) => Promise<IteratorResult<unknown>>; throw?: (e?: unknown) => Promise<IteratorResult<unknown>> };

/**
 * The recording iterator over `source`. Each next/return/throw runs in `spanContext` (the span of the traced call):
 * an async generator's body runs lazily inside those calls, so what it starts (traced functions, an instrumented
 * client's call) is a child of that span, not of whoever iterates.
 */
function recordingIterator(source: Iter, recorder: ChunkRecorder, spanContext: Context): Iter {
  return {
    async next(...args: [] | [unknown]) {
      try {
        const step = await context.with(spanContext, () => source.next(...args));
        if (step.done) recorder.end("completed");
        else recorder.chunk(step.value);
        return step;
      } catch (error) {
        recorder.end("error", error);
        throw error;
      }
    },
    async return(value?: unknown) {
      recorder.end("closed_early");
      return source.return ? context.with(spanContext, () => source.return!(value)) : { done: true, value };
    },
    async throw(error?: unknown) {
      recorder.end("error", error);
      if (source.throw) return context.with(spanContext, () => source.throw!(error));
      throw error;
    },
  };
}

/**
 * Returns a Proxy of an async iterable whose iteration (for-await, or direct next/return/throw calls on an
 * async generator) is recorded; every other property and method is the original object's, so client
 * objects such as the OpenAI SDK's Stream keep their methods. The iteration runs in `spanContext`.
 */
export function proxyAsyncIterable<T extends object>(target: T, recorder: ChunkRecorder, spanContext: Context): T {
  let iterator: Iter | undefined;
  const getIterator = (): Iter => {
    iterator ??= recordingIterator(context.with(spanContext, () => (target as unknown as AsyncIterable<unknown>)[Symbol.asyncIterator]() as Iter), recorder, spanContext);
    return iterator;
  };
  const isIterator = typeof (target as { next?: unknown }).next === "function";
  return new Proxy(target, {
    get(obj, prop) {
      if (prop === Symbol.asyncIterator) return () => getIterator();
      if (isIterator && (prop === "next" || prop === "return" || prop === "throw")) {
        const it = getIterator();
        return (it[prop as "next"] as (...a: unknown[]) => unknown).bind(it);
      }
      const value = Reflect.get(obj, prop, obj) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(obj) : value;
    },
  });
}

/**
 * Records the iteration of `target` without replacing it (a stream inside a Promise subclass such as the OpenAI
 * client's APIPromise, which the caller already holds): its `Symbol.asyncIterator` is shadowed by an own,
 * non-enumerable property that hands out the recording iterator. Returns false when the object refuses the
 * property (frozen, a Proxy): the stream is then not followed. The iteration runs in `spanContext`.
 */
export function recordInPlace(target: object, recorder: ChunkRecorder, spanContext: Context): boolean {
  const original = (target as AsyncIterable<unknown>)[Symbol.asyncIterator];
  if (typeof original !== "function") return false;
  let iterator: Iter | undefined;
  return Reflect.defineProperty(target, Symbol.asyncIterator, {
    configurable: true, enumerable: false, writable: true,
    value: function recordedIterator(this: unknown): Iter {
      iterator ??= recordingIterator(context.with(spanContext, () => original.call(target) as Iter), recorder, spanContext);
      return iterator;
    },
  });
}
