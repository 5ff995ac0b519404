/**
 * One LLM call as a CLIENT span, for the SDK's own client instrumentations (Cohere, Mistral, Vertex AI): the span
 * starts with the request's attributes, the client's own call runs inside it, a response's attributes are set when it
 * settles, an error is recorded and rethrown as the client threw it. A streamed response is followed as the
 * application reads it, never read ahead (`followStream`): each chunk goes to a {@link StreamReader}, the first chunk
 * with content sets `gen_ai.response.time_to_first_chunk`, and the span ends once, when the stream ends, fails, is
 * closed early, or is garbage-collected unfinished (abandoned). Nothing here throws into the application: a failure
 * of the SDK's own code is counted and the client's call goes on untraced.
 */
import { type Attributes, type Context, type Span, SpanKind, type TracerProvider, context, trace } from "@opentelemetry/api";
import { ATTR_STREAM_ABANDONED } from "@honeyhive/core/semconv/attributes";
import { noteInternalError } from "../internal/guard";
import { recordError } from "../instrument/record-error";
import { type ChunkRecorder, proxyAsyncIterable, recordInPlace } from "../instrument/stream-async-iterable";

/** Reads a stream's chunks into the reply's attributes. */
export interface StreamReader {
  /** Adds one chunk; true when it carried content (the first such chunk is the first token). */
  add(chunk: unknown): boolean;
  /** The attributes of the reply read so far (set on the span when the stream ends). */
  attributes(): Attributes;
}

/** A call in flight: its span, the context the client's call runs in, and when it started (`performance.now()`). */
export interface ModelCallSpan {
  readonly span: Span;
  readonly spanContext: Context;
  readonly startedAt: number;
}

/** Starts the CLIENT span of a call (`<operation> <model>`); undefined when the SDK could not (the call then runs untraced). */
export function startModelCall(provider: TracerProvider, scope: string, attributes: () => Attributes): ModelCallSpan | undefined {
  try {
    const start = attributes();
    const model = start["gen_ai.request.model"];
    const name = `${String(start["gen_ai.operation.name"] ?? "chat")}${typeof model === "string" ? ` ${model}` : ""}`;
    const span = provider.getTracer(scope).startSpan(name, { kind: SpanKind.CLIENT, attributes: start });
    return { span, spanContext: trace.setSpan(context.active(), span), startedAt: performance.now() };
  } catch (error) {
    noteInternalError(error);
    return undefined;
  }
}

/** What settling a response did: the value to hand back (the result, or the result with its stream followed), and whether a followed stream now owns the span. */
export interface Settled<T> {
  value: T;
  streaming: boolean;
}

/**
 * Runs `invoke` (the client's own call) inside the call's span. On success `settle(result)` records the response and
 * returns nothing, or follows its stream ({@link Settled}); the span ends here unless a followed stream now owns it.
 * The client's error reaches the caller unchanged, and so does its result, but for a stream that is followed.
 */
export async function runModelCall<T>(call: ModelCallSpan, invoke: () => Promise<T>, settle: (result: T) => Settled<T> | void): Promise<T> {
  let result: T;
  try {
    result = await context.with(call.spanContext, invoke);
  } catch (error) {
    recordError(call.span, error);
    call.span.end();
    throw error;
  }
  let settled: Settled<T> | void = undefined;
  try {
    settled = settle(result);
  } catch (error) {
    noteInternalError(error);
  }
  if (settled?.streaming !== true) call.span.end();
  return settled ? settled.value : result;
}

type StreamEnd = Parameters<ChunkRecorder["end"]>[0];

/** Follows one stream on its call's span (see the module's comment). */
class FollowedStream implements ChunkRecorder {
  private first = true;
  private ended = false;

  constructor(private readonly call: ModelCallSpan, private readonly reader: StreamReader) {}

  chunk(value: unknown): void {
    if (this.ended) return;
    try {
      if (this.reader.add(value) && this.first) {
        this.first = false;
        this.call.span.setAttribute("gen_ai.response.time_to_first_chunk", (performance.now() - this.call.startedAt) / 1000);
      }
    } catch (error) {
      noteInternalError(error); // following never disturbs the stream
    }
  }

  end(how: StreamEnd, error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    abandonment.unregister(this);
    try {
      this.call.span.setAttributes(this.reader.attributes());
      this.call.span.setAttribute("honeyhive_metadata.stream_end", how);
      if (how === "abandoned") this.call.span.setAttribute(ATTR_STREAM_ABANDONED, true);
      if (how === "error") recordError(this.call.span, error);
    } catch (failure) {
      noteInternalError(failure);
    }
    this.call.span.end();
  }
}

/** Ends the span of a stream the application dropped without finishing it. */
const abandonment = new FinalizationRegistry<FollowedStream>((followed) => followed.end("abandoned"));

/** True for a value that is an async iterable (a stream the client returned). */
export function isAsyncIterable(value: unknown): value is object {
  return typeof value === "object" && value !== null && typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === "function";
}

/**
 * Follows `stream` on the call's span: `"proxy"` returns a Proxy to hand to the application in its place (every other
 * property is the stream's own), `"in-place"` shadows the stream's own iterator (for a stream the caller already
 * holds) and returns the stream. Undefined when `stream` is not an async iterable or refuses to be followed: the
 * caller then ends the span.
 */
export function followStream<T>(stream: T, call: ModelCallSpan, reader: StreamReader, how: "proxy" | "in-place"): T | undefined {
  if (!isAsyncIterable(stream)) return undefined;
  const followed = new FollowedStream(call, reader);
  if (how === "in-place") {
    if (!recordInPlace(stream, followed, call.spanContext)) return undefined;
    abandonment.register(stream, followed, followed);
    return stream;
  }
  const proxy = proxyAsyncIterable(stream, followed, call.spanContext);
  abandonment.register(proxy, followed, followed);
  return proxy as T;
}
