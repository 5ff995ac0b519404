import type { Context, Span } from "@opentelemetry/api";
import type { TracerHandle } from "../context/tracer-handle";
import { isNodeReadable, observeNodeReadable } from "./stream-node-readable";
import { proxyAsyncIterable, recordInPlace } from "./stream-async-iterable";
import { StreamRecorder } from "./stream-recorder";
import { isSyncGenerator, proxySyncGenerator } from "./stream-sync-generator";
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

/** The kinds of stream followed. */
type StreamKind = "web" | "node" | "async-iterable" | "generator";

/** Which kind of followable stream `value` is, if any (`inPlace`: only kinds followed on the object itself). */
function streamKind(value: object, inPlace: boolean): StreamKind | undefined {
  if (!inPlace && typeof ReadableStream !== "undefined" && value instanceof ReadableStream) return "web";
  if (isNodeReadable(value)) return "node";
  if (isAsyncIterable(value)) return "async-iterable";
  if (!inPlace && isSyncGenerator(value)) return "generator";
  return undefined;
}

/** Starts recording `value`; returns what the caller gets (the stream or its recording stand-in), or undefined when it cannot be followed. */
function follow(kind: StreamKind, value: object, recorder: StreamRecorder, spanContext: Context, inPlace: boolean): object | undefined {
  switch (kind) {
    case "web":
      return wrapWebStream(value as ReadableStream<unknown>, recorder);
    case "node":
      observeNodeReadable(value as Parameters<typeof observeNodeReadable>[0], recorder);
      return value;
    case "async-iterable":
      if (!inPlace) return proxyAsyncIterable(value, recorder, spanContext);
      return recordInPlace(value, recorder, spanContext) ? value : undefined;
    case "generator":
      return proxySyncGenerator(value, recorder, spanContext);
  }
}

/**
 * Keeps the span open over a returned stream (async iterator or generator, generator object, Node Readable, web
 * ReadableStream) until it is consumed, fails, is closed early or is abandoned. The caller sees the same
 * chunks in the same order, with backpressure kept. `inPlace`: the value cannot be replaced (it came out of a
 * Promise subclass the caller holds), so only what can be followed on the object itself is (an async iterable, a
 * Node Readable); a web ReadableStream or a generator object is then not followed. An (async) iterable's iteration
 * runs in `spanContext` (the span's own context), so what a generator's body starts is a child of the span.
 */
export function wrapStreamResult(value: unknown, span: Span, spanContext: Context, startedAt: number, captureOutputs: boolean, tracer?: TracerHandle, inPlace = false): StreamWrapResult {
  if (typeof value !== "object" || value === null) return { wrapped: false };
  try {
    const kind = streamKind(value, inPlace);
    if (kind === undefined) return { wrapped: false };
    const onEnded = (recorder: StreamRecorder): void => {
      if (tracer) openStreams.get(tracer)?.delete(recorder);
      abandonment.unregister(recorder);
    };
    const recorder = new StreamRecorder(span, startedAt, captureOutputs, onEnded);
    const followed = follow(kind, value, recorder, spanContext, inPlace);
    if (followed === undefined) return { wrapped: false };
    track(tracer, recorder, followed);
    return { wrapped: true, value: followed };
  } catch {
    return { wrapped: false };
  }
}

/** Ends, as abandoned, every stream span of `tracer` that is still open (called at flush and shutdown). */
export function endOpenStreams(tracer: TracerHandle): number {
  const set = openStreams.get(tracer);
  if (!set || set.size === 0) return 0;
  const open = [...set];
  for (const recorder of open) recorder.end("abandoned");
  return open.length;
}
