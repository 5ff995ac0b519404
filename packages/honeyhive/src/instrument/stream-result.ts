import type { Context, Span } from "@opentelemetry/api";
import type { TracerHandle } from "../context/tracer-handle";
import { isNodeReadable, observeNodeReadable } from "./stream-node-readable";
import { proxyAsyncIterable, recordInPlace } from "./stream-async-iterable";
import { StreamRecorder } from "./stream-recorder";
import { wrapWebStream } from "./stream-web";
import { registerModuleCache } from "../internal/process-state";

/** Result of {@link wrapStreamResult}: `wrapped` is false when the value is not a stream. */
type StreamWrapResult = { wrapped: true; value: unknown } | { wrapped: false };

let openStreams = new WeakMap<TracerHandle, Set<StreamRecorder>>();
/** Every tracked set (weakly, by its tracer), for the process-state size. */
let trackedSets: WeakRef<Set<StreamRecorder>>[] = [];
registerModuleCache("instrument/open-streams", {
  // Forgetting the list does not leave spans open: each stream span still ends when its stream does or is abandoned.
  clear: () => {
    openStreams = new WeakMap();
    trackedSets = [];
  },
  size: () => trackedSets.reduce((n, ref) => n + (ref.deref()?.size ?? 0), 0),
});
const abandonment = new FinalizationRegistry<StreamRecorder>((recorder) => recorder.end("abandoned"));

function track(tracer: TracerHandle | undefined, recorder: StreamRecorder, owner: object): void {
  if (tracer) {
    let set = openStreams.get(tracer);
    if (!set) {
      openStreams.set(tracer, (set = new Set()));
      trackedSets = trackedSets.filter((ref) => ref.deref() !== undefined);
      trackedSets.push(new WeakRef(set));
    }
    set.add(recorder);
  }
  abandonment.register(owner, recorder, recorder);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === "function";
}

/**
 * Keeps the span open over a returned stream (async iterator or generator, Node Readable, web
 * ReadableStream) until it is consumed, fails, is closed early or is abandoned. The caller sees the same
 * chunks in the same order, with backpressure kept. `inPlace`: the value cannot be replaced (it came out of a
 * Promise subclass the caller holds), so only what can be followed on the object itself is (an async iterable, a
 * Node Readable); a web ReadableStream is then not followed. An async iterable's iteration runs in `spanContext`
 * (the span's own context), so what a generator's body starts is a child of the span.
 */
export function wrapStreamResult(value: unknown, span: Span, spanContext: Context, startedAt: number, captureOutputs: boolean, tracer?: TracerHandle, inPlace = false): StreamWrapResult {
  if (typeof value !== "object" || value === null) return { wrapped: false };
  const onEnded = (recorder: StreamRecorder): void => {
    if (tracer) openStreams.get(tracer)?.delete(recorder);
    abandonment.unregister(recorder);
  };
  try {
    if (!inPlace && typeof ReadableStream !== "undefined" && value instanceof ReadableStream) {
      const recorder = new StreamRecorder(span, startedAt, captureOutputs, onEnded);
      const wrapped = wrapWebStream(value, recorder);
      track(tracer, recorder, wrapped);
      return { wrapped: true, value: wrapped };
    }
    if (isNodeReadable(value)) {
      const recorder = new StreamRecorder(span, startedAt, captureOutputs, onEnded);
      observeNodeReadable(value, recorder);
      track(tracer, recorder, value);
      return { wrapped: true, value };
    }
    if (isAsyncIterable(value) && inPlace) {
      const recorder = new StreamRecorder(span, startedAt, captureOutputs, onEnded);
      if (!recordInPlace(value, recorder, spanContext)) return { wrapped: false };
      track(tracer, recorder, value);
      return { wrapped: true, value };
    }
    if (isAsyncIterable(value)) {
      const recorder = new StreamRecorder(span, startedAt, captureOutputs, onEnded);
      const proxy = proxyAsyncIterable(value, recorder, spanContext);
      track(tracer, recorder, proxy);
      return { wrapped: true, value: proxy };
    }
  } catch {
    return { wrapped: false };
  }
  return { wrapped: false };
}

/** Ends, as abandoned, every stream span of `tracer` that is still open (called at flush and shutdown). */
export function endOpenStreams(tracer: TracerHandle): number {
  const set = openStreams.get(tracer);
  if (!set || set.size === 0) return 0;
  const open = [...set];
  for (const recorder of open) recorder.end("abandoned");
  return open.length;
}
