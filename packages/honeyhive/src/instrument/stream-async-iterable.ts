import type { StreamRecorder } from "./stream-recorder";

type Iter = AsyncIterator<unknown> & { return?: (v?: unknown) => Promise<IteratorResult<unknown>>; throw?: (e?: unknown) => Promise<IteratorResult<unknown>> };

function recordingIterator(source: Iter, recorder: StreamRecorder): Iter {
  return {
    async next(...args: [] | [unknown]) {
      try {
        const step = await source.next(...args);
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
      return source.return ? source.return(value) : { done: true, value };
    },
    async throw(error?: unknown) {
      recorder.end("error", error);
      if (source.throw) return source.throw(error);
      throw error;
    },
  };
}

/**
 * Returns a Proxy of an async iterable whose iteration (for-await, or direct next/return/throw calls on an
 * async generator) is recorded; every other property and method is the original object's, so client
 * objects such as the OpenAI SDK's Stream keep their methods.
 */
export function proxyAsyncIterable<T extends object>(target: T, recorder: StreamRecorder): T {
  let iterator: Iter | undefined;
  const getIterator = (): Iter => {
    iterator ??= recordingIterator((target as unknown as AsyncIterable<unknown>)[Symbol.asyncIterator]() as Iter, recorder);
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
 * property (frozen, a Proxy): the stream is then not followed.
 */
export function recordInPlace(target: object, recorder: StreamRecorder): boolean {
  const original = (target as AsyncIterable<unknown>)[Symbol.asyncIterator];
  if (typeof original !== "function") return false;
  let iterator: Iter | undefined;
  return Reflect.defineProperty(target, Symbol.asyncIterator, {
    configurable: true, enumerable: false, writable: true,
    value: function recordedIterator(this: unknown): Iter {
      iterator ??= recordingIterator(original.call(target) as Iter, recorder);
      return iterator;
    },
  });
}
